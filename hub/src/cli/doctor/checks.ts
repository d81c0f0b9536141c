/**
 * The checks `studyspot-hub doctor` runs, each a small function from what was gathered (config,
 * database check, status, health) to a verdict with a fix a technician can act on. They never
 * throw: a check that cannot run says `skip` and why. Order is the order a technician would look:
 * configuration, database, process, broker, each device, clock, cloud, outbox, shapes, disk, heat.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import type { DatabaseCheck } from '../../admin/backup.ts';
import type { HubStatus } from '../../admin/status.ts';
import type { HealthReport } from '../../http/health.ts';
import { ago, bytes, duration } from '../format.ts';

export type Verdict = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  check: string;
  status: Verdict;
  detail: string;
  fix?: string;
}

export interface DoctorInput {
  configFile: string | null;
  /** null when the configuration is valid. */
  configProblem: string | null;
  database: DatabaseCheck;
  dbFile: string;
  status: HubStatus | null;
  health: HealthReport | null;
  mqtt: { host: string; port: number };
  cloud: { reachable: boolean; detail: string; dateHeader: number | null } | null;
  outboxMaxAgeMs: number;
  now: number;
}

const result = (check: string, status: Verdict, detail: string, fix?: string): CheckResult =>
  fix ? { check, status, detail, fix } : { check, status, detail };

export function checkConfig(i: DoctorInput): CheckResult {
  if (i.configProblem)
    return result(
      'config',
      'fail',
      i.configProblem,
      `edit ${i.configFile ?? 'the config'}, then: studyspot-hub config validate`,
    );
  return result(
    'config',
    'ok',
    i.configFile ? `${i.configFile} is valid` : 'defaults and environment (no config file)',
  );
}

export function checkDatabase(i: DoctorInput): CheckResult {
  const d = i.database;
  if (!d.ok)
    return result(
      'database',
      'fail',
      `${i.dbFile}: ${d.problems.slice(0, 3).join('; ')}`,
      'stop the hub and restore the last good backup: studyspot-hub restore <file> --force',
    );
  return result('database', 'ok', `integrity ok, schema ${d.schemaVersion}, ${bytes(d.bytes)}`);
}

export function checkProcess(i: DoctorInput): CheckResult {
  if (i.status?.running)
    return result('hub', 'ok', `running, up ${duration((i.status.process?.uptimeS ?? 0) * 1000)}`);
  return result(
    'hub',
    'fail',
    'not running (its admin socket does not answer)',
    'sudo systemctl start studyspot-hub; if it stops again: journalctl -u studyspot-hub -n 50',
  );
}

/** Connects to the broker's TCP port: is something listening? */
export function probeTcp(host: string, port: number, timeoutMs = 2_000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: host === '0.0.0.0' ? '127.0.0.1' : host, port });
    const done = (error: string | null) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done('timed out'));
    socket.once('connect', () => done(null));
    socket.once('error', (e) => done(e.message));
  });
}

export async function checkBroker(i: DoctorInput): Promise<CheckResult> {
  if (!i.status?.running) return result('broker', 'skip', 'the hub is not running');
  const port = i.status.endpoints.mqttPort;
  if (port === null)
    return result(
      'broker',
      'fail',
      'the MQTT broker is not started (no library on this hub yet?)',
      'pair the hub: studyspot-hub pair <code> --cloud <url>',
    );
  const refused = await probeTcp(i.mqtt.host, port);
  const health = i.health?.components.broker;
  if (refused || health?.status === 'down')
    return result(
      'broker',
      'fail',
      `port ${port}: ${refused ?? health?.detail ?? 'down'}`,
      `restart the hub; if the port is taken: ss -ltnp | grep :${port}`,
    );
  return result('broker', 'ok', `listening on port ${port}`);
}

const deviceFix = (kind: string, path: string | null): string => {
  if (path) return `check the USB cable and adapter of ${path}; ls -l /dev/serial/by-id/`;
  if (kind.startsWith('mqtt') || kind === 'lock' || kind.endsWith('sensor') || kind === 'qr_reader')
    return 'check the device has power and Wi-Fi, and its credential (devices remove + add issues a new one)';
  if (kind.startsWith('gpio')) return 'check the wiring and the GPIO chip/line in the config';
  return 'see studyspot-hub logs --component drivers';
};

export function checkDevices(i: DoctorInput): CheckResult[] {
  const list = i.status?.devices.list ?? [];
  if (list.length === 0) return [result('devices', 'ok', 'no devices configured')];
  return list.map((d) => {
    const name = `device ${d.id}`;
    if (!i.status?.running) {
      if (d.path && !existsSync(d.path))
        return result(
          name,
          'fail',
          `serial port ${d.path} is missing (unplugged?)`,
          deviceFix(d.kind, d.path),
        );
      return result(name, 'skip', 'the hub is not running');
    }
    if (d.health === 'online') return result(name, 'ok', d.detail);
    if (d.health === 'unknown')
      return result(name, 'warn', d.detail, `run studyspot-hub devices test ${d.id}`);
    if (d.health === 'jammed')
      return result(
        name,
        'fail',
        d.detail,
        `check the lock mechanism by hand, then: studyspot-hub devices test ${d.id}`,
      );
    return result(name, 'fail', d.detail, deviceFix(d.kind, d.path));
  });
}

const EARLIEST_SANE = Date.UTC(2025, 0, 1);
const MAX_SKEW_MS = 5 * 60_000;

export function checkClock(i: DoctorInput): CheckResult {
  const fix = 'timedatectl set-ntp true (a Pi has no battery clock: it needs NTP after every power cut)';
  if (i.now < EARLIEST_SANE)
    return result('clock', 'fail', `the system clock says ${new Date(i.now).toISOString()}`, fix);
  if (i.cloud?.dateHeader) {
    const skew = i.now - i.cloud.dateHeader;
    if (Math.abs(skew) > MAX_SKEW_MS)
      return result(
        'clock',
        'fail',
        `${duration(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} the cloud (the cloud refuses hubs off by more than 5 min)`,
        fix,
      );
    return result('clock', 'ok', `within ${duration(Math.abs(skew))} of the cloud`);
  }
  return result('clock', 'ok', `${new Date(i.now).toISOString()} (not compared: no cloud answer)`);
}

export function checkCloud(i: DoctorInput): CheckResult {
  if (!i.cloud) return result('cloud', 'skip', 'standalone hub (not paired, no cloud.url)');
  if (!i.cloud.reachable)
    return result(
      'cloud',
      'fail',
      i.cloud.detail,
      'check the network: ip route; ping 1.1.1.1; DNS (resolvectl status); the cloud URL in the config',
    );
  return result('cloud', 'ok', i.cloud.detail);
}

export function checkOutbox(i: DoctorInput): CheckResult[] {
  if (!i.status) return [result('outbox', 'skip', 'the database could not be read')];
  const s = i.status.sync;
  const out: CheckResult[] = [];
  const age = s.oldestPendingAt === null ? 0 : i.now - s.oldestPendingAt;
  const lastError = s.pusher?.consecutiveFailures ? ` — last error: ${s.pusher.lastError}` : '';
  if (s.backlog > 0 && age > i.outboxMaxAgeMs) {
    const why = !i.status.cloud.url
      ? ' and no cloud is configured'
      : !i.cloud?.reachable
        ? ' and the cloud is unreachable'
        : '';
    out.push(
      result(
        'outbox',
        'fail',
        `stuck: ${s.backlog} change(s) waiting, the oldest since ${ago(s.oldestPendingAt, i.now)}${why}${lastError}`,
        i.status.cloud.url
          ? 'fix the cloud link (see the cloud check), then: studyspot-hub sync push'
          : 'pair the hub: studyspot-hub pair <code> --cloud <url>',
      ),
    );
  } else
    out.push(
      result(
        'outbox',
        'ok',
        s.backlog ? `${s.backlog} waiting, oldest ${ago(s.oldestPendingAt, i.now)}` : 'empty',
      ),
    );
  if (s.parked > 0)
    out.push(
      result(
        'outbox parked',
        'warn',
        `${s.parked} change(s) the cloud rejected (first: ${s.parkedSample[0]?.kind} ${s.parkedSample[0]?.code})`,
        'see studyspot-hub sync status; after fixing the cause: studyspot-hub sync push --retry-parked',
      ),
    );
  return out;
}

export function checkShapes(i: DoctorInput): CheckResult {
  if (!i.status?.cloud.url) return result('shapes', 'skip', 'standalone hub');
  const shapes = i.status.sync.shapes;
  const behind = shapes.filter((s) => s.lagMs === null || s.lagMs > i.outboxMaxAgeMs);
  if (behind.length === 0) return result('shapes', 'ok', `${shapes.length} shapes up to date`);
  const names = behind.map((s) => `${s.name} (${s.lagMs === null ? 'never synced' : duration(s.lagMs)})`);
  return result(
    'shapes',
    'warn',
    `behind: ${names.join(', ')}`,
    'fix the cloud link; a shape that stays behind: studyspot-hub sync resync <shape>',
  );
}

export function checkDisk(i: DoctorInput): CheckResult {
  const disk = i.status?.system.disk;
  if (!disk) return result('disk', 'skip', 'free space could not be read');
  const share = disk.freeBytes / disk.totalBytes;
  const detail = `${bytes(disk.freeBytes)} free of ${bytes(disk.totalBytes)} (${Math.round(share * 100)}%)`;
  const fix = 'remove old backups in the data directory, journalctl --vacuum-size=50M, check logrotate';
  if (disk.freeBytes < 200 * 1024 * 1024 || share < 0.05) return result('disk', 'fail', detail, fix);
  if (share < 0.15) return result('disk', 'warn', detail, fix);
  return result('disk', 'ok', detail);
}

export function checkTemperature(i: DoctorInput): CheckResult {
  const t = i.status?.system.socTempC;
  if (t === null || t === undefined) return result('temperature', 'skip', 'no SoC thermal sensor readable');
  const fix = 'give the hub airflow or a heatsink/fan; a Pi throttles at 80-85 °C';
  if (t >= 85) return result('temperature', 'fail', `${t} °C`, fix);
  if (t >= 75) return result('temperature', 'warn', `${t} °C`, fix);
  return result('temperature', 'ok', `${t} °C`);
}
