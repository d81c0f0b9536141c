/**
 * A library's booking policy (core `Policy`: hold time, no-show grace and strikes, check-in
 * window, booking horizon and daily limit, waitlist offers, abandoned seats) and its refunds on a
 * student's cancellation (`policy.refund`, which the cloud's billing applies and the student app
 * quotes before a cancel), edited as numbers and saved with the library
 * (PATCH /manage/libraries/{id} `{ policy }`); the hub applies the booking rules once synced.
 */
import { useMessages } from '@studyspot/app-kit';
import { defaultRefundPolicy, type Policy } from '@studyspot/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { SectionProps } from './library-screen.tsx';
import { policy as messages } from './messages-library.ts';
import { common } from './messages-shell.ts';
import { LibraryPatch, ManagedLibrary } from './schemas.ts';
import { FormError, useAction, useApi } from './ui.tsx';

type Flat = Record<(typeof fields)[number] | (typeof refundFields)[number], string>;
const fields = [
  'holdMinutes',
  'noShowGraceMinutes',
  'checkInEarlyMinutes',
  'advanceDays',
  'maxBookingsPerDay',
  'strikeCount',
  'strikeWindowDays',
  'banDays',
  'waitlistOfferMinutes',
  'abandonedMinutes',
] as const;
const refundFields = ['fullRefundHours', 'partialRefundPercent', 'lateRefundPercent'] as const;

function flat(p: Policy): Flat {
  const refund = p.refund ?? defaultRefundPolicy;
  return {
    fullRefundHours: String(refund.fullRefundHours),
    partialRefundPercent: String(refund.partialRefundPercent),
    lateRefundPercent: String(refund.lateRefundPercent),
    holdMinutes: String(p.holdMinutes),
    noShowGraceMinutes: String(p.noShowGraceMinutes),
    checkInEarlyMinutes: String(p.checkInEarlyMinutes),
    advanceDays: String(p.advanceDays),
    maxBookingsPerDay: String(p.maxBookingsPerDay),
    strikeCount: String(p.noShowStrikes.count),
    strikeWindowDays: String(p.noShowStrikes.windowDays),
    banDays: String(p.noShowStrikes.banDays),
    waitlistOfferMinutes: String(p.waitlistOfferMinutes),
    abandonedMinutes: String(p.abandonedMinutes),
  };
}

function policyOf(f: Flat): Policy {
  const n = (k: keyof Flat) => Number(f[k]);
  return {
    holdMinutes: n('holdMinutes'),
    noShowGraceMinutes: n('noShowGraceMinutes'),
    checkInEarlyMinutes: n('checkInEarlyMinutes'),
    advanceDays: n('advanceDays'),
    maxBookingsPerDay: n('maxBookingsPerDay'),
    noShowStrikes: { count: n('strikeCount'), windowDays: n('strikeWindowDays'), banDays: n('banDays') },
    waitlistOfferMinutes: n('waitlistOfferMinutes'),
    abandonedMinutes: n('abandonedMinutes'),
    refund: {
      fullRefundHours: n('fullRefundHours'),
      partialRefundPercent: n('partialRefundPercent'),
      lateRefundPercent: n('lateRefundPercent'),
    },
  };
}

export function PolicySection({ library, reload }: SectionProps) {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const action = useAction();
  const [form, setForm] = useState(() => flat(library.policy));
  const [saved, setSaved] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void action.run(async () => {
      const patch = { policy: policyOf(form) };
      await api.send('PATCH', `/manage/libraries/${library.id}`, LibraryPatch, patch, ManagedLibrary);
      setSaved(true);
      reload();
    });
  };
  const input = (f: keyof Flat) => (
    <label key={f} className="field">
      {t(f)}
      <input
        type="number"
        inputMode="numeric"
        min={0}
        max={f.endsWith('Percent') ? 100 : undefined}
        required
        value={form[f]}
        onChange={(e) => setForm((x) => ({ ...x, [f]: e.target.value }))}
      />
    </label>
  );
  return (
    <form className="stack" onSubmit={submit}>
      <h2>{t('title')}</h2>
      <p className="muted">{t('intro')}</p>
      <div className="card form-grid">{fields.map(input)}</div>
      <h3>{t('refundTitle')}</h3>
      <p className="muted">{t('refundIntro')}</p>
      <div className="card form-grid">{refundFields.map(input)}</div>
      <FormError error={action.error} />
      {saved ? (
        <p role="status" className="ok-text">
          {c('saved')}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {action.busy ? c('saving') : c('save')}
        </button>
      </div>
    </form>
  );
}
