/** Staff sign-in: username with a password, or with the short desk PIN. */
import {
  ApiClient,
  errorText,
  HUB_API,
  LangToggle,
  Login,
  Progress,
  Session,
  useMessages,
} from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { messages } from './messages.ts';

export function LoginScreen({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t, lang } = useMessages(messages);
  const [withPin, setWithPin] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const username = String(form.get('username'));
    const secret = String(form.get('secret'));
    const body = withPin ? { username, pin: secret } : { username, password: secret };
    setBusy(true);
    setError(null);
    new ApiClient({ baseUrl: HUB_API })
      .post('/auth/login', Login, body, Session)
      .then(onSignedIn, (err: unknown) => {
        setError(err);
        setBusy(false);
      });
  };
  return (
    <main className="portal-login">
      <header className="row">
        <h1 className="grow">StudySpot · {t('appName')}</h1>
        <LangToggle />
      </header>
      <form className="card stack" onSubmit={submit} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">{t('signIn')}</h2>
        <label>
          {t('username')}
          <input name="username" autoComplete="username" required maxLength={64} />
        </label>
        <label>
          {withPin ? t('pin') : t('password')}
          <input
            key={withPin ? 'pin' : 'password'}
            name="secret"
            type="password"
            inputMode={withPin ? 'numeric' : 'text'}
            autoComplete={withPin ? 'off' : 'current-password'}
            required
          />
        </label>
        {error ? (
          <p role="alert" className="state state-error">
            {errorText(error, lang)}
          </p>
        ) : null}
        {busy ? <Progress label={t('working')} /> : null}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('signIn')}
          </button>
          <button type="button" className="button" onClick={() => setWithPin((p) => !p)}>
            {withPin ? t('usePassword') : t('usePin')}
          </button>
        </div>
      </form>
    </main>
  );
}
