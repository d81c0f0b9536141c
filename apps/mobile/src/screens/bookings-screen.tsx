/**
 * My bookings: requests still waiting for a library, upcoming bookings (with the pass and the
 * details, where cancelling is), memberships with renewal, and the past. The last answer is kept on
 * the phone, so with no network the list still shows (marked as such) and the passes still open.
 * Passes of upcoming confirmed bookings are fetched here too, so they are on the phone before the
 * student reaches the door.
 */
import { Empty, ErrorState, Loading, useMessages, useResource } from '@studyspot/app-kit';
import type { BookingState, MyBooking, MyMembership } from '@studyspot/core';
import { useEffect } from 'react';
import { myBookings, myMemberships, myRequests } from '../api/cloud.ts';
import type { MyRequest } from '../api/schemas.ts';
import { LIBRARY_ZONE, localDay, span } from '../format.ts';
import { bookingsText } from '../i18n/mine.ts';
import { waitlistText } from '../i18n/waitlist.ts';
import { keepPasses, passable } from '../pass/fetch-pass.ts';
import { useSession } from '../session-context.tsx';
import { ScreenTitle } from '../ui/title.tsx';

interface Mine {
  requests: MyRequest[];
  bookings: MyBooking[];
  memberships: MyMembership[];
  cached: boolean;
}

const CACHE = 'studyspot.mobile.mine';
const upcomingStates: readonly BookingState[] = ['held', 'confirmed', 'checked_in'];
const stateClass: Partial<Record<BookingState, string>> = {
  held: 'badge badge-warn',
  confirmed: 'badge badge-ok',
  checked_in: 'badge badge-ok',
  cancelled: 'badge badge-danger',
  no_show: 'badge badge-danger',
};

async function loadMine(api: ReturnType<typeof useSession>['api']): Promise<Mine> {
  try {
    const [requests, bookings, memberships] = await Promise.all([
      myRequests(api),
      myBookings(api),
      myMemberships(api),
    ]);
    const mine = {
      requests: requests.items,
      bookings: bookings.items,
      memberships: memberships.items,
      cached: false,
    };
    try {
      localStorage.setItem(CACHE, JSON.stringify(mine));
    } catch {
      // not kept for offline
    }
    return mine;
  } catch (error) {
    const raw = (error as { code?: string }).code === 'network' ? localStorage.getItem(CACHE) : null;
    if (raw) return { ...(JSON.parse(raw) as Mine), cached: true };
    throw error;
  }
}

function BookingItem({ booking, requestId }: { booking: MyBooking; requestId: string | undefined }) {
  const { t, lang } = useMessages(bookingsText);
  const detail =
    booking.state === 'held' && requestId ? `#/requests/${requestId}` : `#/bookings/${booking.id}`;
  return (
    <li className="card stack-sm booking-item" data-booking={booking.id}>
      <div className="row">
        <strong className="grow">{booking.libraryName}</strong>
        <span className={stateClass[booking.state] ?? 'badge'}>{t(booking.state)}</span>
      </div>
      <p>
        {span(booking.startsAt, booking.endsAt, LIBRARY_ZONE, lang)}
        {booking.seatNumber ? ` · ${t('seat', { seat: booking.seatNumber })}` : ''}
      </p>
      <div className="row">
        {passable(booking) ? (
          <a className="button button-primary" href={`#/pass/${booking.id}`}>
            {t('pass')}
          </a>
        ) : null}
        <a className="button" href={detail}>
          {t('open')}
        </a>
      </div>
    </li>
  );
}

function Memberships({ memberships }: { memberships: MyMembership[] }) {
  const { t, lang } = useMessages(bookingsText);
  return (
    <ul className="plain-list stack">
      {memberships.map((m) => (
        <li key={m.id} className="card stack-sm">
          <div className="row">
            <strong className="grow">{m.libraryName}</strong>
            <span className={m.status === 'active' ? 'badge badge-ok' : 'badge'}>{t(`ms_${m.status}`)}</span>
          </div>
          <p>{t('until', { from: localDay(m.startsOn, lang), to: localDay(m.endsOn, lang) })}</p>
          <a className="button" href={`#/library/${m.libraryId}/plan/${m.planId}`}>
            {t('renew')}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** The student's waitlist lives on its own screen (waitlist-screen.tsx, ADR 0026). */
function WaitlistLink() {
  const { t } = useMessages(waitlistText);
  return (
    <a className="button wide" href="#/waitlist">
      {t('open')}
    </a>
  );
}

export function BookingsScreen() {
  const { t, lang } = useMessages(bookingsText);
  const { api } = useSession();
  const mine = useResource(() => loadMine(api), [api]);
  const data = mine.data;
  useEffect(() => {
    if (data && !data.cached) void keepPasses(api, data.bookings);
  }, [api, data]);
  if (mine.status === 'loading' && !data) return <Loading />;
  if (mine.status === 'error' && !data) return <ErrorState error={mine.error} onRetry={mine.reload} />;
  if (!data) return null;
  const now = Date.now();
  const waiting = data.requests.filter((r) => r.status === 'pending');
  const upcoming = data.bookings
    .filter((b) => upcomingStates.includes(b.state) && b.endsAt > now)
    .sort((a, b) => a.startsAt - b.startsAt);
  const past = data.bookings.filter((b) => !upcoming.includes(b)).slice(0, 10);
  const requestOf = (bookingId: string) => data.requests.find((r) => r.bookingId === bookingId)?.id;
  const nothing = waiting.length + upcoming.length + past.length + data.memberships.length === 0;
  return (
    <section className="stack">
      <ScreenTitle>{t('title')}</ScreenTitle>
      <WaitlistLink />
      {data.cached ? (
        <p className="notice notice-warn" role="status">
          {t('cached')}
        </p>
      ) : null}
      {nothing ? (
        <Empty>
          <span>{t('none')}</span>{' '}
          <a className="button" href="#/">
            {t('find')}
          </a>
        </Empty>
      ) : null}
      {waiting.length > 0 ? (
        <section className="stack" aria-labelledby="waiting">
          <h2 id="waiting" className="section-title">
            {t('waiting')}
          </h2>
          <ul className="plain-list stack">
            {waiting.map((r) => (
              <li key={r.id} className="card stack-sm">
                <div className="row">
                  <strong className="grow">{r.libraryName}</strong>
                  <span className="badge badge-warn">{t('req_pending')}</span>
                </div>
                <p>{span(r.startsAt, r.endsAt, LIBRARY_ZONE, lang)}</p>
                <a className="button" href={`#/requests/${r.id}`}>
                  {t('open')}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {upcoming.length > 0 ? (
        <section className="stack" aria-labelledby="upcoming">
          <h2 id="upcoming" className="section-title">
            {t('upcoming')}
          </h2>
          <ul className="plain-list stack">
            {upcoming.map((b) => (
              <BookingItem key={b.id} booking={b} requestId={requestOf(b.id)} />
            ))}
          </ul>
        </section>
      ) : null}
      {data.memberships.length > 0 ? (
        <section className="stack" aria-labelledby="memberships">
          <h2 id="memberships" className="section-title">
            {t('memberships')}
          </h2>
          <Memberships memberships={data.memberships} />
        </section>
      ) : null}
      {past.length > 0 ? (
        <section className="stack" aria-labelledby="past">
          <h2 id="past" className="section-title">
            {t('past')}
          </h2>
          <ul className="plain-list stack">
            {past.map((b) => (
              <BookingItem key={b.id} booking={b} requestId={requestOf(b.id)} />
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
