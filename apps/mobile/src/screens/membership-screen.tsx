/**
 * Buying (or renewing) a membership plan: what it covers and costs (the library's public plan with
 * its GST), then the payment; once it is captured the cloud starts the membership, and the screen
 * waits for it to appear among the student's memberships. A student who has never booked at the
 * library is not a member there yet, which the cloud refuses (`forbidden`) — said in plain words.
 */
import { ApiError, ErrorState, Loading, Progress, useMessages, useResource } from '@studyspot/app-kit';
import type { MyMembership } from '@studyspot/core';
import { useState } from 'react';
import { libraryPage, myMemberships } from '../api/cloud.ts';
import type { PublicLibrary } from '../api/schemas.ts';
import { publicClient } from '../api/session.ts';
import { localDay, money } from '../format.ts';
import { membershipText } from '../i18n/mine.ts';
import { useSession } from '../session-context.tsx';
import { PayPanel } from '../ui/pay-panel.tsx';
import { ScreenTitle } from '../ui/title.tsx';
import { useInterval } from '../ui/use-interval.ts';

function Buy({ page, planId }: { page: PublicLibrary; planId: string }) {
  const { t, lang } = useMessages(membershipText);
  const { api } = useSession();
  const [buying, setBuying] = useState(false);
  // the cloud starts the membership under the payment's id (billing capture)
  const [paidId, setPaidId] = useState<string | null>(null);
  const [bought, setBought] = useState<MyMembership | null>(null);
  const plan = page.plans.find((p) => p.id === planId && p.active && p.kind === 'monthly');
  useInterval(
    () => {
      myMemberships(api).then(
        (list) => setBought(list.items.find((m) => m.id === paidId) ?? null),
        () => undefined,
      );
    },
    2_000,
    paidId !== null && bought === null,
  );
  if (!plan) return <p className="notice">{t('notFound')}</p>;
  const shift = page.shifts.find((s) => s.id === plan.shiftId);
  const zone = page.zones.find((z) => z.id === plan.zoneId);
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="plan-name">
        <h2 id="plan-name">{plan.name}</h2>
        <p className="price">{money(plan.price.totalPaise, lang)}</p>
        <ul className="plain-list">
          <li>{t('period', { days: plan.durationDays ?? 30 })}</li>
          <li>{shift ? t('shiftOnly', { shift: shift.name }) : t('fullDay')}</li>
          <li>{zone ? t('zoneOnly', { zone: zone.name }) : t('anyZone')}</li>
        </ul>
      </section>
      {bought ? (
        <p className="notice notice-ok" role="status" data-testid="membership-active">
          {t('bought', { date: localDay(bought.endsOn, lang) })}
        </p>
      ) : paidId !== null ? (
        <Progress />
      ) : buying ? (
        <PayPanel
          target={{ libraryId: page.library.id, purpose: 'membership', targetId: plan.id }}
          onPaid={(payment) => setPaidId(payment.id)}
          explain={(error) =>
            error instanceof ApiError && error.code === 'forbidden' ? t('needMember') : null
          }
        />
      ) : (
        <button type="button" className="button button-primary wide" onClick={() => setBuying(true)}>
          {t('buy', { amount: money(plan.price.totalPaise, lang) })}
        </button>
      )}
    </div>
  );
}

export function MembershipScreen({ libraryId, planId }: { libraryId: string; planId: string }) {
  const { t } = useMessages(membershipText);
  const page = useResource(() => libraryPage(publicClient(), libraryId), [libraryId]);
  if (page.status === 'loading') return <Loading />;
  if (page.status === 'error') return <ErrorState error={page.error} onRetry={page.reload} />;
  return (
    <section className="stack">
      <header>
        <ScreenTitle>{t('title')}</ScreenTitle>
        <p className="muted">{page.data.library.name}</p>
      </header>
      <Buy page={page.data} planId={planId} />
    </section>
  );
}
