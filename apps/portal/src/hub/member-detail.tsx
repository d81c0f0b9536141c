/**
 * One member at the desk: their active memberships, and three desk actions — set the kiosk PIN
 * (for walk-in check-in), start a membership paid in cash (it starts at once, provisionally, and
 * syncs up), and book a seat that is free now for a walk-in, paid in cash.
 */

import {
  BookRequest,
  CashSale,
  CashSold,
  ErrorState,
  errorText,
  formatMoney,
  KioskStatus,
  Loading,
  MemberView,
  NoContent,
  SeatMap,
  SetPin,
  useMessages,
  useResource,
} from '@studyspot/app-kit';
import { Booking, instantToLocal } from '@studyspot/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { PanelProps } from './dashboard.tsx';
import { messages } from './messages.ts';

/** The start of the current booking slot on the library's grid, as local HH:MM. */
function slotStart(now: number, timeZone: string, slotMinutes: number): string {
  const { minutes } = instantToLocal(now, timeZone);
  const start = minutes - (minutes % slotMinutes);
  return `${String(Math.floor(start / 60)).padStart(2, '0')}:${String(start % 60).padStart(2, '0')}`;
}

async function loadDetail(api: PanelProps['api'], memberId: string) {
  const [member, status] = await Promise.all([
    api.get(`/members/${memberId}`, MemberView),
    api.get('/kiosk/status', KioskStatus),
  ]);
  const map = await api.get('/seats/map', SeatMap, { from: status.now, to: status.now + 60_000 });
  return { member, status, free: map.seats.filter((s) => s.state === 'free') };
}

export function MemberDetail({ api, library, memberId }: PanelProps & { memberId: string }) {
  const { t, lang } = useMessages(messages);
  const detail = useResource(() => loadDetail(api, memberId), [api, memberId]);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (detail.status === 'loading' && !detail.data) return <Loading />;
  if (!detail.data) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  const { member, status, free } = detail.data;
  const { plans, library: lib } = library;
  const monthly = plans.filter((p) => p.kind === 'monthly' && p.active);
  const planName = (id: string) => plans.find((p) => p.id === id)?.name ?? id;
  const run = (e: FormEvent<HTMLFormElement>, act: (data: FormData) => Promise<string>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setNote(null);
    setError(null);
    act(data).then((done) => {
      setNote(done);
      detail.reload();
    }, setError);
  };

  const setPin = (data: FormData) =>
    api
      .send('PUT', `/members/${member.id}/pin`, SetPin, { pin: String(data.get('pin')) }, NoContent)
      .then(() => t('pinSet'));
  const startMembership = (data: FormData) =>
    api
      .post(
        '/payments/cash',
        CashSale,
        { memberId: member.id, planId: String(data.get('planId')), startsOn: String(data.get('startsOn')) },
        CashSold,
      )
      .then((sold) => t('started', { amount: formatMoney(sold.totalPaise, lib.currency, lang) }));
  const bookWalkIn = (data: FormData) => {
    const seatId = String(data.get('seatId'));
    const slot = {
      kind: 'hours' as const,
      date: status.date,
      start: slotStart(status.now, lib.timezone, lib.slotMinutes),
      hours: Number(data.get('hours')),
    };
    return api
      .post(
        '/bookings',
        BookRequest,
        { seatId, memberId: member.id, slot, payment: { method: 'cash' } },
        Booking,
      )
      .then(() => t('booked', { seat: free.find((s) => s.seatId === seatId)?.number ?? '' }));
  };

  return (
    <div className="stack member-detail">
      <h4>{t('memberships')}</h4>
      {member.memberships.length === 0 ? (
        <p className="muted">{t('noMemberships')}</p>
      ) : (
        <ul>
          {member.memberships.map((m) => (
            <li key={m.id}>
              {planName(m.planId)}: {m.startsOn} – {m.endsOn} <span className="badge">{m.status}</span>
            </li>
          ))}
        </ul>
      )}
      {note ? (
        <p role="status" className="badge badge-ok">
          {note}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="state state-error">
          {errorText(error, lang)}
        </p>
      ) : null}
      <div className="form-grid">
        <form className="stack card" onSubmit={(e) => run(e, setPin)} aria-labelledby={`pin-${member.id}`}>
          <h5 id={`pin-${member.id}`}>{t('kioskPin')}</h5>
          <label>
            {t('newPin')}
            <input
              name="pin"
              type="password"
              inputMode="numeric"
              pattern="[0-9]{4,8}"
              required
              maxLength={8}
            />
          </label>
          <button type="submit" className="button">
            {t('setPin')}
          </button>
        </form>
        <form
          className="stack card"
          onSubmit={(e) => run(e, startMembership)}
          aria-labelledby={`ms-${member.id}`}
        >
          <h5 id={`ms-${member.id}`}>{t('startMembership')}</h5>
          <label>
            {t('plan')}
            <select name="planId" required>
              {monthly.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} · {formatMoney(p.pricePaise, lib.currency, lang)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('startsOn')}
            <input name="startsOn" type="date" required defaultValue={status.date} />
          </label>
          <button type="submit" className="button" disabled={monthly.length === 0}>
            {t('takeCash')}
          </button>
        </form>
        <form
          className="stack card"
          onSubmit={(e) => run(e, bookWalkIn)}
          aria-labelledby={`walk-${member.id}`}
        >
          <h5 id={`walk-${member.id}`}>{t('walkIn')}</h5>
          <label>
            {t('seat')}
            <select name="seatId" required>
              {free.map((s) => (
                <option key={s.seatId} value={s.seatId}>
                  {s.number} · {s.zoneName}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('hours')}
            <input name="hours" type="number" min={1} max={12} defaultValue={2} required />
          </label>
          <button type="submit" className="button" disabled={free.length === 0}>
            {t('book')}
          </button>
        </form>
      </div>
    </div>
  );
}
