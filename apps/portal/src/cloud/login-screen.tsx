/** Email + password sign-in for owners and platform admins (POST /v1/auth/login, ADR 0010). */
import { ApiError, LangToggle, useMessages } from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { shell } from './messages-shell.ts';
import { Login, TokenPair } from './schemas.ts';
import { FormError, useAction, useSession } from './ui.tsx';

export function LoginScreen() {
  const { t } = useMessages(shell);
  const session = useSession();
  const action = useAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const wrong = action.error instanceof ApiError && action.error.code === 'unauthorized';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      session.signedIn(await session.client.post('/auth/login', Login, { email, password }, TokenPair));
    });
  };

  return (
    <main className="login" id="main">
      <div className="row login-lang">
        <LangToggle />
      </div>
      <form className="card stack login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('signInTitle')}</h1>
        <p className="muted">{t('signInIntro')}</p>
        <label>
          {t('email')}
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {wrong ? (
          <p className="form-error" role="alert">
            {t('wrongLogin')}
          </p>
        ) : (
          <FormError error={action.error} />
        )}
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {action.busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}
