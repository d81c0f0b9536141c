/** Walk-in check-in: a member without their phone pass types phone number and PIN. */
import type { ApiClient, EntryResult as EntryResultT } from '@studyspot/app-kit';
import { EntryResult, errorText, normalizePhone, Progress, useMessages, WalkIn } from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { messages } from './messages.ts';

export function WalkInForm({
  api,
  onResult,
  onBack,
}: {
  api: ApiClient;
  onResult: (result: EntryResultT) => void;
  onBack: () => void;
}) {
  const { t, lang } = useMessages(messages);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = { phone: normalizePhone(String(form.get('phone'))), pin: String(form.get('pin')) };
    setBusy(true);
    setError(null);
    api
      .post('/kiosk/walk-in', WalkIn, body, EntryResult)
      .then(onResult, setError)
      .finally(() => setBusy(false));
  };
  return (
    <form className="card stack kiosk-form" onSubmit={submit} aria-labelledby="walk-in-title">
      <h2 id="walk-in-title">{t('walkIn')}</h2>
      <label>
        {t('phone')}
        <input name="phone" type="tel" inputMode="tel" autoComplete="tel" required maxLength={16} />
      </label>
      <label>
        {t('pin')}
        <input
          name="pin"
          type="password"
          inputMode="numeric"
          pattern="[0-9]{4,8}"
          autoComplete="off"
          required
          maxLength={8}
        />
      </label>
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
          {t('checkIn')}
        </button>
      </div>
    </form>
  );
}
