/**
 * The answer at the door, big enough to read from a step away: green with the name, seat and door
 * state, or red with the reason in plain words (translated from the hub's code). It dismisses
 * itself after a few seconds or on a tap.
 */
import type { EntryResult } from '@studyspot/app-kit';
import { useMessages } from '@studyspot/app-kit';
import { useEffect } from 'react';
import { messages, reasonKey } from './messages.ts';

export interface Shown {
  result: EntryResult;
  fromReader: boolean;
}

const SHOW_MS = 6_000;

export function ResultCard({ shown, onDone }: { shown: Shown; onDone: () => void }) {
  const { t } = useMessages(messages);
  useEffect(() => {
    const timer = setTimeout(onDone, SHOW_MS);
    return () => clearTimeout(timer);
  }, [onDone]);
  const { result } = shown;
  return (
    <section
      className={result.ok ? 'kiosk-result kiosk-result-ok' : 'kiosk-result kiosk-result-denied'}
      role="alert"
      aria-live="assertive"
      data-testid="entry-result"
    >
      {shown.fromReader ? <p className="kiosk-result-via">{t('fromReader')}</p> : null}
      {result.ok ? (
        <>
          <h2>{t('welcome', { name: result.memberName })}</h2>
          <p className="kiosk-result-seat">{t('seat', { seat: result.seatNumber })}</p>
          <p>
            {result.door === 'unlocked'
              ? t('doorOpen')
              : result.door === null
                ? t('noDoor')
                : t('doorNotConfirmed')}
          </p>
          {result.locker === 'unlocked' ? <p>{t('lockerOpen')}</p> : null}
        </>
      ) : (
        <>
          <h2>{t('denied')}</h2>
          <p className="kiosk-result-reason" data-reason={result.reason}>
            {t(reasonKey(result.reason))}
          </p>
        </>
      )}
      <button type="button" className="button kiosk-big" onClick={onDone}>
        {t('done')}
      </button>
    </section>
  );
}
