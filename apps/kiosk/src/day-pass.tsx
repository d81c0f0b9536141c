/**
 * A visitor's day pass: name, phone and a zone with free seats; the hub holds a seat for today and
 * the visitor pays at the desk before the hold runs out (the dashboard confirms it).
 */
import type { ApiClient, DayPassHeld as Held, KioskStatus } from '@studyspot/app-kit';
import {
  DayPass,
  DayPassHeld,
  errorText,
  formatMoney,
  normalizePhone,
  Progress,
  useMessages,
} from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { messages } from './messages.ts';

export function DayPassForm({
  api,
  status,
  currency,
  onBack,
}: {
  api: ApiClient;
  status: KioskStatus | undefined;
  currency: string;
  onBack: () => void;
}) {
  const { t, lang } = useMessages(messages);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [held, setHeld] = useState<Held | null>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = {
      name: String(form.get('name')).trim(),
      phone: normalizePhone(String(form.get('phone'))),
      zoneId: String(form.get('zoneId')),
    };
    setBusy(true);
    setError(null);
    api
      .post('/kiosk/day-pass', DayPass, body, DayPassHeld)
      .then(setHeld, setError)
      .finally(() => setBusy(false));
  };
  if (held) {
    const { booking } = held;
    const minutes = booking.holdExpiresAt
      ? Math.round((booking.holdExpiresAt - booking.createdAt) / 60_000)
      : 10;
    const amount = formatMoney(booking.amountPaise + booking.taxPaise, currency, lang);
    return (
      <section className="card stack kiosk-form" role="status" data-testid="day-pass-held">
        <h2>{t('held', { seat: held.seatNumber, zone: held.zoneName })}</h2>
        <p className="kiosk-lead">{t('payAtDesk', { amount, minutes })}</p>
        <button type="button" className="button button-primary kiosk-big" onClick={onBack}>
          {t('done')}
        </button>
      </section>
    );
  }
  return (
    <form className="card stack kiosk-form" onSubmit={submit} aria-labelledby="day-pass-title">
      <h2 id="day-pass-title">{t('dayPass')}</h2>
      <label>
        {t('name')}
        <input name="name" autoComplete="name" required maxLength={120} />
      </label>
      <label>
        {t('phone')}
        <input name="phone" type="tel" inputMode="tel" autoComplete="tel" required maxLength={16} />
      </label>
      <fieldset className="kiosk-zones-pick">
        <legend>{t('zone')}</legend>
        {(status?.zones ?? []).map((z, i) => (
          <label key={z.zoneId} className="kiosk-zone-option">
            <input
              type="radio"
              name="zoneId"
              value={z.zoneId}
              required
              defaultChecked={i === 0}
              disabled={z.free === 0}
            />
            <span className="grow">{z.name}</span>
            <span className="badge">
              {z.free === 0 ? t('full') : t('freeOf', { free: z.free, total: z.total })}
            </span>
          </label>
        ))}
      </fieldset>
      {error ? (
        <p role="alert" className="state state-error">
          {errorText(error, lang)}
        </p>
      ) : null}
      {busy ? <Progress label={t('working')} /> : null}
      <div className="row">
        <button type="button" className="button kiosk-big" onClick={onBack}>
          {t('back')}
        </button>
        <button type="submit" className="button button-primary kiosk-big grow" disabled={busy}>
          {t('holdSeat')}
        </button>
      </div>
    </form>
  );
}
