/**
 * A library's members (GET /libraries/{id}/members: newest first, paged, searched by name or
 * phone), with their current memberships and bookings counted. Members are created at the hub's
 * desk or by students' sign-ups; the cloud mirrors them, so this list only reads.
 */
import { formatDateTime, useMessages } from '@studyspot/app-kit';
import { useEffect, useState } from 'react';
import type { SectionProps } from './library-screen.tsx';
import { members as messages } from './messages-activity.ts';
import { byCursor, PAGE_SIZE, usePaged } from './paging.ts';
import { MemberPage } from './schemas.ts';
import { PagedView, useApi } from './ui.tsx';

export function MembersSection({ library }: SectionProps) {
  const { t, lang } = useMessages(messages);
  const api = useApi();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    // search as the owner types, once they pause
    const timer = setTimeout(() => setQuery(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const paged = usePaged(
    async (cursor) =>
      byCursor(
        await api.get(`/libraries/${library.id}/members`, MemberPage, {
          limit: PAGE_SIZE,
          cursor,
          q: query || undefined,
        }),
      ),
    [library.id, query],
  );
  return (
    <div className="stack">
      <h2>{t('title')}</h2>
      <form onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('search')}
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
      </form>
      <PagedView paged={paged} empty={query ? t('noMatch') : t('none')}>
        {(items) => (
          <div className="table-wrap">
            <table className="responsive">
              <caption className="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('phone')}</th>
                  <th scope="col">{t('memberships')}</th>
                  <th scope="col">{t('bookings')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('since')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <tr key={m.id}>
                    <td data-label={t('name')}>
                      {m.name}
                      {m.email ? (
                        <>
                          <br />
                          <span className="muted">{m.email}</span>
                        </>
                      ) : null}
                    </td>
                    <td data-label={t('phone')}>{m.phone}</td>
                    <td data-label={t('memberships')}>{m.activeMemberships}</td>
                    <td data-label={t('bookings')}>{m.bookings}</td>
                    <td data-label={t('status')}>
                      <span className={m.status === 'active' ? 'badge badge-ok' : 'badge badge-danger'}>
                        {t(m.status)}
                      </span>
                    </td>
                    <td data-label={t('since')}>{formatDateTime(m.createdAt, library.timezone, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </div>
  );
}
