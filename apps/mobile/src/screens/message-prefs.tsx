/**
 * Settings → Messages: which channels the library's messages may use besides push (SMS, WhatsApp,
 * email) and quiet hours, during which messages that can wait are held (the cloud's notification
 * worker defers them; sign-in codes pass both). Saved on the account (`PATCH /me` notifications),
 * so the choice follows the student to every phone. Quiet hours are read in the account's time
 * zone; an account without one takes this phone's on the first save. Push keeps its own switch per
 * phone (the subscription), and the channels this form does not show are kept as they are.
 */
import { errorText, useMessages } from '@studyspot/app-kit';
import type { NotificationChannel, Profile } from '@studyspot/core';
import { type FormEvent, useState } from 'react';
import { updateProfile } from '../api/cloud.ts';
import { prefsText } from '../i18n/prefs.ts';
import { useSession } from '../session-context.tsx';

const SHOWN = ['sms', 'whatsapp', 'email'] as const satisfies readonly NotificationChannel[];

interface Draft {
  off: NotificationChannel[];
  quiet: boolean;
  start: string;
  end: string;
}

const draftOf = (profile: Profile): Draft => {
  const { optedOut, quietHours } = profile.notifications;
  return {
    off: optedOut,
    quiet: quietHours !== null,
    start: quietHours?.start ?? '22:00',
    end: quietHours?.end ?? '07:00',
  };
};

const phoneZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function MessagePrefs({ profile: account, onSaved }: { profile: Profile; onSaved: () => void }) {
  const { t, lang } = useMessages(prefsText);
  const { api } = useSession();
  const [edited, setEdited] = useState<Draft | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [failure, setFailure] = useState<unknown>(null);
  const draft = edited ?? draftOf(account);
  const edit = (patch: Partial<Draft>) => {
    setEdited({ ...draft, ...patch });
    setStatus('idle');
  };
  const toggle = (channel: NotificationChannel, on: boolean) =>
    edit({ off: on ? draft.off.filter((c) => c !== channel) : [...draft.off, channel] });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('saving');
    setFailure(null);
    try {
      await updateProfile(api, {
        notifications: {
          optedOut: draft.off,
          quietHours: draft.quiet ? { start: draft.start, end: draft.end } : null,
        },
        ...(draft.quiet && account.timeZone === null ? { timeZone: phoneZone() } : {}),
      });
      setStatus('saved');
      onSaved();
    } catch (error) {
      setFailure(error);
      setStatus('idle');
    }
  };
  const allOff = SHOWN.every((c) => draft.off.includes(c));
  return (
    <form className="card stack" aria-labelledby="messages" onSubmit={(e) => void save(e)}>
      <h2 id="messages">{t('title')}</h2>
      <p className="muted">{t('intro')}</p>
      <fieldset className="plain-fieldset">
        <legend className="field-legend">{t('channels')}</legend>
        <div className="chip-grid">
          {SHOWN.map((channel) => (
            <label key={channel} className="check-chip">
              <input
                type="checkbox"
                checked={!draft.off.includes(channel)}
                onChange={(e) => toggle(channel, e.target.checked)}
              />
              <span>{t(channel)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {account.email === null && !draft.off.includes('email') ? (
        <p className="muted small">{t('noEmail')}</p>
      ) : null}
      {allOff ? <p className="notice notice-warn">{t('allOff')}</p> : null}
      <label className="check-line">
        <input type="checkbox" checked={draft.quiet} onChange={(e) => edit({ quiet: e.target.checked })} />
        <span>{t('quiet')}</span>
      </label>
      {draft.quiet ? (
        <div className="row">
          <label className="grow">
            {t('from')}
            <input
              type="time"
              required
              value={draft.start}
              onChange={(e) => edit({ start: e.target.value })}
            />
          </label>
          <label className="grow">
            {t('until')}
            <input type="time" required value={draft.end} onChange={(e) => edit({ end: e.target.value })} />
          </label>
        </div>
      ) : null}
      {draft.quiet ? (
        <p className="muted small">{t('quietHint', { zone: account.timeZone ?? phoneZone() })}</p>
      ) : null}
      <button type="submit" className="button wide" disabled={status === 'saving'}>
        {status === 'saving' ? t('saving') : t('save')}
      </button>
      {status === 'saved' ? <p role="status">{t('saved')}</p> : null}
      {failure ? (
        <p className="form-error" role="alert">
          {errorText(failure, lang)}
        </p>
      ) : null}
    </form>
  );
}
