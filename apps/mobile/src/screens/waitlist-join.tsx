/**
 * "Join the waitlist", the booking form's second way (ADR 0026): for the zone and slot the form
 * shows, when the student would rather wait for a seat to free than ask for one now. The cloud
 * answers at once with a pending join the library's hub applies; the student is taken to their
 * waitlist, which shows it waiting for the library and then on the list. An Idempotency-Key per
 * zone and slot makes a repeated tap one join.
 */
import { ErrorState, useHashRoute, useMessages } from '@studyspot/app-kit';
import type { SlotRequest } from '@studyspot/core';
import { useRef, useState } from 'react';
import { joinWaitlist } from '../api/waitlist.ts';
import { waitlistText } from '../i18n/waitlist.ts';
import { newId } from '../ids.ts';
import { useSession } from '../session-context.tsx';

interface JoinProps {
  libraryId: string;
  zoneId: string | null;
  slot: SlotRequest;
  disabled: boolean;
}

export function JoinWaitlist({ libraryId, zoneId, slot, disabled }: JoinProps) {
  const { t } = useMessages(waitlistText);
  const [, navigate] = useHashRoute();
  const { keeper } = useSession();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const slotKey = `${zoneId}:${JSON.stringify(slot)}`;
  const idempotency = useRef({ for: '', key: '' });
  if (idempotency.current.for !== slotKey) idempotency.current = { for: slotKey, key: newId() };

  const join = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const api = keeper.client({ 'idempotency-key': idempotency.current.key });
      await joinWaitlist(api, { libraryId, zoneId, slot });
      navigate('/waitlist');
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <section className="card stack-sm" aria-labelledby="join-waitlist">
      <h2 id="join-waitlist">{t('title')}</h2>
      <p className="muted small">{t('joinHint')}</p>
      {failure ? <ErrorState error={failure} /> : null}
      <button type="button" className="button wide" disabled={busy || disabled} onClick={() => void join()}>
        {t('join')}
      </button>
    </section>
  );
}
