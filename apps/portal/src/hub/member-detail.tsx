/**
 * One member at the desk: their active memberships, and three desk actions — set the kiosk PIN
 * (for walk-in check-in), start a membership paid in cash (it starts at once, provisionally, and
 * syncs up), and book a seat that is free now for a walk-in, paid in cash. Each action is a small
 * form whose outcome (a note or a translated error) shows above them.
 */
import type { SeatView } from '@studyspot/app-kit';
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
import type { FormEvent, ReactNode } from 'react';
import { useState } from 'react';
import type { PanelProps } from './dashboard.tsx';
import { messages } from './messages.ts';

/** An action's form data in, the note to show out. */
type Act = (data: FormData) => Promise<string>;

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
  const planName = (id: string) => library.plans.find((p) => p.id === id)?.name ?? id;
  const run = (act: Act) => (data: FormData) => {
    setNote(null);
    setError(null);
    act(data).then((done) => {
      setNote(done);
      detail.reload();
    }, setError);
  };
  const { currency, timezone, slotMinutes } = library.library;

  const setPin: Act = (data) =>
    api
      .send('PUT', `/members/${member.id}/pin`, SetPin, { pin: String(data.get('pin')) }, NoContent)
      .then(() => t('pinSet'));
  const startMembership: Act = (data) => {
    const sale = {
      memberId: member.id,
      planId: String(data.get('planId')),
      startsOn: String(data.get('startsOn')),
    };
    return api
      .post('/payments/cash', CashSale, sale, CashSold)
      .then((sold) => t('started', { amount: formatMoney(sold.totalPaise, currency, lang) }));
  };
  const bookWalkIn: Act = (data) => {
    const seatId = String(data.get('seatId'));
    const start = slotStart(status.now, timezone, slotMinutes);
    const slot = { kind: 'hours' as const, date: status.date, start, hours: Number(data.get('hours')) };
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
        <PinForm id={member.id} onSubmit={run(setPin)} />
        <MembershipForm
          id={member.id}
          library={library}
          today={status.date}
          onSubmit={run(startMembership)}
        />
        <WalkInForm id={member.id} free={free} onSubmit={run(bookWalkIn)} />
      </div>
    </div>
  );
}

/** A titled desk form that hands its data to `onSubmit`. */
function DeskForm(props: {
  id: string;
  title: string;
  onSubmit: (data: FormData) => void;
  children: ReactNode;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    props.onSubmit(new FormData(e.currentTarget));
  };
  return (
    <form className="stack card" onSubmit={submit} aria-labelledby={props.id}>
      <h5 id={props.id}>{props.title}</h5>
      {props.children}
    </form>
  );
}

function PinForm({ id, onSubmit }: { id: string; onSubmit: (data: FormData) => void }) {
  const { t } = useMessages(messages);
  return (
    <DeskForm id={`pin-${id}`} title={t('kioskPin')} onSubmit={onSubmit}>
      <label>
        {t('newPin')}
        <input name="pin" type="password" inputMode="numeric" pattern="[0-9]{4,8}" required maxLength={8} />
      </label>
      <button type="submit" className="button">
        {t('setPin')}
      </button>
    </DeskForm>
  );
}

function MembershipForm(props: {
  id: string;
  library: PanelProps['library'];
  today: string;
  onSubmit: (data: FormData) => void;
}) {
  const { t, lang } = useMessages(messages);
  const monthly = props.library.plans.filter((p) => p.kind === 'monthly' && p.active);
  const { currency } = props.library.library;
  return (
    <DeskForm id={`ms-${props.id}`} title={t('startMembership')} onSubmit={props.onSubmit}>
      <label>
        {t('plan')}
        <select name="planId" required>
          {monthly.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} · {formatMoney(p.pricePaise, currency, lang)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('startsOn')}
        <input name="startsOn" type="date" required defaultValue={props.today} />
      </label>
      <button type="submit" className="button" disabled={monthly.length === 0}>
        {t('takeCash')}
      </button>
    </DeskForm>
  );
}

function WalkInForm({
  id,
  free,
  onSubmit,
}: {
  id: string;
  free: SeatView[];
  onSubmit: (data: FormData) => void;
}) {
  const { t } = useMessages(messages);
  return (
    <DeskForm id={`walk-${id}`} title={t('walkIn')} onSubmit={onSubmit}>
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
    </DeskForm>
  );
}
