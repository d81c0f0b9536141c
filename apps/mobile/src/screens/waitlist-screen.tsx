/**
 * My waitlist (ADR 0026), under My bookings: every entry with its state — still on its way to the
 * library's hub, refused with the hub's reason, waiting (with how many are ahead in line), offered (the offer panel: seat, deadline,
 * price, Accept → pay → booked), booked with its pass, lapsed or left — and Leave while one waits
 * or is offered. The hub decides everything, so the list polls every 2 s while anything is on its
 * way or an offer is open (every 10 s while entries only wait, and when the app is shown again),
 * and says plainly when an action waits for the library.
 */
import { Empty, ErrorState, Loading, useMessages, useResource } from '@studyspot/app-kit';
import type { WaitlistItem, WaitlistItemState } from '@studyspot/core';
import { useEffect, useState } from 'react';
import { leaveWaitlist, myWaitlist } from '../api/waitlist.ts';
import { LIBRARY_ZONE, span } from '../format.ts';
import { waitlistText } from '../i18n/waitlist.ts';
import { useSession } from '../session-context.tsx';
import { codeText } from '../ui/code-text.ts';
import { ScreenTitle } from '../ui/title.tsx';
import { useInterval } from '../ui/use-interval.ts';
import { OfferPanel } from './waitlist-offer.tsx';

const POLL_MS = 2_000;
/** While entries only wait, an offer may still come any minute: look again now and then. */
const WAIT_POLL_MS = 10_000;

const badge: Record<WaitlistItemState, string> = {
  joining: 'badge badge-warn',
  refused: 'badge badge-danger',
  waiting: 'badge',
  offered: 'badge badge-ok',
  accepted: 'badge badge-ok',
  expired: 'badge',
  left: 'badge',
};

/** Anything the hub has yet to do, or an open offer, keeps the list fresh. */
const moving = (i: WaitlistItem) =>
  i.state === 'joining' || i.state === 'offered' || i.pending.length > 0 || i.bookingState === 'held';

function Entry({ item, onChanged }: { item: WaitlistItem; onChanged: () => void }) {
  const { t, lang } = useMessages(waitlistText);
  const { api } = useSession();
  const [failure, setFailure] = useState<unknown>(null);
  const leaving = item.pending.some((p) => p.kind === 'waitlist.leave');
  const leave = async () => {
    setFailure(null);
    try {
      await leaveWaitlist(api, item.id);
      onChanged();
    } catch (error) {
      setFailure(error);
    }
  };
  const canLeave = item.state === 'joining' || item.state === 'waiting' || item.state === 'offered';
  return (
    <li className="card stack-sm" data-entry={item.id} data-state={item.state}>
      <div className="row">
        <strong className="grow">{item.libraryName}</strong>
        <span className={badge[item.state]}>{t(`st_${item.state}`)}</span>
      </div>
      <p>{span(item.startsAt, item.endsAt, LIBRARY_ZONE, lang)}</p>
      <p className="muted small">{item.zoneName ?? t('anyZone')}</p>
      {item.state === 'waiting' && item.ahead !== null ? (
        <p data-testid="place-in-line">{item.ahead === 0 ? t('next') : t('ahead', { count: item.ahead })}</p>
      ) : null}
      {item.state === 'joining' ? (
        <p className="notice notice-warn" role="status">
          {t('joining')}
        </p>
      ) : null}
      {item.state === 'refused' && item.code ? (
        <p className="form-error" role="alert">
          {codeText(item.code, lang)}
        </p>
      ) : null}
      {item.state === 'offered' && !leaving ? <OfferPanel item={item} onChanged={onChanged} /> : null}
      {item.state === 'accepted' ? <Booked item={item} /> : null}
      {failure ? <ErrorState error={failure} /> : null}
      {leaving ? <p className="muted">{t('leaving')}</p> : null}
      {canLeave && !leaving ? (
        <button type="button" className="button button-danger wide" onClick={() => void leave()}>
          {t('leave')}
        </button>
      ) : null}
    </li>
  );
}

function Booked({ item }: { item: WaitlistItem }) {
  const { t } = useMessages(waitlistText);
  if (item.bookingState !== 'confirmed' && item.bookingState !== 'checked_in')
    return <p className="muted">{t('confirming')}</p>;
  return (
    <div className="stack-sm">
      <p className="notice notice-ok" role="status" data-testid="waitlist-confirmed">
        {t('confirmed', { seat: item.seatNumber ?? '' })}
      </p>
      {item.bookingId ? (
        <a className="button button-primary wide" href={`#/pass/${item.bookingId}`}>
          {t('showPass')}
        </a>
      ) : null}
    </div>
  );
}

export function WaitlistScreen() {
  const { t } = useMessages(waitlistText);
  const { api } = useSession();
  const list = useResource(() => myWaitlist(api), [api]);
  const items = list.data?.items ?? [];
  const fast = items.some(moving);
  useInterval(list.reload, fast ? POLL_MS : WAIT_POLL_MS, fast || items.some((i) => i.state === 'waiting'));
  useEffect(() => {
    const back = () => document.visibilityState === 'visible' && list.reload();
    document.addEventListener('visibilitychange', back);
    return () => document.removeEventListener('visibilitychange', back);
  }, [list.reload]);
  if (list.status === 'loading' && !list.data) return <Loading />;
  if (list.status === 'error' && !list.data) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <section className="stack">
      <ScreenTitle>{t('title')}</ScreenTitle>
      <div className="row">
        <p className="muted grow">{t('intro')}</p>
        <button type="button" className="button" onClick={list.reload}>
          {t('refresh')}
        </button>
      </div>
      {items.length === 0 ? (
        <Empty>
          <span>{t('none')}</span>{' '}
          <a className="button" href="#/">
            {t('book')}
          </a>
        </Empty>
      ) : (
        <ul className="plain-list stack">
          {items.map((item) => (
            <Entry key={item.id} item={item} onChanged={list.reload} />
          ))}
        </ul>
      )}
      {list.status === 'error' ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
    </section>
  );
}
