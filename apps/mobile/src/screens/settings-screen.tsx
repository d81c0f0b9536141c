/**
 * Settings: the account (name, sign out; the language chosen in the header is saved on it too, so
 * SMS and push come in it), notifications on this phone by web push, which channels and when the
 * library's messages may use (message-prefs.tsx), and installing the app.
 */
import { ErrorState, errorText, Loading, useMessages, useResource } from '@studyspot/app-kit';
import type { Profile } from '@studyspot/core';
import { type FormEvent, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { myProfile, updateProfile } from '../api/cloud.ts';
import { settingsText } from '../i18n/shell.ts';
import { useSession } from '../session-context.tsx';
import { install, installOffer, onInstallOffer } from '../ui/install.ts';
import { type PushState, pushState, turnPushOff, turnPushOn } from '../ui/push.ts';
import { ScreenTitle } from '../ui/title.tsx';
import { MessagePrefs } from './message-prefs.tsx';

function Account({ profile, onSaved }: { profile: Profile; onSaved: () => void }) {
  const { t, lang } = useMessages(settingsText);
  const { api, signOut } = useSession();
  const [name, setName] = useState<string | null>(null);
  const [email, setEmail] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // the language follows the toggle onto the account
  const last = useRef(profile.language);
  useEffect(() => {
    if (last.current === lang) return;
    last.current = lang;
    if (profile.language !== lang) void updateProfile(api, { language: lang }).catch(() => undefined);
  }, [api, profile.language, lang]);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const typed = (email ?? '').trim();
    try {
      await updateProfile(api, {
        name: (name ?? profile.name).trim(),
        // an address can be added or changed here, not removed (SMS stays the way in)
        ...(email !== null && typed !== '' && typed !== profile.email ? { email: typed } : {}),
      });
      setSaved(t('saved'));
      onSaved();
    } catch (error) {
      setSaved(errorText(error, lang));
    }
  };
  return (
    <section className="card stack" aria-labelledby="account">
      <h2 id="account">{t('account')}</h2>
      <p>{t('signedInAs', { phone: profile.phone ?? '' })}</p>
      <form className="stack" onSubmit={save}>
        <label>
          {t('nameLabel')}
          <input
            value={name ?? profile.name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
            maxLength={120}
          />
        </label>
        <label>
          {t('emailLabel')}
          <input
            type="email"
            value={email ?? profile.email ?? ''}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
            maxLength={200}
          />
        </label>
        <button type="submit" className="button">
          {t('save')}
        </button>
      </form>
      {saved ? <p role="status">{saved}</p> : null}
      <button type="button" className="button button-danger wide" onClick={() => void signOut()}>
        {t('signOut')}
      </button>
    </section>
  );
}

/** One read of the account for the cards that show it; a save in one refreshes both. */
function SignedIn() {
  const { api } = useSession();
  const profile = useResource(() => myProfile(api), [api]);
  if (profile.status === 'loading' && !profile.data) return <Loading />;
  if (!profile.data) return <ErrorState error={profile.error} onRetry={profile.reload} />;
  return (
    <>
      <Account profile={profile.data} onSaved={profile.reload} />
      <Notifications />
      <MessagePrefs profile={profile.data} onSaved={profile.reload} />
    </>
  );
}

function Notifications() {
  const { t, lang } = useMessages(settingsText);
  const { api } = useSession();
  const [state, setState] = useState<PushState | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void pushState(api).then(setState, () => setState('unsupported'));
  }, [api]);
  const change = async (on: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      setState(await (on ? turnPushOn(api) : turnPushOff(api)));
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  const line: Partial<Record<PushState, string>> = {
    unsupported: t('pushUnsupported'),
    unavailable: t('pushUnavailable'),
    denied: t('pushDenied'),
    off: t('pushDisabled'),
    on: t('pushEnabled'),
  };
  return (
    <section className="card stack" aria-labelledby="notifications">
      <h2 id="notifications">{t('notifications')}</h2>
      <p className="muted">{t('pushIntro')}</p>
      {state && line[state] ? <p role="status">{line[state]}</p> : null}
      {state === 'off' || state === 'on' ? (
        <button
          type="button"
          className="button wide"
          disabled={busy}
          onClick={() => void change(state === 'off')}
        >
          {state === 'off' ? t('pushOn') : t('pushOff')}
        </button>
      ) : null}
      {problem ? <p className="form-error">{errorText(problem, lang)}</p> : null}
    </section>
  );
}

function Install() {
  const { t } = useMessages(settingsText);
  const offer = useSyncExternalStore(onInstallOffer, installOffer);
  if (!offer) return null;
  return (
    <section className="card stack" aria-labelledby="install">
      <h2 id="install">{t('install')}</h2>
      <p className="muted">{t('installIntro')}</p>
      <button type="button" className="button wide" onClick={() => void install()}>
        {t('install')}
      </button>
    </section>
  );
}

export function SettingsScreen() {
  const { t } = useMessages(settingsText);
  const { userId } = useSession();
  return (
    <section className="stack">
      <ScreenTitle>{t('title')}</ScreenTitle>
      {userId ? (
        <SignedIn />
      ) : (
        <section className="card stack">
          <p>{t('signedOut')}</p>
          <a className="button button-primary wide" href="#/sign-in">
            {t('signIn')}
          </a>
        </section>
      )}
      <Install />
    </section>
  );
}
