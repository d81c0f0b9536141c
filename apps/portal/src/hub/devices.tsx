/**
 * Devices: each driver (lock, sensor, reader) with its supervised status and a lock's confirmed
 * state (jammed shows as such), each MQTT device online or not with when it was last seen, and a
 * manual unlock that asks for a reason — the hub writes it to the audit log with the lock's answer.
 * Refreshed live on `device:changed`. A battery below LOW_BATTERY_PCT is flagged to replace.
 */
import type { Devices as DevicesT } from '@studyspot/app-kit';
import {
  Devices,
  Empty,
  ErrorState,
  errorText,
  formatDateTime,
  Loading,
  Unlock,
  Unlocked,
  useMessages,
  useResource,
} from '@studyspot/app-kit';
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { PanelProps } from './dashboard.tsx';
import { KioskList } from './kiosks.tsx';
import { useLive } from './live.tsx';
import { messages } from './messages.ts';

type Driver = DevicesT['drivers'][number];

/** Coin cells in seat sensors give a few weeks' warning below this level. */
const LOW_BATTERY_PCT = 20;

export function DevicesPanel({ api, library }: PanelProps) {
  const { t, lang } = useMessages(messages);
  const devices = useResource(() => api.get('/devices', Devices), [api]);
  const [unlocking, setUnlocking] = useState<string | null>(null);
  const [answer, setAnswer] = useState<string | null>(null);
  useLive('connect', devices.reload);
  useLive('device:changed', devices.reload);
  if (devices.status === 'loading' && !devices.data) return <Loading />;
  if (!devices.data) return <ErrorState error={devices.error} onRetry={devices.reload} />;
  const { drivers, mqtt } = devices.data;
  const tz = library.library.timezone;
  return (
    <section aria-labelledby="devices-title" className="stack">
      <h2 id="devices-title">{t('devices')}</h2>
      {answer ? (
        <p role="status" className="badge badge-ok">
          {answer}
        </p>
      ) : null}
      {drivers.length + mqtt.length === 0 ? <Empty>{t('noDevices')}</Empty> : null}
      {drivers.length > 0 ? (
        <div className="table-wrap">
          <table className="cards-on-phone">
            <caption className="visually-hidden">{t('drivers')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('device')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {drivers.map((d) => (
                <DriverRow
                  key={d.id}
                  driver={d}
                  open={unlocking === d.id}
                  onOpen={() => setUnlocking(unlocking === d.id ? null : d.id)}
                  onDone={(state) => {
                    setUnlocking(null);
                    setAnswer(t('unlockResult', { lock: d.id, state }));
                    devices.reload();
                  }}
                  api={api}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {mqtt.length > 0 ? (
        <div className="table-wrap">
          <table className="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">{t('device')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('lastSeen')}</th>
                <th scope="col">{t('battery')}</th>
              </tr>
            </thead>
            <tbody>
              {mqtt.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.name}
                    <div className="muted">
                      {m.id} · {m.kind}
                    </div>
                  </td>
                  <td data-label={t('status')}>
                    <span className={m.online ? 'badge badge-ok' : 'badge badge-danger'}>
                      {m.online ? t('online_yes') : t('online_no')}
                    </span>
                  </td>
                  <td data-label={t('lastSeen')}>
                    {m.lastSeen ? formatDateTime(m.lastSeen, tz, lang) : t('never')}
                  </td>
                  <td data-label={t('battery')}>
                    {m.batteryPct === null ? (
                      <span className="muted">{t('notReported')}</span>
                    ) : (
                      <span
                        className={m.batteryPct < LOW_BATTERY_PCT ? 'badge badge-danger' : undefined}
                        data-testid={`battery-${m.id}`}
                      >
                        {m.batteryPct < LOW_BATTERY_PCT
                          ? t('batteryLow', { pct: m.batteryPct })
                          : `${m.batteryPct}%`}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <KioskList api={api} library={library} />
    </section>
  );
}

function DriverRow({
  driver: d,
  open,
  onOpen,
  onDone,
  api,
}: {
  driver: Driver;
  open: boolean;
  onOpen: () => void;
  onDone: (state: string) => void;
  api: PanelProps['api'];
}) {
  const { t, lang } = useMessages(messages);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const bad = d.lockState === 'jammed' || d.lockState === 'unavailable' || d.status !== 'running';
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason'));
    setBusy(true);
    setError(null);
    api
      .post(`/devices/${d.id}/unlock`, Unlock, { reason }, Unlocked)
      .then((r) => onDone(r.state), setError)
      .finally(() => setBusy(false));
  };
  return (
    <>
      <tr data-testid={`driver-${d.id}`}>
        <td data-label={t('device')}>{d.id}</td>
        <td data-label={t('role')}>{d.role}</td>
        <td data-label={t('state')}>
          <span className={bad ? 'badge badge-danger' : 'badge'}>{d.lockState ?? d.status}</span>
        </td>
        <td>
          {d.role === 'lock' ? (
            <button type="button" className="button" aria-expanded={open} onClick={onOpen}>
              {t('unlock')}
            </button>
          ) : null}
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={4}>
            <form className="stack" onSubmit={submit} aria-label={t('unlockTitle', { lock: d.id })}>
              <label>
                {t('reason')}
                {/* biome-ignore lint/a11y/noAutofocus: the form opens on purpose to ask for the reason */}
                <input name="reason" required minLength={3} maxLength={200} autoFocus />
              </label>
              {error ? (
                <p role="alert" className="state state-error">
                  {errorText(error, lang)}
                </p>
              ) : null}
              <div className="row">
                <button type="submit" className="button button-danger" disabled={busy}>
                  {t('confirmUnlock')}
                </button>
                <button type="button" className="button" onClick={onOpen}>
                  {t('cancel')}
                </button>
              </div>
            </form>
          </td>
        </tr>
      ) : null}
    </>
  );
}
