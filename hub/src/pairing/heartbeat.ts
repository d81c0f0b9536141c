/**
 * The fleet heartbeat (ADR 0016): every 60 s the hub POSTs its status to `/v1/hubs/heartbeat`,
 * signed like every hub request — version, uptime, outbox backlog and parked mutations (the
 * pusher), shape lag (the consumer, when there is one), devices online/offline (the drivers) and
 * free disk in the data dir. A failed beat is logged and the next one goes out on schedule.
 */
import { statfs } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';

export const HEARTBEAT_INTERVAL_MS = 60_000;

export interface HeartbeatBody {
  version: string;
  uptimeS: number;
  outboxBacklog: number;
  parked: number;
  shapeLagMs: number | null;
  devicesOnline: number;
  devicesOffline: number;
  diskFreeBytes: number | null;
}

export interface HubStatusSources {
  version: string;
  clock: Clock;
  /** When the hub started (ms since epoch). */
  startedAt: number;
  dataDir: string;
  pusher?: { status: { backlog: number; parked: number } } | null;
  hardware?: { statuses(): { status: string }[] } | null;
  /** Each consumed shape's lag (`shapeProgress`): ms since it was last saved up to date, or null. */
  shapeLags?: () => (number | null)[];
}

/**
 * The hub's lag is its most-behind shape that has synced at all (null before any has): the
 * figure `studyspot-hub status` calls "most behind", so the fleet and the technician agree.
 */
export function worstShapeLag(lags: (number | null)[]): number | null {
  const synced = lags.filter((lag): lag is number => lag !== null);
  return synced.length === 0 ? null : Math.max(...synced);
}

/** Reads the running hub's status into a heartbeat body. */
export function hubStatus(s: HubStatusSources): () => Promise<HeartbeatBody> {
  return async () => {
    const pushed = s.pusher?.status ?? { backlog: 0, parked: 0 };
    const devices = s.hardware?.statuses() ?? [];
    const online = devices.filter((d) => d.status === 'running').length;
    let diskFreeBytes: number | null = null;
    try {
      const fs = await statfs(s.dataDir);
      diskFreeBytes = Number(fs.bavail) * Number(fs.bsize);
    } catch {
      diskFreeBytes = null;
    }
    return {
      version: s.version,
      uptimeS: Math.max(0, Math.floor((s.clock.now() - s.startedAt) / 1000)),
      outboxBacklog: pushed.backlog,
      parked: pushed.parked,
      shapeLagMs: s.shapeLags ? worstShapeLag(s.shapeLags()) : null,
      devicesOnline: online,
      devicesOffline: devices.length - online,
      diskFreeBytes,
    };
  };
}

export interface HeartbeatOptions {
  cloudUrl: string;
  /** A fetch that signs (see `signedFetch`). */
  fetch: typeof fetch;
  status: () => Promise<HeartbeatBody> | HeartbeatBody;
  logger?: Logger;
  intervalMs?: number;
  /** Abortable wait; tests pass one they drive by hand. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  clock?: Clock;
}

export interface HeartbeatState {
  lastSentAt: number | null;
  lastError: string | null;
  sent: number;
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export class HeartbeatSender {
  readonly #o: HeartbeatOptions;
  readonly #state: HeartbeatState = { lastSentAt: null, lastError: null, sent: 0 };
  #abort: AbortController | null = null;
  #loop: Promise<void> | null = null;

  constructor(options: HeartbeatOptions) {
    this.#o = options;
  }

  get state(): HeartbeatState {
    return { ...this.#state };
  }

  /** Sends one heartbeat now; true when the cloud recorded it. Never throws. */
  async beat(): Promise<boolean> {
    const clock = this.#o.clock ?? { now: Date.now };
    try {
      const body = await this.#o.status();
      const res = await this.#o.fetch(`${this.#o.cloudUrl.replace(/\/$/, '')}/v1/hubs/heartbeat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) throw new Error(`cloud answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      this.#state.lastSentAt = clock.now();
      this.#state.lastError = null;
      this.#state.sent++;
      return true;
    } catch (error) {
      this.#state.lastError = error instanceof Error ? error.message : String(error);
      this.#o.logger?.warn({ err: error }, 'heartbeat failed');
      return false;
    }
  }

  start(signal?: AbortSignal): void {
    if (this.#loop) return;
    const abort = new AbortController();
    this.#abort = abort;
    signal?.addEventListener('abort', () => abort.abort(), { once: true });
    const sleep = this.#o.sleep ?? abortableSleep;
    const interval = this.#o.intervalMs ?? HEARTBEAT_INTERVAL_MS;
    this.#loop = (async () => {
      while (!abort.signal.aborted) {
        await this.beat();
        await sleep(interval, abort.signal);
      }
    })();
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    await this.#loop;
    this.#loop = null;
    this.#abort = null;
  }
}
