/**
 * Registering this tablet: a staff member signs in (password or PIN), the kiosk creates its own
 * device token with that session (POST /kiosk-devices), then signs the staff member out again —
 * the staff session never stays on the tablet.
 */
import {
  ApiClient,
  errorText,
  HUB_API,
  LangToggle,
  Login,
  NewKioskDevice,
  NoBody,
  NoContent,
  PairedKiosk,
  Session,
  useMessages,
} from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { messages } from './messages.ts';

async function pair(username: string, secret: string, name: string): Promise<string> {
  const anonymous = new ApiClient({ baseUrl: HUB_API });
  const credentials = /^\d{4,8}$/.test(secret) ? { username, pin: secret } : { username, password: secret };
  const session = await anonymous.post('/auth/login', Login, credentials, Session);
  const staff = new ApiClient({ baseUrl: HUB_API, token: () => session.token });
  const device = await staff.post('/kiosk-devices', NewKioskDevice, { name }, PairedKiosk);
  await staff.post('/auth/logout', NoBody, {}, NoContent).catch(() => undefined);
  return device.token;
}

export function PairScreen({ onPaired }: { onPaired: (token: string) => void }) {
  const { t, lang } = useMessages(messages);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    pair(String(form.get('username')), String(form.get('secret')), String(form.get('name'))).then(
      onPaired,
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  return (
    <main className="kiosk-pair">
      <header className="row">
        <h1 className="grow">{t('pairTitle')}</h1>
        <LangToggle />
      </header>
      <p className="muted">{t('pairHelp')}</p>
      <form className="card stack" onSubmit={submit}>
        <label>
          {t('username')}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t('password')}
          <input name="secret" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {t('kioskName')}
          <input name="name" defaultValue="Entrance" required maxLength={100} />
        </label>
        {error ? (
          <p role="alert" className="state-error">
            {errorText(error, lang)}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('working') : t('pair')}
        </button>
      </form>
    </main>
  );
}
