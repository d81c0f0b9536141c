/**
 * Platform admins: the tenants (GET /admin/tenants, paged) with their libraries, published ones and
 * hubs counted, and opening a new tenant with its owner's account (POST /tenants, then
 * POST /tenants/{id}/owners) — the owner signs in here and builds the libraries.
 */
import { formatDateTime, useMessages } from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { admin as messages } from './messages-admin.ts';
import { common } from './messages-shell.ts';
import { byCursor, PAGE_SIZE, usePaged } from './paging.ts';
import { AdminTenantPage, NewOwner, NewTenant, Owner, Tenant } from './schemas.ts';
import { FormError, PagedView, ScreenHeader, useAction, useApi } from './ui.tsx';

const UTC = 'UTC';
const blank = { name: '', slug: '', ownerName: '', ownerEmail: '', ownerPassword: '' };

export function AdminTenants() {
  const { t, lang } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const paged = usePaged(
    async (cursor) =>
      byCursor(await api.get('/admin/tenants', AdminTenantPage, { limit: PAGE_SIZE, cursor })),
    [],
  );
  const create = useAction();
  const [form, setForm] = useState(blank);
  const [done, setDone] = useState<string | null>(null);
  const field = (key: keyof typeof blank) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    void create.run(async () => {
      const tenant = await api.post(
        '/tenants',
        NewTenant,
        { name: form.name.trim(), slug: form.slug.trim() },
        Tenant,
      );
      const owner = {
        name: form.ownerName.trim(),
        email: form.ownerEmail.trim(),
        password: form.ownerPassword,
      };
      await api.post(`/tenants/${tenant.id}/owners`, NewOwner, owner, Owner);
      setDone(tenant.name);
      setForm(blank);
      paged.resource.reload();
    });
  };

  return (
    <>
      <ScreenHeader title={t('tenantsTitle')} />
      <PagedView paged={paged} empty={t('noTenants')}>
        {(items) => (
          <div className="table-wrap">
            <table className="responsive">
              <caption className="visually-hidden">{t('tenantsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{c('name')}</th>
                  <th scope="col">{t('slug')}</th>
                  <th scope="col">{c('status')}</th>
                  <th scope="col">{t('libraries')}</th>
                  <th scope="col">{t('hubs')}</th>
                  <th scope="col">{t('since')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((x) => (
                  <tr key={x.id}>
                    <td data-label={c('name')}>{x.name}</td>
                    <td data-label={t('slug')}>{x.slug}</td>
                    <td data-label={c('status')}>
                      <span className={x.status === 'active' ? 'badge badge-ok' : 'badge badge-danger'}>
                        {t(x.status === 'active' ? 'active' : 'suspended')}
                      </span>
                    </td>
                    <td data-label={t('libraries')}>
                      {t('librariesCount', { n: x.libraries, published: x.publishedLibraries })}
                    </td>
                    <td data-label={t('hubs')}>{x.hubs}</td>
                    <td data-label={t('since')}>{formatDateTime(x.createdAt, UTC, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
      <form className="card stack" onSubmit={submit} aria-labelledby="new-tenant">
        <h2 id="new-tenant">{t('newTenant')}</h2>
        <div className="form-grid">
          <label className="field">
            {t('tenantName')}
            <input required maxLength={200} {...field('name')} />
          </label>
          <label className="field">
            {t('slug')}
            <input required pattern="[a-z0-9][a-z0-9\-]{1,62}" {...field('slug')} />
          </label>
          <label className="field">
            {t('ownerName')}
            <input required maxLength={120} {...field('ownerName')} />
          </label>
          <label className="field">
            {t('ownerEmail')}
            <input required type="email" {...field('ownerEmail')} />
          </label>
          <label className="field">
            {t('ownerPassword')}
            <input
              required
              type="password"
              minLength={10}
              autoComplete="new-password"
              {...field('ownerPassword')}
            />
          </label>
        </div>
        <FormError error={create.error} />
        {done ? (
          <p role="status" className="ok-text">
            {t('tenantCreated', { name: done })}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={create.busy}>
            {t('createTenant')}
          </button>
        </div>
      </form>
    </>
  );
}
