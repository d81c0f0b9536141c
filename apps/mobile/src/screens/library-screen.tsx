/**
 * A library's public page: today's free seats per zone in each shift (the cloud's live count from
 * the hub's bookings), prices with GST, memberships to buy, amenities and opening hours, and the
 * way to book. Readable signed out; booking asks for sign-in first.
 */
import { ErrorState, Loading, useMessages, useResource } from '@studyspot/app-kit';
import { weekdays } from '@studyspot/core';
import { libraryPage } from '../api/cloud.ts';
import type { PublicLibrary } from '../api/schemas.ts';
import { publicClient } from '../api/session.ts';
import { money, timeOf } from '../format.ts';
import { amenityText, libraryText } from '../i18n/find.ts';
import { ScreenTitle } from '../ui/title.tsx';

type Plan = PublicLibrary['plans'][number];

function unitOf(plan: Plan, t: ReturnType<typeof useMessages<keyof typeof libraryText.en>>['t']): string {
  switch (plan.kind) {
    case 'hourly':
      return t('perHour');
    case 'shift':
      return t('perShift');
    case 'day_pass':
      return t('perDay');
    case 'monthly':
      return t('forDays', { days: plan.durationDays ?? 30 });
  }
}

function Availability({ page }: { page: PublicLibrary }) {
  const { t, lang } = useMessages(libraryText);
  const zoneName = (id: string) => page.zones.find((z) => z.id === id)?.name ?? '';
  const tz = page.library.timezone;
  if (page.availability.windows.length === 0) return <p className="muted">{t('closedToday')}</p>;
  return (
    <div className="stack">
      {[...page.availability.windows]
        .sort((a, b) => a.startsAt - b.startsAt)
        .map((w) => (
          <div key={`${w.shiftId ?? 'day'}-${w.startsAt}`} className="window">
            <h3 className="window-title">
              {w.name}{' '}
              <span className="muted">{`${timeOf(w.startsAt, tz, lang)} – ${timeOf(w.endsAt, tz, lang)}`}</span>
            </h3>
            <ul className="plain-list free-list">
              {w.zones.map((z) => (
                <li key={z.zoneId} className="row free-row">
                  <span className="grow">{zoneName(z.zoneId)}</span>
                  <span className={z.free > 0 ? 'badge badge-ok' : 'badge badge-danger'}>
                    {t('freeOf', { free: z.free, seats: z.seats })}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
    </div>
  );
}

function Prices({ page }: { page: PublicLibrary }) {
  const { t, lang } = useMessages(libraryText);
  const sold = page.plans.filter((p) => p.active && p.kind !== 'monthly');
  const memberships = page.plans.filter((p) => p.active && p.kind === 'monthly');
  const line = (plan: Plan) => (
    <>
      <span>
        {plan.name}
        <span className="muted small note">{t('inclTax', { rate: plan.taxRateBp / 100 })}</span>
      </span>
      <strong>
        {money(plan.price.totalPaise, lang)} <span className="muted small">{unitOf(plan, t)}</span>
      </strong>
    </>
  );
  return (
    <>
      {sold.length > 0 ? (
        <section className="card stack" aria-labelledby="prices">
          <h2 id="prices">{t('prices')}</h2>
          <ul className="plain-list price-list">
            {sold.map((plan) => (
              <li key={plan.id}>{line(plan)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {memberships.length > 0 ? (
        <section className="card stack" aria-labelledby="memberships">
          <h2 id="memberships">{t('memberships')}</h2>
          <p className="muted">{t('membershipIntro')}</p>
          <ul className="plain-list price-list">
            {memberships.map((plan) => (
              <li key={plan.id}>
                {line(plan)}
                <a
                  className="button"
                  href={`#/library/${page.library.id}/plan/${plan.id}`}
                  aria-label={`${t('buy')}: ${plan.name}`}
                >
                  {t('buy')}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function Details({ page }: { page: PublicLibrary }) {
  const { t } = useMessages(libraryText);
  const amenity = useMessages(amenityText).t;
  const known = (a: string): a is Parameters<typeof amenity>[0] => Object.hasOwn(amenityText.en, a);
  const { library } = page;
  return (
    <section className="card stack" aria-label={t('address')}>
      {library.amenities.length > 0 ? (
        <div>
          <h3>{t('amenities')}</h3>
          <p>{library.amenities.map((a) => (known(a) ? amenity(a) : a)).join(' · ')}</p>
        </div>
      ) : null}
      <div>
        <h3>{t('hours')}</h3>
        <table className="hours">
          <tbody>
            {weekdays.map((day) => {
              const hours = library.openingHours[day];
              return (
                <tr key={day}>
                  <th scope="row">{t(day)}</th>
                  <td>{hours ? `${hours.open} – ${hours.close}` : t('closedDay')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function LibraryScreen({ id }: { id: string }) {
  const { t } = useMessages(libraryText);
  const page = useResource(() => libraryPage(publicClient(), id), [id]);
  if (page.status === 'loading') return <Loading />;
  if (page.status === 'error') return <ErrorState error={page.error} onRetry={page.reload} />;
  const { library, zones } = page.data;
  const a = library.address;
  return (
    <article className="stack">
      <header>
        <ScreenTitle>{library.name}</ScreenTitle>
        <p className="muted">{[a.line1, a.line2, a.city, a.postalCode].filter(Boolean).join(', ')}</p>
      </header>
      <section className="card stack" aria-labelledby="today">
        <h2 id="today">{t('today')}</h2>
        <Availability page={page.data} />
      </section>
      {zones.length > 0 ? (
        <a className="button button-primary wide" href={`#/library/${library.id}/book`}>
          {t('book')}
        </a>
      ) : (
        <p className="muted">{t('noZones')}</p>
      )}
      <Prices page={page.data} />
      <Details page={page.data} />
    </article>
  );
}
