/**
 * The booking form: a zone (the library's system picks the free seat), a day, a shift or hours, and
 * the date. The price is core's `quoteBooking` over the library's plans and the times core's
 * `resolveSlot`, so what the form shows is what the cloud and the hub will compute. Sending creates
 * a `pending` request (with an Idempotency-Key, so a retried tap is one request) and opens its page.
 */
import { ErrorState, Loading, useHashRoute, useMessages, useResource } from '@studyspot/app-kit';
import {
  addDays,
  instantToLocal,
  minutesOf,
  quoteBooking,
  resolveSlot,
  type SlotRequest,
  weekdayOf,
} from '@studyspot/core';
import { type FormEvent, useRef, useState } from 'react';
import { createBookingRequest, libraryPage } from '../api/cloud.ts';
import type { PublicLibrary } from '../api/schemas.ts';
import { publicClient } from '../api/session.ts';
import { money, span } from '../format.ts';
import { bookText } from '../i18n/booking.ts';
import { newId } from '../ids.ts';
import { useSession } from '../session-context.tsx';
import { codeText } from '../ui/code-text.ts';
import { ScreenTitle } from '../ui/title.tsx';
import { JoinWaitlist } from './waitlist-join.tsx';

type Kind = SlotRequest['kind'];

interface Form {
  zoneId: string;
  kind: Kind;
  date: string;
  shiftId: string;
  start: string;
  hours: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

function slotOf(form: Form): SlotRequest {
  if (form.kind === 'shift') return { kind: 'shift', date: form.date, shiftId: form.shiftId };
  if (form.kind === 'hours') return { kind: 'hours', date: form.date, start: form.start, hours: form.hours };
  return { kind: 'day', date: form.date };
}

/** Start times on the library's grid that leave at least an hour before closing on `date`. */
function startTimes(page: PublicLibrary, date: string): string[] {
  const hours = page.library.openingHours[weekdayOf(date)];
  if (!hours) return [];
  const out: string[] = [];
  for (let m = minutesOf(hours.open); m + 60 <= minutesOf(hours.close); m += page.library.slotMinutes)
    out.push(clock(m));
  return out;
}

function kindsFor(page: PublicLibrary, zoneId: string, date: string): Kind[] {
  const sells = (slot: SlotRequest) => !('code' in quoteBooking(slot, zoneId, page.plans, null));
  const kinds: Kind[] = [];
  if (sells({ kind: 'day', date })) kinds.push('day');
  if (page.shifts.some((s) => sells({ kind: 'shift', date, shiftId: s.id }))) kinds.push('shift');
  if (sells({ kind: 'hours', date, start: '00:00', hours: 1 })) kinds.push('hours');
  return kinds;
}

function BookForm({ page }: { page: PublicLibrary }) {
  const { t, lang } = useMessages(bookText);
  const [, navigate] = useHashRoute();
  const { keeper } = useSession();
  const { library, zones, shifts } = page;
  const today = instantToLocal(Date.now(), library.timezone).date;
  const firstZone = zones[0]?.id ?? '';
  const [form, setForm] = useState<Form>(() => ({
    zoneId: firstZone,
    kind: kindsFor(page, firstZone, today)[0] ?? 'day',
    date: addDays(today, 1),
    shiftId: shifts[0]?.id ?? '',
    start: startTimes(page, addDays(today, 1))[0] ?? '09:00',
    hours: 2,
  }));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const set = (patch: Partial<Form>) => {
    setFailure(null);
    setForm((f) => ({ ...f, ...patch }));
  };
  const slot = slotOf(form);
  // one key per distinct request: a retry of the same form replays, a changed form is a new request
  const slotKey = `${form.zoneId}:${JSON.stringify(slot)}`;
  const idempotency = useRef({ for: '', key: '' });
  if (idempotency.current.for !== slotKey) idempotency.current = { for: slotKey, key: newId() };
  const key = idempotency.current.key;
  const kinds = kindsFor(page, form.zoneId, form.date);
  const quote = quoteBooking(slot, form.zoneId, page.plans, null);
  const resolved = resolveSlot(slot, library, shifts);
  const problem = !resolved.ok ? resolved.violation.code : 'code' in quote ? quote.code : null;
  const freeToday = (zoneId: string) =>
    Math.max(0, ...page.availability.windows.map((w) => w.zones.find((z) => z.zoneId === zoneId)?.free ?? 0));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const created = await createBookingRequest(keeper.client({ 'idempotency-key': key }), {
        libraryId: library.id,
        zoneId: form.zoneId,
        slot,
      });
      navigate(`/requests/${created.id}`);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  if (
    kindsFor(page, firstZone, today).length === 0 &&
    zones.every((z) => kindsFor(page, z.id, today).length === 0)
  )
    return <p className="muted">{t('noPlans')}</p>;

  return (
    <form className="stack" onSubmit={submit}>
      <fieldset className="card stack plain-fieldset">
        <legend className="field-legend">{t('zone')}</legend>
        <div className="options">
          {zones.map((z) => (
            <label key={z.id} className="check-line">
              <input
                type="radio"
                name="zone"
                checked={form.zoneId === z.id}
                onChange={() => set({ zoneId: z.id })}
              />
              <span className="grow">{z.name}</span>
              <span className="muted small">{t('freeToday', { free: freeToday(z.id) })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="card stack plain-fieldset">
        <legend className="field-legend">{t('kind')}</legend>
        <div className="segmented">
          {(['day', 'shift', 'hours'] as const).map((k) => (
            <label key={k} className="segment">
              <input
                type="radio"
                name="kind"
                checked={form.kind === k}
                disabled={!kinds.includes(k)}
                onChange={() => set({ kind: k })}
              />
              <span>{t(k === 'day' ? 'kindDay' : k === 'shift' ? 'kindShift' : 'kindHours')}</span>
            </label>
          ))}
        </div>
        <label>
          {t('date')}
          <input
            type="date"
            value={form.date}
            min={today}
            required
            onChange={(e) => set({ date: e.target.value })}
          />
        </label>
        {form.kind === 'shift' ? (
          <label>
            {t('shift')}
            <select value={form.shiftId} onChange={(e) => set({ shiftId: e.target.value })}>
              {shifts.map((s) => (
                <option key={s.id} value={s.id}>{`${s.name} (${s.start}–${s.end})`}</option>
              ))}
            </select>
          </label>
        ) : null}
        {form.kind === 'hours' ? (
          <div className="row">
            <label className="grow">
              {t('start')}
              <select value={form.start} onChange={(e) => set({ start: e.target.value })}>
                {startTimes(page, form.date).map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label className="grow">
              {t('hours')}
              <select value={form.hours} onChange={(e) => set({ hours: Number(e.target.value) })}>
                {Array.from({ length: 12 }, (_, i) => i + 1).map((h) => (
                  <option key={h}>{h}</option>
                ))}
              </select>
            </label>
          </div>
        ) : null}
      </fieldset>
      <section className="card stack" aria-live="polite" aria-labelledby="price-title">
        <h2 id="price-title">{t('price')}</h2>
        {resolved.ok ? (
          <p>{span(resolved.interval.startsAt, resolved.interval.endsAt, library.timezone, lang)}</p>
        ) : null}
        {problem ? (
          <p className="form-error">
            {problem === 'not_for_sale' ? t('notForSale') : codeText(problem, lang)}
          </p>
        ) : 'code' in quote ? null : (
          <p className="price">
            {t('priceLine', { total: money(quote.totalPaise, lang), tax: money(quote.taxPaise, lang) })}
          </p>
        )}
        <p className="muted small">{t('how')}</p>
      </section>
      {failure ? <ErrorState error={failure} /> : null}
      <button type="submit" className="button button-primary wide" disabled={busy || problem !== null}>
        {busy ? t('sending') : t('send')}
      </button>
      <JoinWaitlist
        libraryId={library.id}
        zoneId={form.zoneId}
        slot={slot}
        disabled={busy || problem !== null}
      />
    </form>
  );
}

export function BookScreen({ libraryId }: { libraryId: string }) {
  const { t } = useMessages(bookText);
  const page = useResource(() => libraryPage(publicClient(), libraryId), [libraryId]);
  if (page.status === 'loading') return <Loading />;
  if (page.status === 'error') return <ErrorState error={page.error} onRetry={page.reload} />;
  return (
    <section className="stack">
      <header>
        <ScreenTitle>{t('title')}</ScreenTitle>
        <p className="muted">{t('at', { name: page.data.library.name })}</p>
      </header>
      <BookForm page={page.data} />
    </section>
  );
}
