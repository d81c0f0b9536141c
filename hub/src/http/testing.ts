/**
 * Test support for the HTTP suites: a real hub fixture (SQLite in a temp dir, manual clock), the
 * real app on a real server at 127.0.0.1:0, a staff and a kiosk token, and a small fetch wrapper.
 * Not a test itself; only *.test.ts files import it.
 */
import pino from 'pino';
import type { Fixture } from '../../test/fixture.ts';
import { hubFixture } from '../../test/fixture.ts';
import { Authenticator } from '../auth/authenticator.ts';
import { DriversConfig, silentLogger } from '../drivers/index.ts';
import { EntryDesk } from '../entry/entry-desk.ts';
import { Hardware } from '../hardware.ts';
import { OccupancyMonitor } from '../occupancy/occupancy-monitor.ts';
import { API_BASE, createHttpApp } from './app.ts';
import type { HttpDeps } from './env.ts';
import type { RunningServer } from './server.ts';
import { startHttpServer } from './server.ts';

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  body: any;
}

export interface CallOptions {
  body?: unknown;
  raw?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

export interface TestApi {
  f: Fixture;
  running: RunningServer;
  url: string;
  staffToken: string;
  kioskToken: string;
  auth: Authenticator;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  close(): Promise<void>;
}

export async function startTestApi(extra: Partial<HttpDeps> = {}): Promise<TestApi> {
  const f = await hubFixture();
  const lifetime = new AbortController();
  const hardware = new Hardware({
    config: DriversConfig.parse({ devices: [{ kind: 'sim-lock', id: 'door-main', ackTimeoutMs: 200 }] }),
    broker: null,
    bus: f.bus,
    logger: silentLogger,
  });
  await hardware.start(lifetime.signal);
  const occupancy = new OccupancyMonitor({ ...f, sensors: hardware.sensors });
  await occupancy.start(lifetime.signal);
  const entry = new EntryDesk({ ...f, locks: hardware, doorLockId: 'door-main', unlockMs: 2_000 });
  const app = createHttpApp({
    core: f,
    logger: pino({ level: 'silent' }),
    entry,
    devices: { hardware, occupancy },
    ...extra,
  });
  const running = await startHttpServer({ app, core: f, port: 0, host: '127.0.0.1' });
  const auth = new Authenticator(f.db, f.clock);
  const staffToken = auth.sessions.open(
    { id: f.ids.staffId, name: 'Front desk', role: 'owner' },
    f.clock.now(),
  ).token;
  const kioskToken = auth.kiosks.create(f.ids.libraryId, 'Entrance kiosk', f.clock.now()).token;
  const call = async (method: string, path: string, options: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? staffToken : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = options.raw;
    if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${running.url}${API_BASE}${path}`, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (e.g. /metrics); keep the text
    }
    return { status: res.status, headers: res.headers, body };
  };
  return {
    f,
    running,
    url: running.url,
    staffToken,
    kioskToken,
    auth,
    call,
    close: async () => {
      await running.close();
      await occupancy.stop();
      await hardware.stop();
      lifetime.abort();
      f.close();
    },
  };
}
