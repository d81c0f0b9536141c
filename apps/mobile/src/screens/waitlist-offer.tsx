/**
 * A live waitlist offer (ADR 0026): the seat, the deadline with a countdown, the price, and Accept.
 * A free offer (a membership covers it) is accepted by command; one with a price is accepted by
 * paying for the offer's hold (pay-panel.tsx, purpose `booking`), whose capture asks the library's
 * hub to confirm it. Either way the hub answers through sync, and the list (which polls while an
 * offer is open) shows it booked.
 *
 *   offered ──Accept──▶ (free) accepting ─────────────────▶ accepted (list)
 *      │         └────▶ (paid) paying ──paid──▶ confirming ─▶ accepted (list)
 *      └──deadline passes──▶ lapsed (the hub passes it on)
 */
import { ErrorState, useMessages } from '@studyspot/app-kit';
import type { WaitlistItem } from '@studyspot/core';
import { useState } from 'react';
import { acceptOffer } from '../api/waitlist.ts';
import { LIBRARY_ZONE, money, timeOf } from '../format.ts';
import { waitlistText } from '../i18n/waitlist.ts';
import { useSession } from '../session-context.tsx';
import { PayPanel } from '../ui/pay-panel.tsx';
import { useNow } from '../ui/use-interval.ts';

type Step = 'offer' | 'paying' | 'confirming' | 'accepting';

function Countdown({ until }: { until: number }) {
  const { t } = useMessages(waitlistText);
  const left = Math.max(0, until - useNow());
  const min = Math.floor(left / 60_000);
  const s = Math.floor((left % 60_000) / 1000);
  return (
    <p className="countdown" data-testid="offer-countdown" aria-live="off">
      {t('countdown', { min, s })}
    </p>
  );
}

export function OfferPanel({ item, onChanged }: { item: WaitlistItem; onChanged: () => void }) {
  const { t, lang } = useMessages(waitlistText);
  const { api } = useSession();
  const now = useNow();
  const pendingAccept = item.pending.some((p) => p.kind === 'waitlist.accept');
  const [step, setStep] = useState<Step>(pendingAccept ? 'accepting' : 'offer');
  const [failure, setFailure] = useState<unknown>(null);
  const until = item.offerExpiresAt ?? 0;
  const price = item.pricePaise ?? 0;
  const time = timeOf(until, LIBRARY_ZONE, lang);

  const accept = async () => {
    setFailure(null);
    if (price > 0) {
      setStep('paying');
      return;
    }
    setStep('accepting');
    try {
      await acceptOffer(api, item.id);
      onChanged();
    } catch (error) {
      setFailure(error);
      setStep('offer');
    }
  };

  if (step !== 'confirming' && step !== 'accepting' && until <= now)
    return <p className="notice notice-warn">{t('lapsed')}</p>;
  return (
    <div className="stack-sm" data-testid="offer">
      <p className="notice notice-ok" role="status">
        {item.seatNumber ? t('offer', { seat: item.seatNumber, time }) : t('offerAny', { time })}
      </p>
      {step === 'confirming' || step === 'accepting' ? null : <Countdown until={until} />}
      <p>{price > 0 ? t('price', { amount: money(price, lang) }) : t('covered')}</p>
      {failure ? <ErrorState error={failure} /> : null}
      {step === 'offer' ? (
        <button type="button" className="button button-primary wide" onClick={() => void accept()}>
          {t('accept')}
        </button>
      ) : null}
      {step === 'paying' && item.bookingId ? (
        <PayPanel
          target={{ libraryId: item.libraryId, purpose: 'booking', targetId: item.bookingId }}
          onPaid={() => {
            setStep('confirming');
            onChanged();
          }}
        />
      ) : null}
      {step === 'confirming' ? <p className="muted">{t('confirming')}</p> : null}
      {step === 'accepting' ? <p className="muted">{t('accepting')}</p> : null}
    </div>
  );
}
