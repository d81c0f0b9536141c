/**
 * What a library sells and for how much (core `Plan`): hourly, per shift, day passes and monthly
 * memberships, each with its price, GST rate and — for shift plans — its shift. The owner adds,
 * edits (the same form, PATCH /manage/plans/{id}), switches a plan off and on, and deletes.
 * Prices are typed in rupees and sent as integer paise; the tax rate in percent, sent as basis points.
 */
import { formatMoney, useMessages, useResource } from '@studyspot/app-kit';
import type { Plan, PlanKind } from '@studyspot/core';
import { Plan as PlanSchema } from '@studyspot/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { SectionProps } from './library-screen.tsx';
import { plans as messages } from './messages-library.ts';
import { common } from './messages-shell.ts';
import { NewPlan, NoContent, PlanPage, PlanPatch, ShiftPage, ZonePage } from './schemas.ts';
import { FormError, ResourceView, useAction, useApi } from './ui.tsx';

const kinds: PlanKind[] = ['hourly', 'shift', 'day_pass', 'monthly'];

interface Draft {
  id: string | null;
  name: string;
  kind: PlanKind;
  shiftId: string;
  zoneId: string;
  price: string;
  tax: string;
  days: string;
  active: boolean;
}

const blank: Draft = {
  id: null,
  name: '',
  kind: 'hourly',
  shiftId: '',
  zoneId: '',
  price: '',
  tax: '18',
  days: '30',
  active: true,
};

const draftOf = (p: Plan): Draft => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  shiftId: p.shiftId ?? '',
  zoneId: p.zoneId ?? '',
  price: String(p.pricePaise / 100),
  tax: String(p.taxRateBp / 100),
  days: String(p.durationDays ?? 30),
  active: p.active,
});

function bodyOf(d: Draft): NewPlan {
  return {
    name: d.name.trim(),
    kind: d.kind,
    shiftId: d.shiftId || null,
    zoneId: d.zoneId || null,
    pricePaise: Math.round(Number(d.price) * 100),
    taxRateBp: Math.round(Number(d.tax) * 100),
    durationDays: d.kind === 'monthly' ? Number(d.days) : null,
    active: d.active,
  };
}

export function PlansSection({ library }: SectionProps) {
  const { t, lang } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const base = `/manage/libraries/${library.id}`;
  const data = useResource(async () => {
    const [plans, shifts, zones] = await Promise.all([
      api.get(`${base}/plans`, PlanPage, { limit: 200 }),
      api.get(`${base}/shifts`, ShiftPage, { limit: 200 }),
      api.get(`${base}/zones`, ZonePage, { limit: 200 }),
    ]);
    return { plans: plans.items, shifts: shifts.items, zones: zones.items };
  }, [base]);
  const save = useAction();
  const change = useAction();
  const [draft, setDraft] = useState<Draft>(blank);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      if (draft.id)
        await api.send('PATCH', `/manage/plans/${draft.id}`, PlanPatch, bodyOf(draft), PlanSchema);
      else await api.post(`${base}/plans`, NewPlan, bodyOf(draft), PlanSchema);
      setDraft(blank);
      data.reload();
    });
  };
  const toggle = (p: Plan) =>
    void change.run(async () => {
      await api.send('PATCH', `/manage/plans/${p.id}`, PlanPatch, { active: !p.active }, PlanSchema);
      data.reload();
    });
  const remove = (p: Plan) =>
    void change.run(async () => {
      await api.send('DELETE', `/manage/plans/${p.id}`, NoContent, null, NoContent);
      data.reload();
    });

  return (
    <div className="stack">
      <h2>{t('title')}</h2>
      <ResourceView resource={data}>
        {({ plans, shifts, zones }) => (
          <>
            {plans.length === 0 ? <p className="muted">{t('none')}</p> : null}
            {plans.length > 0 ? (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{t('title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{c('name')}</th>
                      <th scope="col">{t('kind')}</th>
                      <th scope="col">{t('price')}</th>
                      <th scope="col">{t('tax')}</th>
                      <th scope="col">{t('shift')}</th>
                      <th scope="col">{c('status')}</th>
                      <th scope="col">{c('actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {plans.map((p) => (
                      <tr key={p.id}>
                        <td>{p.name}</td>
                        <td>{t(p.kind)}</td>
                        <td>{formatMoney(p.pricePaise, 'INR', lang)}</td>
                        <td>{p.taxRateBp / 100}%</td>
                        <td>{shifts.find((s) => s.id === p.shiftId)?.name ?? c('none')}</td>
                        <td>
                          <span className={p.active ? 'badge badge-ok' : 'badge'}>
                            {p.active ? t('onSale') : t('off')}
                          </span>
                        </td>
                        <td>
                          <div className="row-actions">
                            <button
                              type="button"
                              className="button"
                              onClick={() => setDraft(draftOf(p))}
                              aria-label={t('editPlan', { name: p.name })}
                            >
                              {t('edit')}
                            </button>
                            <button
                              type="button"
                              className="button"
                              disabled={change.busy}
                              onClick={() => toggle(p)}
                            >
                              {p.active ? t('switchOff') : t('switchOn')}
                            </button>
                            <button
                              type="button"
                              className="button button-danger"
                              disabled={change.busy}
                              onClick={() => remove(p)}
                              aria-label={t('deletePlan', { name: p.name })}
                            >
                              {c('delete')}
                            </button>
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <FormError error={change.error} />
            <form className="card stack" onSubmit={submit} aria-labelledby="plan-form">
              <h3 id="plan-form">{draft.id ? t('editTitle') : t('addTitle')}</h3>
              <div className="form-grid">
                <label className="field">
                  {t('planName')}
                  <input
                    required
                    maxLength={100}
                    value={draft.name}
                    onChange={(e) => set('name', e.target.value)}
                  />
                </label>
                <label className="field">
                  {t('kind')}
                  <select value={draft.kind} onChange={(e) => set('kind', e.target.value as PlanKind)}>
                    {kinds.map((k) => (
                      <option key={k} value={k}>
                        {t(k)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  {t('priceRupees')}
                  <input
                    required
                    type="number"
                    min={0}
                    step="0.01"
                    inputMode="decimal"
                    value={draft.price}
                    onChange={(e) => set('price', e.target.value)}
                  />
                </label>
                <label className="field">
                  {t('taxPercent')}
                  <input
                    required
                    type="number"
                    min={0}
                    max={100}
                    step="0.01"
                    inputMode="decimal"
                    value={draft.tax}
                    onChange={(e) => set('tax', e.target.value)}
                  />
                </label>
                <label className="field">
                  {t('shift')}
                  <select
                    value={draft.shiftId}
                    onChange={(e) => set('shiftId', e.target.value)}
                    required={draft.kind === 'shift'}
                  >
                    <option value="">{t('anyShift')}</option>
                    {shifts.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name} ({s.start}–{s.end})
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  {t('zone')}
                  <select value={draft.zoneId} onChange={(e) => set('zoneId', e.target.value)}>
                    <option value="">{t('anyZone')}</option>
                    {zones.map((z) => (
                      <option key={z.id} value={z.id}>
                        {z.name}
                      </option>
                    ))}
                  </select>
                </label>
                {draft.kind === 'monthly' ? (
                  <label className="field">
                    {t('days')}
                    <input
                      required
                      type="number"
                      min={1}
                      max={366}
                      value={draft.days}
                      onChange={(e) => set('days', e.target.value)}
                    />
                  </label>
                ) : null}
              </div>
              <FormError error={save.error} />
              <div className="row">
                <button type="submit" className="button button-primary" disabled={save.busy}>
                  {draft.id ? c('save') : t('addPlan')}
                </button>
                {draft.id ? (
                  <button type="button" className="button" onClick={() => setDraft(blank)}>
                    {c('cancel')}
                  </button>
                ) : null}
              </div>
            </form>
          </>
        )}
      </ResourceView>
    </div>
  );
}
