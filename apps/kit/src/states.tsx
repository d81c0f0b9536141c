/**
 * The states every screen has besides "here is the data": loading, empty, error (with a retry),
 * and a progress indicator for long operations. Each announces itself to screen readers
 * (`role=status` / `role=alert`) and speaks the current language.
 */
import type { ReactNode } from 'react';
import { errorText } from './error-text.ts';
import type { Lang } from './i18n.tsx';
import { useLang } from './i18n.tsx';

const texts: Record<Lang, { loading: string; empty: string; retry: string; working: string }> = {
  en: { loading: 'Loading…', empty: 'Nothing here yet.', retry: 'Try again', working: 'Working…' },
  hi: {
    loading: 'लोड हो रहा है…',
    empty: 'अभी यहाँ कुछ नहीं है।',
    retry: 'फिर कोशिश करें',
    working: 'काम चल रहा है…',
  },
};

export function Loading({ label }: { label?: string }) {
  const { lang } = useLang();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? texts[lang].loading}</span>
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { lang } = useLang();
  return (
    <div className="state state-empty" role="status">
      {children ?? texts[lang].empty}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { lang } = useLang();
  return (
    <div className="state state-error" role="alert">
      <span>{errorText(error, lang)}</span>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {texts[lang].retry}
        </button>
      ) : null}
    </div>
  );
}

/** Determinate when `value` (0..1) is given, otherwise an indeterminate bar. */
export function Progress({ value, label }: { value?: number; label?: string }) {
  const { lang } = useLang();
  const text = label ?? texts[lang].working;
  return (
    <div className="progress" role="status" aria-live="polite">
      <progress aria-label={text} {...(value === undefined ? {} : { value, max: 1 })} />
      <span>{text}</span>
    </div>
  );
}
