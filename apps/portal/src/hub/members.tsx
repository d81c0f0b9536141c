/**
 * Members at the desk: search by name or phone (paged with the hub's cursor, "Load more"),
 * register a new member, and open one to set their kiosk PIN, start a membership for cash or book
 * them a seat as a walk-in (member-detail.tsx).
 */

import {
  Empty,
  ErrorState,
  errorText,
  Loading,
  MemberPage,
  NewMember,
  normalizePhone,
  useMessages,
} from '@studyspot/app-kit';
import type { Member } from '@studyspot/core';
import { Member as MemberSchema } from '@studyspot/core';
import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import type { PanelProps } from './dashboard.tsx';
import { MemberDetail } from './member-detail.tsx';
import { messages } from './messages.ts';

const PAGE = 20;

interface Found {
  items: Member[];
  nextCursor: string | null;
  status: 'loading' | 'ready' | 'error';
  error: unknown;
}

export function MembersPanel({ api, library }: PanelProps) {
  const { t } = useMessages(messages);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found>({ items: [], nextCursor: null, status: 'loading', error: null });
  const [open, setOpen] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the retry button's way to search again
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.get('/members', MemberPage, { q: query.trim(), limit: PAGE }).then(
        (page) => live && setFound({ ...page, status: 'ready', error: null }),
        (error: unknown) => live && setFound((f) => ({ ...f, status: 'error', error })),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, query, tick]);
  const more = () => {
    if (!found.nextCursor) return;
    api.get('/members', MemberPage, { q: query.trim(), limit: PAGE, cursor: found.nextCursor }).then(
      (page) =>
        setFound((f) => ({
          items: [...f.items, ...page.items],
          nextCursor: page.nextCursor,
          status: 'ready',
          error: null,
        })),
      (error: unknown) => setFound((f) => ({ ...f, status: 'error', error })),
    );
  };

  return (
    <section aria-labelledby="members-title" className="stack">
      <h2 id="members-title">{t('navMembers')}</h2>
      <label>
        {t('search')}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={120} />
      </label>
      {found.status === 'loading' ? <Loading /> : null}
      {found.status === 'error' ? (
        <ErrorState error={found.error} onRetry={() => setTick((n) => n + 1)} />
      ) : null}
      {found.status === 'ready' && found.items.length === 0 ? <Empty>{t('noMembers')}</Empty> : null}
      <ul className="member-list">
        {found.items.map((m) => (
          <li key={m.id} className="card">
            <div className="row">
              <div className="grow">
                <strong>{m.name}</strong>
                <div className="muted">{m.phone}</div>
              </div>
              <button
                type="button"
                className="button"
                aria-expanded={open === m.id}
                aria-label={`${t('select')}: ${m.name}`}
                onClick={() => setOpen(open === m.id ? null : m.id)}
              >
                {open === m.id ? t('close') : t('select')}
              </button>
            </div>
            {open === m.id ? <MemberDetail api={api} library={library} memberId={m.id} /> : null}
          </li>
        ))}
      </ul>
      {found.nextCursor ? (
        <button type="button" className="button" onClick={more}>
          {t('loadMore')}
        </button>
      ) : null}
      <RegisterForm
        api={api}
        onRegistered={(m) => {
          setQuery(m.phone);
          setOpen(m.id);
          setTick((n) => n + 1);
        }}
      />
    </section>
  );
}

function RegisterForm({
  api,
  onRegistered,
}: Pick<PanelProps, 'api'> & { onRegistered: (m: Member) => void }) {
  const { t, lang } = useMessages(messages);
  const [error, setError] = useState<unknown>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const email = String(data.get('email')).trim();
    const body = {
      name: String(data.get('name')).trim(),
      phone: normalizePhone(String(data.get('phone'))),
      ...(email ? { email } : {}),
    };
    setError(null);
    api.post('/members', NewMember, body, MemberSchema).then((m) => {
      form.reset();
      onRegistered(m);
    }, setError);
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="register-title">
      <h3 id="register-title">{t('newMember')}</h3>
      <div className="form-grid">
        <label>
          {t('name')}
          <input name="name" required maxLength={120} autoComplete="off" />
        </label>
        <label>
          {t('phone')}
          <input name="phone" type="tel" required maxLength={16} autoComplete="off" />
        </label>
        <label>
          {t('email')}
          <input name="email" type="email" maxLength={200} autoComplete="off" />
        </label>
      </div>
      {error ? (
        <p role="alert" className="state state-error">
          {errorText(error, lang)}
        </p>
      ) : null}
      <button type="submit" className="button button-primary">
        {t('register')}
      </button>
    </form>
  );
}
