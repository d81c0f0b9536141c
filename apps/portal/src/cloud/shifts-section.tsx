/**
 * A library's shifts — named blocks of the day sold as a unit (core `Shift`): the list, a form to
 * add one (POST /manage/libraries/{id}/shifts) and delete (DELETE /manage/shifts/{id}; refused
 * with `conflict` while a plan or booking uses it).
 */
import { useMessages, useResource } from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { SectionProps } from './library-screen.tsx';
import { shifts as messages } from './messages-library.ts';
import { common } from './messages-shell.ts';
import { NewShift, NoContent, ShiftPage, ShiftView } from './schemas.ts';
import { FormError, ResourceView, useAction, useApi } from './ui.tsx';

export function ShiftsSection({ library }: SectionProps) {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const list = useResource(
    () => api.get(`/manage/libraries/${library.id}/shifts`, ShiftPage, { limit: 200 }),
    [library.id],
  );
  const add = useAction();
  const remove = useAction();
  const [form, setForm] = useState({ name: '', start: '06:00', end: '14:00' });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add.run(async () => {
      await api.post(
        `/manage/libraries/${library.id}/shifts`,
        NewShift,
        { ...form, name: form.name.trim() },
        ShiftView,
      );
      setForm({ name: '', start: form.end, end: form.end < '22:00' ? '22:00' : form.end });
      list.reload();
    });
  };

  return (
    <div className="stack">
      <h2>{t('title')}</h2>
      <ResourceView resource={list} isEmpty={(p) => p.items.length === 0} empty={t('none')}>
        {(page) => (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{c('name')}</th>
                  <th scope="col">{t('start')}</th>
                  <th scope="col">{t('end')}</th>
                  <th scope="col">{c('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td>{s.start}</td>
                    <td>{s.end}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-danger"
                        disabled={remove.busy}
                        aria-label={t('deleteShift', { name: s.name })}
                        onClick={() =>
                          void remove.run(async () => {
                            await api.send('DELETE', `/manage/shifts/${s.id}`, NoContent, null, NoContent);
                            list.reload();
                          })
                        }
                      >
                        {c('delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ResourceView>
      <FormError error={remove.error} />
      <form className="card stack" onSubmit={submit} aria-labelledby="add-shift">
        <h3 id="add-shift">{t('addTitle')}</h3>
        <div className="form-grid">
          <label className="field">
            {t('shiftName')}
            <input
              required
              maxLength={60}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          </label>
          <label className="field">
            {t('start')}
            <input
              type="time"
              required
              value={form.start}
              onChange={(e) => setForm({ ...form, start: e.target.value })}
            />
          </label>
          <label className="field">
            {t('end')}
            <input
              type="time"
              required
              value={form.end}
              onChange={(e) => setForm({ ...form, end: e.target.value })}
            />
          </label>
        </div>
        <FormError error={add.error} />
        <div className="row">
          <button type="submit" className="button button-primary" disabled={add.busy}>
            {t('addShift')}
          </button>
        </div>
      </form>
    </div>
  );
}
