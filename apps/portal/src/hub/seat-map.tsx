/**
 * The live seat map: every seat by zone in one of seven states — free, held, booked, checked in,
 * occupied without a booking and abandoned (from the occupancy alerts), out of service. A
 * `seat:changed` event repaints its seat at once (well within a second) and a refetch follows to
 * settle anything the event alone cannot say; every reconnect refetches.
 */
import type { SeatView } from '@studyspot/app-kit';
import {
  Alerts,
  Empty,
  ErrorState,
  KioskStatus,
  Loading,
  SeatMap,
  useMessages,
  useResource,
} from '@studyspot/app-kit';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PanelProps } from './dashboard.tsx';
import { useLive } from './live.tsx';
import type { MessageKey } from './messages.ts';
import { messages } from './messages.ts';

export const mapStates = [
  'free',
  'held',
  'booked',
  'checked_in',
  'occupied',
  'abandoned',
  'out_of_service',
] as const;
export type MapState = (typeof mapStates)[number];

interface SeatChanged {
  seatId: string;
  state: string;
  bookingId: string;
  startsAt: number;
  endsAt: number;
}

const fromBooking: Record<string, SeatView['state'] | undefined> = {
  held: 'held',
  confirmed: 'booked',
  checked_in: 'checked_in',
};

async function loadMap(api: PanelProps['api']) {
  const { now } = await api.get('/kiosk/status', KioskStatus);
  const [map, alerts] = await Promise.all([
    api.get('/seats/map', SeatMap, { from: now, to: now + 60_000 }),
    api.get('/alerts', Alerts),
  ]);
  return { now, seats: map.seats, alerts: alerts.items };
}

function stateOf(seat: SeatView, flags: Map<string, MapState>): MapState {
  if (seat.state === 'out_of_service') return 'out_of_service';
  if (seat.state === 'free' && flags.get(seat.seatId) === 'occupied') return 'occupied';
  if (seat.state === 'checked_in' && flags.get(seat.seatId) === 'abandoned') return 'abandoned';
  return seat.state;
}

export function SeatMapPanel({ api }: PanelProps) {
  const { t } = useMessages(messages);
  const data = useResource(() => loadMap(api), [api]);
  const [seats, setSeats] = useState<SeatView[]>([]);
  useEffect(() => {
    if (data.data) setSeats(data.data.seats);
  }, [data.data]);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { reload } = data;
  const reloadSoon = useCallback(() => {
    clearTimeout(settle.current);
    settle.current = setTimeout(reload, 400);
  }, [reload]);
  useEffect(() => () => clearTimeout(settle.current), []);
  useLive('connect', reload);
  useLive('alert:raised', reloadSoon);
  useLive('alert:cleared', reloadSoon);
  useLive('seat:changed', (payload) => {
    const change = payload as SeatChanged;
    const now = data.data?.now ?? 0;
    const covers = change.startsAt < now + 60_000 && change.endsAt > now;
    const next = covers ? fromBooking[change.state] : undefined;
    setSeats((all) =>
      all.map((s) => {
        if (s.seatId !== change.seatId || s.state === 'out_of_service') return s;
        if (next) return { ...s, state: next, bookingId: change.bookingId };
        return s.bookingId === change.bookingId ? { ...s, state: 'free', bookingId: null } : s;
      }),
    );
    reloadSoon();
  });

  if (data.status === 'loading' && !data.data) return <Loading />;
  if (data.status === 'error' && !data.data) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (seats.length === 0) return <Empty>{t('noSeats')}</Empty>;
  const flags = new Map<string, MapState>();
  for (const a of data.data?.alerts ?? []) {
    if (a.kind === 'ghost_occupancy') flags.set(a.subject, 'occupied');
    if (a.kind === 'abandoned') flags.set(a.subject, 'abandoned');
  }
  const zones = [...new Set(seats.map((s) => s.zoneName))];
  const counts = new Map<MapState, number>();
  for (const s of seats) counts.set(stateOf(s, flags), (counts.get(stateOf(s, flags)) ?? 0) + 1);
  return (
    <section aria-labelledby="seats-title" className="stack">
      <h2 id="seats-title">{t('navSeats')}</h2>
      <ul className="seat-legend" aria-label={t('legend')}>
        {mapStates.map((state) => (
          <li key={state} className={`seat-swatch seat-${state}`}>
            {t(`state_${state}` as MessageKey)} · {counts.get(state) ?? 0}
          </li>
        ))}
      </ul>
      {zones.map((zone) => (
        <section key={zone} aria-label={zone}>
          <h3>{zone}</h3>
          <ul className="seat-grid">
            {seats
              .filter((s) => s.zoneName === zone)
              .map((s) => {
                const state = stateOf(s, flags);
                const label = t('seatLabel', { seat: s.number, state: t(`state_${state}` as MessageKey) });
                return (
                  <li
                    key={s.seatId}
                    className={`seat seat-${state}`}
                    data-testid={`seat-${s.number}`}
                    data-state={state}
                    title={label}
                  >
                    <span aria-hidden="true">{s.number}</span>
                    <span className="visually-hidden">{label}</span>
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
    </section>
  );
}
