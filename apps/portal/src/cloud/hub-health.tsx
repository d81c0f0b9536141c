/**
 * What a hub's last heartbeat says (issue #5, ADR 0016), in the one form both fleet tables show
 * it — the owner's Hubs tab and the platform admin's Hub fleet: its state, software version, how
 * long it has been up, the changes it has not sent (and those the cloud refused, which wait for a
 * technician), how far its copy lags the cloud, its devices online and offline, its free disk and
 * when it was last heard from. A field the hub never reported shows as a dash. Problems (refused
 * changes, offline devices, under 1 GB free) are highlighted and also said in words.
 */
import { formatDateTime, type Lang, useMessages, type Vars } from '@studyspot/app-kit';
import type { ReactNode } from 'react';
import { hubs as messages } from './messages-activity.ts';
import { common } from './messages-shell.ts';
import type { FleetHub } from './schemas.ts';

type T = (key: keyof (typeof messages)['en'], vars?: Vars) => string;

const GB = 1024 ** 3;
const MB = 1024 ** 2;
/** Under this much free space a hub's SQLite, logs and backups are at risk: time to clean up. */
const LOW_DISK_BYTES = GB;

/** "45 s", "12 min 5 s", "3 h 12 min", "2 d 4 h": the two largest units, as `studyspot-hub status`. */
function formatDuration(seconds: number, t: T): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('seconds', { n: s });
  const [big, small] =
    s < 3600
      ? [t('minutes', { n: Math.floor(s / 60) }), t('seconds', { n: s % 60 })]
      : s < 86_400
        ? [t('hours', { n: Math.floor(s / 3600) }), t('minutes', { n: Math.floor((s % 3600) / 60) })]
        : [t('days', { n: Math.floor(s / 86_400) }), t('hours', { n: Math.floor((s % 86_400) / 3600) })];
  return `${big} ${small}`;
}

/** Free space in MB under 1 GB, else GB (one decimal under 10 GB); binary units, as the hub's CLI. */
function formatBytes(bytes: number, t: T, lang: Lang): string {
  const number = (n: number, digits: number) =>
    new Intl.NumberFormat(`${lang}-IN`, { maximumFractionDigits: digits }).format(n);
  if (bytes < GB) return t('mb', { n: number(Math.floor(bytes / MB), 0) });
  const gb = bytes / GB;
  return t('gb', { n: number(gb, gb < 10 ? 1 : 0) });
}

function HubStatus({ online, state }: { online: boolean; state: FleetHub['state'] }) {
  const { t } = useMessages(messages);
  if (state === 'revoked') return <span className="badge">{t('revoked')}</span>;
  if (state === 'awaiting_pairing') return <span className="badge badge-warn">{t('awaiting')}</span>;
  return (
    <span className={online ? 'badge badge-ok' : 'badge badge-danger'}>
      {online ? t('online') : t('offline')}
    </span>
  );
}

/** The heartbeat's columns, after Status. */
const columns = ['version', 'uptime', 'backlog', 'lag', 'devices', 'disk', 'lastSeen'] as const;

/** The header cells of the columns `HubHealthCells` fills, from Status to Last heard from. */
export function HubHealthHeads() {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  return (
    <>
      <th scope="col">{c('status')}</th>
      {columns.map((key) => (
        <th key={key} scope="col">
          {t(key)}
        </th>
      ))}
    </>
  );
}

/** One hub's cells under `HubHealthHeads`; times in `timeZone`. */
export function HubHealthCells({ hub, timeZone }: { hub: FleetHub; timeZone: string }) {
  const { t, lang } = useMessages(messages);
  const c = useMessages(common).t;
  const dash = c('none');
  const or = <V,>(value: V | null, show: (v: V) => ReactNode) => (value === null ? dash : show(value));
  const cells: Record<(typeof columns)[number], ReactNode> = {
    version: hub.softwareVersion ?? dash,
    uptime: or(hub.uptimeS, (s) => formatDuration(s, t)),
    backlog: or(hub.outboxBacklog, (n) => <Backlog waiting={n} parked={hub.parked ?? 0} t={t} />),
    lag: or(hub.shapeLagMs, (ms) => formatDuration(ms / 1000, t)),
    devices: or(hub.devicesOnline, (n) => (
      <>
        {t('devicesOnline', { n })} /{' '}
        <Problem when={(hub.devicesOffline ?? 0) > 0}>
          {t('devicesOffline', { n: hub.devicesOffline ?? 0 })}
        </Problem>
      </>
    )),
    disk: or(hub.diskFreeBytes, (bytes) =>
      bytes < LOW_DISK_BYTES ? (
        <Problem when>{t('diskLow', { free: formatBytes(bytes, t, lang) })}</Problem>
      ) : (
        formatBytes(bytes, t, lang)
      ),
    ),
    lastSeen: hub.lastSeenAt === null ? c('never') : formatDateTime(hub.lastSeenAt, timeZone, lang),
  };
  return (
    <>
      <td data-label={c('status')}>
        <HubStatus online={hub.online} state={hub.state} />
      </td>
      {columns.map((key) => (
        <td key={key} data-label={t(key)} data-cell={key}>
          {cells[key]}
        </td>
      ))}
    </>
  );
}

/** "12 waiting · 1 refused": refused (parked) changes need a technician (`studyspot-hub sync`). */
function Backlog({ waiting, parked, t }: { waiting: number; parked: number; t: T }) {
  return (
    <>
      {t('waiting', { n: waiting })}
      {parked > 0 ? (
        <>
          {' · '}
          <Problem when title={t('parkedHint')}>
            {t('parked', { n: parked })}
          </Problem>
        </>
      ) : null}
    </>
  );
}

function Problem({ when, title, children }: { when: boolean; title?: string; children: ReactNode }) {
  return when ? (
    <strong className="hub-problem" title={title}>
      {children}
    </strong>
  ) : (
    children
  );
}
