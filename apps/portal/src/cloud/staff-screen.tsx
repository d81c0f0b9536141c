/**
 * Staff accounts. The owner's tenant-wide list (GET /staff) with each account's status and its
 * actions (disable/enable, new password: staff-actions.tsx), a form that creates an account
 * with an initial password and the libraries it works at (POST /staff); and, per library, which
 * staff work there (PUT /manage/libraries/{id}/staff) — staff see only those libraries.
 */
import { useMessages, useResource } from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { SectionProps } from './library-screen.tsx';
import { staff as messages } from './messages-activity.ts';
import { common } from './messages-shell.ts';
import { LibraryPage, LibraryStaff, NewStaff, StaffAccount, StaffAssignment, StaffList } from './schemas.ts';
import { StaffActions } from './staff-actions.tsx';
import { FormError, ResourceView, ScreenHeader, useAction, useApi } from './ui.tsx';

const blank = { name: '', email: '', password: '', libraryIds: [] as string[] };

export function StaffScreen() {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const data = useResource(async () => {
    const [staff, libraries] = await Promise.all([
      api.get('/staff', StaffList),
      api.get('/manage/libraries', LibraryPage, { limit: 200 }),
    ]);
    return { staff: staff.items, libraries: libraries.items };
  }, []);
  const create = useAction();
  const [form, setForm] = useState(blank);
  const [created, setCreated] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run(async () => {
      const account = await api.post('/staff', NewStaff, { ...form, email: form.email.trim() }, StaffAccount);
      setCreated(account.email);
      setForm(blank);
      data.reload();
    });
  };

  return (
    <>
      <ScreenHeader title={t('title')} />
      <ResourceView resource={data}>
        {({ staff, libraries }) => (
          <div className="stack">
            <div className="table-wrap">
              <table className="responsive">
                <caption className="visually-hidden">{t('title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{c('name')}</th>
                    <th scope="col">{t('email')}</th>
                    <th scope="col">{t('role')}</th>
                    <th scope="col">{t('worksAt')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {staff.map((s) => (
                    <tr key={s.id} data-staff={s.email}>
                      <td data-label={c('name')}>{s.name}</td>
                      <td data-label={t('email')}>{s.email}</td>
                      <td data-label={t('role')}>{t(s.role)}</td>
                      <td data-label={t('worksAt')}>
                        {s.role === 'owner'
                          ? t('everyLibrary')
                          : s.libraryIds
                              .map((id) => libraries.find((l) => l.id === id)?.name ?? id)
                              .join(', ') || c('none')}
                      </td>
                      <td data-label={t('status')}>
                        <span className={s.status === 'active' ? 'badge badge-ok' : 'badge badge-danger'}>
                          {t(s.status)}
                        </span>
                      </td>
                      <td data-label={t('actions')}>
                        {s.role === 'staff' ? <StaffActions account={s} onChanged={data.reload} /> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <form className="card stack" onSubmit={submit} aria-labelledby="new-staff">
              <h2 id="new-staff">{t('addTitle')}</h2>
              <div className="form-grid">
                <label className="field">
                  {c('name')}
                  <input
                    required
                    maxLength={120}
                    value={form.name}
                    onChange={(e) => setForm({ ...form, name: e.target.value })}
                  />
                </label>
                <label className="field">
                  {t('email')}
                  <input
                    required
                    type="email"
                    value={form.email}
                    onChange={(e) => setForm({ ...form, email: e.target.value })}
                  />
                </label>
                <label className="field">
                  {t('password')}
                  <input
                    required
                    type="password"
                    minLength={10}
                    autoComplete="new-password"
                    value={form.password}
                    onChange={(e) => setForm({ ...form, password: e.target.value })}
                  />
                </label>
              </div>
              <fieldset>
                <legend>{t('worksAt')}</legend>
                {libraries.map((l) => (
                  <label key={l.id} className="check">
                    <input
                      type="checkbox"
                      checked={form.libraryIds.includes(l.id)}
                      onChange={(e) =>
                        setForm({
                          ...form,
                          libraryIds: e.target.checked
                            ? [...form.libraryIds, l.id]
                            : form.libraryIds.filter((x) => x !== l.id),
                        })
                      }
                    />
                    {l.name}
                  </label>
                ))}
              </fieldset>
              <FormError error={create.error} />
              {created ? (
                <p role="status" className="ok-text">
                  {t('created', { email: created })}
                </p>
              ) : null}
              <div className="row">
                <button type="submit" className="button button-primary" disabled={create.busy}>
                  {t('create')}
                </button>
              </div>
            </form>
          </div>
        )}
      </ResourceView>
    </>
  );
}

export function LibraryStaffSection({ library }: SectionProps) {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const path = `/manage/libraries/${library.id}/staff`;
  const data = useResource(async () => {
    const [all, here] = await Promise.all([api.get('/staff', StaffList), api.get(path, LibraryStaff)]);
    return { accounts: all.items.filter((s) => s.role === 'staff'), here: here.items.map((s) => s.userId) };
  }, [path]);
  const save = useAction();
  const [chosen, setChosen] = useState<string[] | null>(null);
  return (
    <div className="stack">
      <h2>{t('libraryTitle')}</h2>
      <ResourceView resource={data} isEmpty={(d) => d.accounts.length === 0} empty={t('noAccounts')}>
        {({ accounts, here }) => {
          const current = chosen ?? here;
          return (
            <form
              className="card stack"
              onSubmit={(e) => {
                e.preventDefault();
                void save.run(async () => {
                  await api.send('PUT', path, StaffAssignment, { userIds: current }, LibraryStaff);
                  setChosen(null);
                  data.reload();
                });
              }}
            >
              <fieldset>
                <legend>{t('worksHere')}</legend>
                {accounts.map((s) => (
                  <label key={s.id} className="check">
                    <input
                      type="checkbox"
                      checked={current.includes(s.id)}
                      onChange={(e) =>
                        setChosen(e.target.checked ? [...current, s.id] : current.filter((x) => x !== s.id))
                      }
                    />
                    {s.name} <span className="muted">({s.email})</span>
                  </label>
                ))}
              </fieldset>
              <FormError error={save.error} />
              <div className="row">
                <button
                  type="submit"
                  className="button button-primary"
                  disabled={save.busy || chosen === null}
                >
                  {c('save')}
                </button>
              </div>
            </form>
          );
        }}
      </ResourceView>
    </div>
  );
}
