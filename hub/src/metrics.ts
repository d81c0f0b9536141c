/**
 * The hub's Prometheus metrics, on a registry of its own (never prom-client's global one, so
 * tests and several hubs in one process do not collide). Counters and the request histogram are
 * fed by the HTTP layer; the gauges are computed when scraped, from the database as it is then —
 * outbox backlog and age, shape lag (`shape_state`) and connected MQTT devices come from SQLite, so
 * sync/ needs no hooks. MQTT traffic and unlock latency need the running broker and drivers:
 * `instrumentHub` attaches them (from the admin start in runHub) to instruments kept per database,
 * which every registry made for that database exposes (ADR 0018).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { shapeProgress } from './admin/db-status.ts';
import type { Clock } from './clock.ts';
import type { LockDriver } from './drivers/types.ts';
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

/** Metrics fed by running components rather than by requests or scrapes. */
interface HubInstruments {
  mqttMessages: Counter<'kind'>;
  unlockSeconds: Histogram<'result'>;
}

const instrumentsByDb = new WeakMap<Db, HubInstruments>();

function instrumentsOf(db: Db): HubInstruments {
  let found = instrumentsByDb.get(db);
  if (!found) {
    found = {
      mqttMessages: new Counter({
        name: 'studyspot_mqtt_messages_received_total',
        help: 'MQTT messages devices published that the broker accepted, by topic kind',
        labelNames: ['kind'] as const,
        registers: [],
      }),
      unlockSeconds: new Histogram({
        name: 'studyspot_unlock_duration_seconds',
        help: 'Time from an unlock command to the lock confirming it, by confirmed state',
        labelNames: ['result'] as const,
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
        registers: [],
      }),
    };
    instrumentsByDb.set(db, found);
  }
  return found;
}

export function createHubMetrics(sources: MetricsSources): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'studyspot_hub_' });
  const instruments = instrumentsOf(sources.db);
  registry.registerMetric(instruments.mqttMessages);
  registry.registerMetric(instruments.unlockSeconds);
  syncGauges(registry, sources);
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

/** Outbox age and parked rows, shape lag and connected devices, read from SQLite at scrape time. */
function syncGauges(registry: Registry, sources: MetricsSources): void {
  const { db } = sources;
  new Gauge({
    name: 'studyspot_outbox_parked',
    help: 'Mutations the cloud rejected, parked in the outbox',
    registers: [registry],
    collect() {
      this.set(
        (db.prepare('SELECT count(*) AS n FROM outbox WHERE parked_code IS NOT NULL').get() as { n: number })
          .n,
      );
    },
  });
  new Gauge({
    name: 'studyspot_outbox_oldest_age_seconds',
    help: 'Age of the oldest mutation waiting to be pushed (0 when none waits)',
    registers: [registry],
    collect() {
      const row = db.prepare('SELECT min(created_at) AS t FROM outbox WHERE parked_code IS NULL').get() as {
        t: number | null;
      };
      this.set(row.t === null ? 0 : Math.max(0, (sources.clock.now() - row.t) / 1000));
    },
  });
  new Gauge({
    name: 'studyspot_shape_lag_seconds',
    help: 'Seconds since each shape last applied a batch ending in up-to-date (absent before the first)',
    labelNames: ['shape'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of shapeProgress(db, sources.clock.now()))
        if (s.lagMs !== null) this.set({ shape: s.name }, s.lagMs / 1000);
    },
  });
  new Gauge({
    name: 'studyspot_mqtt_clients',
    help: 'Devices connected to the embedded MQTT broker',
    registers: [registry],
    collect() {
      this.set(
        (
          db.prepare('SELECT count(*) AS n FROM devices WHERE online = 1 AND revoked_at IS NULL').get() as {
            n: number;
          }
        ).n,
      );
    },
  });
}

/** The running components `instrumentHub` listens to (Broker and Hardware satisfy it). */
export interface InstrumentedParts {
  broker: {
    on(event: string, listener: () => void): unknown;
    off(event: string, listener: () => void): unknown;
  } | null;
  hardware: { statuses(): { id: string; role: string }[]; get(id: string): LockDriver | undefined };
}

/**
 * Counts device MQTT traffic and times every unlock. Lock drivers are timed by wrapping each
 * instance's `unlock` (no driver changes; restored by the returned function).
 */
export function instrumentHub(db: Db, parts: InstrumentedParts): () => void {
  const { mqttMessages, unlockSeconds } = instrumentsOf(db);
  const undo: (() => void)[] = [];
  const kinds = {
    'device:state': 'state',
    'device:telemetry': 'telemetry',
    'device:ack': 'command/ack',
    'device:online': 'availability',
    'device:offline': 'availability',
  } as const;
  const broker = parts.broker;
  if (broker)
    for (const [event, kind] of Object.entries(kinds)) {
      const count = () => mqttMessages.inc({ kind });
      broker.on(event, count);
      undo.push(() => broker.off(event, count));
    }
  for (const { id, role } of parts.hardware.statuses()) {
    const lock = role === 'lock' ? parts.hardware.get(id) : undefined;
    if (!lock) continue;
    const original = lock.unlock;
    lock.unlock = async (durationMs: number) => {
      const started = performance.now();
      const state = await original.call(lock, durationMs);
      unlockSeconds.observe({ result: state }, (performance.now() - started) / 1000);
      return state;
    };
    undo.push(() => {
      lock.unlock = original;
    });
  }
  return () => {
    for (const u of undo) u();
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
