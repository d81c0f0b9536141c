/**
 * Sign-in by phone: the number → a 6-digit code by SMS (without SMS keys the cloud drops it in its
 * local outbox, which the platform admin reads) → tokens. A first-time student is asked for a name,
 * which the library sees at the entrance; the app's language becomes the account's, so messages
 * come in it. Afterwards the app goes where the student was heading.
 *
 *   phone ──code sent──▶ code ──right code──▶ (name, first time) ──▶ back to where they were
 *     ▲                   │
 *     └──other number─────┘
 */
import { ApiError, errorText, useHashRoute, useMessages } from '@studyspot/app-kit';
import { Phone } from '@studyspot/core';
import { type FormEvent, useState } from 'react';
import { myProfile, requestOtp, updateProfile, verifyOtp } from '../api/cloud.ts';
import { publicClient } from '../api/session.ts';
import { signInText } from '../i18n/shell.ts';
import { normalizePhone } from '../phone.ts';
import { takeNext } from '../routes.ts';
import { useSession } from '../session-context.tsx';
import { ScreenTitle } from '../ui/title.tsx';

type Step = { step: 'phone' } | { step: 'code'; phone: string; minutes: number } | { step: 'name' };

export function SignInScreen() {
  const { t, lang } = useMessages(signInText);
  const [, navigate] = useHashRoute();
  const { api, signIn } = useSession();
  const [step, setStep] = useState<Step>({ step: 'phone' });
  const [phoneInput, setPhoneInput] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (work: () => Promise<void>, describe: (error: unknown) => string) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(describe(error));
    } finally {
      setBusy(false);
    }
  };
  const generic = (error: unknown) => errorText(error, lang);

  const sendCode = (event: { preventDefault(): void }) => {
    event.preventDefault();
    const phone = normalizePhone(phoneInput);
    if (!Phone.safeParse(phone).success) {
      setProblem(t('phoneInvalid'));
      return;
    }
    void run(async () => {
      const sent = await requestOtp(publicClient(), phone);
      setCode('');
      setStep({ step: 'code', phone, minutes: Math.round(sent.expiresIn / 60) });
    }, generic);
  };

  const verify = (event: FormEvent) => {
    event.preventDefault();
    if (step.step !== 'code') return;
    if (!/^\d{6}$/.test(code)) {
      setProblem(t('codeInvalid'));
      return;
    }
    void run(
      async () => {
        signIn(await verifyOtp(publicClient(), step.phone, code));
        const profile = await myProfile(api);
        if (profile.language !== lang) await updateProfile(api, { language: lang });
        if (profile.name.trim() === '') setStep({ step: 'name' });
        else navigate(takeNext());
      },
      (error) =>
        error instanceof ApiError && error.code === 'unauthorized' ? t('wrongCode') : generic(error),
    );
  };

  const saveName = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    void run(async () => {
      await updateProfile(api, { name: name.trim() });
      navigate(takeNext());
    }, generic);
  };

  const alert = problem ? (
    <p className="form-error" role="alert">
      {problem}
    </p>
  ) : null;

  if (step.step === 'name') {
    return (
      <form className="stack card" onSubmit={saveName} aria-labelledby="name-title">
        <h1 id="name-title" tabIndex={-1} className="screen-title">
          {t('nameTitle')}
        </h1>
        <p className="muted">{t('nameIntro')}</p>
        <label>
          {t('nameLabel')}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
            maxLength={120}
            required
          />
        </label>
        {alert}
        <button type="submit" className="button button-primary wide" disabled={busy}>
          {t('saveName')}
        </button>
      </form>
    );
  }

  return (
    <section className="stack">
      <ScreenTitle>{t('title')}</ScreenTitle>
      {step.step === 'phone' ? (
        <form className="stack card" onSubmit={sendCode} noValidate>
          <p>{t('intro')}</p>
          <label>
            {t('phoneLabel')}
            <input
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              value={phoneInput}
              onChange={(e) => setPhoneInput(e.target.value)}
              aria-describedby="phone-hint"
              required
            />
          </label>
          <p id="phone-hint" className="hint">
            {t('phoneHint')}
          </p>
          {alert}
          <button type="submit" className="button button-primary wide" disabled={busy}>
            {busy ? t('sending') : t('sendCode')}
          </button>
        </form>
      ) : (
        <form className="stack card" onSubmit={verify} noValidate>
          <p role="status">{t('codeSent', { phone: step.phone, minutes: step.minutes })}</p>
          <label>
            {t('codeLabel')}
            <input
              className="code-input"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              required
            />
          </label>
          {alert}
          <button type="submit" className="button button-primary wide" disabled={busy}>
            {busy ? t('verifying') : t('verify')}
          </button>
          <div className="row">
            <button type="button" className="button" onClick={() => setStep({ step: 'phone' })}>
              {t('otherPhone')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={sendCode}>
              {t('resend')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
