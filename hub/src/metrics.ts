/**
 * The hub's Prometheus metrics, on a registry of its own (never prom-client's global one, so
 * tests and several hubs in one process do not collide). Counters and the request histogram are
 * fed by the HTTP layer; the gauges are computed when scraped, from the database as it is then.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from './clock.ts';
import type { SeatLiveState } from './http/seat-state.ts';
import { liveState, occupancy, seatLiveStates } from './http/seat-state.ts';
import type { BookingStore } from './store/bookings.ts';
import type { Catalog } from './store/catalog.ts';
import type { Db } from './store/db.ts';
import { outboxBacklog } from './store/outbox.ts';

export interface MetricsSources {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  bookings: BookingStore;
}

export interface HubMetrics {
  registry: Registry;
  /** Records one HTTP request: the matched route pattern, its status and its duration. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Records one booking decision: `accepted`, or `refused` with the domain error code. */
  countDecision(outcome: 'accepted' | 'refused', code: string): void;
}

export function createHubMetrics(sources: MetricsSources): HubMetrics {
  const registry = new Registry();
  const duration = new Histogram({
    name: 'studyspot_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'studyspot_booking_decisions_total',
    help: 'Booking decisions (holds and bookings) by outcome and refusal code',
    labelNames: ['outcome', 'code'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'studyspot_seats',
    help: 'Seats by live state at scrape time',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const counts = seatStateCounts(sources);
      for (const state of seatLiveStates) this.set({ state }, counts[state]);
    },
  });
  new Gauge({
    name: 'studyspot_outbox_backlog',
    help: 'Mutations waiting in the outbox for the cloud',
    registers: [registry],
    collect() {
      this.set(outboxBacklog(sources.db));
    },
  });
  return {
    registry,
    observeRequest: (method, route, status, seconds) =>
      duration.observe({ method, route, status: String(status) }, seconds),
    countDecision: (outcome, code) => decisions.inc({ outcome, code }),
  };
}

/** How many seats are in each live state right now. */
export function seatStateCounts(sources: MetricsSources): Record<SeatLiveState, number> {
  const counts: Record<SeatLiveState, number> = {
    free: 0,
    held: 0,
    booked: 0,
    checked_in: 0,
    out_of_service: 0,
  };
  if (!sources.catalog.loaded) return counts;
  const now = sources.clock.now();
  const occupied = occupancy(sources.bookings.activeBetween(now, now + 1));
  for (const seat of sources.catalog.data.seats) counts[liveState(seat, occupied.get(seat.id))]++;
  return counts;
}
