/**
 * The entrance tablets paired with this hub (ADR 0020: a tablet pairs itself with a staff
 * sign-in). Revoking one makes its next request 401, which sends that tablet back to its pairing
 * screen — for a lost or replaced tablet.
 */
import {
  Empty,
  ErrorState,
  errorText,
  formatDateTime,
  KioskDevice,
  KioskDevices,
  Loading,
  NoBody,
  useMessages,
  useResource,
} from '@studyspot/app-kit';
import { useState } from 'react';
import type { PanelProps } from './dashboard.tsx';
import { messages } from './messages.ts';

export function KioskList({ api, library }: PanelProps) {
  const { t, lang } = useMessages(messages);
  const kiosks = useResource(() => api.get('/kiosk-devices', KioskDevices), [api]);
  const [error, setError] = useState<unknown>(null);
  if (kiosks.status === 'loading' && !kiosks.data) return <Loading />;
  if (!kiosks.data) return <ErrorState error={kiosks.error} onRetry={kiosks.reload} />;
  const live = kiosks.data.items.filter((k) => k.revokedAt === null);
  const revoke = (id: string) => {
    setError(null);
    api.send('DELETE', `/kiosk-devices/${id}`, NoBody, {}, KioskDevice).then(kiosks.reload, setError);
  };
  return (
    <section aria-labelledby="kiosks-title" className="stack">
      <h3 id="kiosks-title">{t('kiosks')}</h3>
      {error ? (
        <p role="alert" className="state state-error">
          {errorText(error, lang)}
        </p>
      ) : null}
      {live.length === 0 ? <Empty>{t('noKiosks')}</Empty> : null}
      <ul className="member-list">
        {live.map((k) => (
          <li key={k.id} className="card row" data-testid={`kiosk-${k.name}`}>
            <div className="grow">
              <strong>{k.name}</strong>
              <div className="muted">
                {t('pairedAt', { time: formatDateTime(k.createdAt, library.library.timezone, lang) })}
              </div>
            </div>
            <button type="button" className="button button-danger" onClick={() => revoke(k.id)}>
              {t('revoke')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
