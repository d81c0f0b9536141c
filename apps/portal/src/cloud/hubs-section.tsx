/**
 * A library's hubs (ADR 0016): each with its state (awaiting pairing, paired, unpaired), whether it
 * was heard from in the last three minutes and what its last heartbeat said (hub-health.tsx). The
 * owner adds a hub and gets a one-time pairing code to type into it (`studyspot-hub pair`), and
 * unpairs a hub (its key stops working at once).
 */
import { formatDateTime, useMessages, useResource } from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { HubHealthCells, HubHealthHeads } from './hub-health.tsx';
import type { SectionProps } from './library-screen.tsx';
import { hubs as messages } from './messages-activity.ts';
import { common } from './messages-shell.ts';
import { type FleetHub, FleetHubs, HubPairing, NewHub, NoContent, Unpaired } from './schemas.ts';
import { FormError, ResourceView, useAction, useApi } from './ui.tsx';

export function HubsSection({ library }: SectionProps) {
  const { t, lang } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const list = useResource(() => api.get(`/libraries/${library.id}/hubs`, FleetHubs), [library.id]);
  const create = useAction();
  const unpair = useAction();
  const [name, setName] = useState('');
  const [pairing, setPairing] = useState<HubPairing | null>(null);
  const [removing, setRemoving] = useState<FleetHub | null>(null);
  const when = (at: number | null) => (at === null ? c('never') : formatDateTime(at, library.timezone, lang));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run(async () => {
      setPairing(await api.post(`/libraries/${library.id}/hubs`, NewHub, { name: name.trim() }, HubPairing));
      setName('');
      list.reload();
    });
  };
  const confirmUnpair = () => {
    if (!removing) return;
    void unpair
      .run(() => api.send('DELETE', `/hubs/${removing.id}`, NoContent, null, Unpaired))
      .then((ok) => {
        if (!ok) return;
        setRemoving(null);
        list.reload();
      });
  };

  return (
    <div className="stack">
      <h2>{t('title')}</h2>
      {pairing ? (
        <div className="card pairing" role="status" data-testid="pairing-code">
          <p>{t('pairingFor', { name: pairing.name })}</p>
          <p className="pairing-code">
            <span className="visually-hidden">{t('pairingCode')}: </span>
            <span data-testid="code">{pairing.code}</span>
          </p>
          <p className="muted">
            {t('pairingUntil', { until: when(pairing.expiresAt) })} <code>studyspot-hub pair</code>
          </p>
        </div>
      ) : null}
      <ResourceView resource={list} isEmpty={(d) => d.items.length === 0} empty={t('none')}>
        {(data) => (
          <div className="table-wrap">
            <table className="responsive">
              <caption className="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{c('name')}</th>
                  <HubHealthHeads />
                  <th scope="col">{c('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((h) => (
                  <tr key={h.id} data-hub={h.name}>
                    <td data-label={c('name')}>{h.name}</td>
                    <HubHealthCells hub={h} timeZone={library.timezone} />
                    <td data-label={c('actions')}>
                      {h.state !== 'revoked' ? (
                        <button
                          type="button"
                          className="button button-danger"
                          onClick={() => setRemoving(h)}
                          aria-label={t('unpairHub', { name: h.name })}
                        >
                          {t('unpair')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ResourceView>
      <form className="card stack" onSubmit={submit} aria-labelledby="add-hub">
        <h3 id="add-hub">{t('addTitle')}</h3>
        <label>
          {t('hubName')}
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <FormError error={create.error} />
        <div className="row">
          <button type="submit" className="button button-primary" disabled={create.busy}>
            {t('createCode')}
          </button>
        </div>
      </form>
      {removing ? (
        <ConfirmDialog
          title={t('unpairTitle', { name: removing.name })}
          confirmLabel={t('unpair')}
          cancelLabel={c('cancel')}
          busy={unpair.busy}
          danger
          onConfirm={confirmUnpair}
          onClose={() => {
            setRemoving(null);
            unpair.clear();
          }}
        >
          <p>{t('unpairNote')}</p>
          <FormError error={unpair.error} />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
