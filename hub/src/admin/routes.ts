/**
 * The admin socket's routes — what the CLI asks the running hub (ADR 0018): status and health,
 * device credentials, lock tests and the live device feed, outbox flush and shape resync, online
 * backups and the log tail. Each route validates its input (zod) and calls the module that owns
 * the work; long operations stream progress lines, then one `result` (or `error`) line.
 */
import { DomainError } from '@studyspot/core';
import { z } from 'zod';
import type { AdminHub } from './admin-hub.ts';
import { backupDatabase } from './backup.ts';
import { addDevice, removeDevice } from './device-registry.ts';
import { testLock } from './device-test.ts';
import { watchDevices } from './device-watch.ts';
import { followLog, levelNames, tailLog } from './log-tail.ts';
import type { AdminRequest, AdminRoute } from './socket-server.ts';
import { liveStatus } from './status.ts';
import { flushOutbox, parseShape, resyncShape } from './sync-admin.ts';

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  throw new DomainError('validation_failed', `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, {
    field,
  });
}

const NewDevice = z.object({ id: z.string(), kind: z.string(), name: z.string().max(120).optional() });
const LockTest = z.object({ durationMs: z.number().int().min(100).max(60_000).default(1_000) });
const Push = z.object({ retryParked: z.boolean().default(false) });
const Resync = z.object({ timeoutMs: z.number().int().min(100).max(600_000).default(60_000) });
const Backup = z.object({
  file: z.string().min(1).startsWith('/', 'an absolute path'),
  force: z.boolean().default(false),
});
const Logs = z.object({
  lines: z.coerce.number().int().min(0).max(10_000).default(50),
  level: z.enum(levelNames).optional(),
  component: z.string().min(1).optional(),
  follow: z.enum(['0', '1']).default('0'),
});

/** Aborted when the client hangs up or the hub stops. */
const ended = (req: AdminRequest, hub: AdminHub): AbortSignal => AbortSignal.any([req.signal, hub.signal]);

const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });

const noCloud = () => new DomainError('conflict', 'this hub has no cloud link (not paired, no cloud.url)');

function statusRoutes(hub: AdminHub): AdminRoute[] {
  const status = () => liveStatus(hub.core.db, hub.config, hub.paths, hub.core.clock.now(), hub.live());
  return [
    ['GET', '/status', async () => ({ json: await status() })],
    ['GET', '/health', async () => ({ json: await hub.health.run() })],
  ];
}

function deviceRoutes(hub: AdminHub): AdminRoute[] {
  const now = () => hub.core.clock.now();
  return [
    [
      'POST',
      '/devices',
      async (req) => ({ json: await addDevice(hub.core.db, parse(NewDevice, req.body), now()), status: 201 }),
    ],
    [
      'DELETE',
      '/devices/:id',
      async (req) => {
        const id = req.params.id as string;
        removeDevice(hub.core.db, id, now());
        const disconnected = hub.broker?.disconnectDevice(id) ?? false;
        return { json: { id, revoked: true, disconnected } };
      },
    ],
    [
      'POST',
      '/devices/:id/test',
      async (req) => {
        const { durationMs } = parse(LockTest, req.body);
        return { json: await testLock(hub.lockTestDeps(), req.params.id as string, durationMs) };
      },
    ],
    [
      'GET',
      '/devices/watch',
      async (req) => ({
        stream: async (out) => {
          const device = req.query.get('device') ?? undefined;
          const off = watchDevices(hub.watchDeps(), device, (event) => out.write({ type: 'event', event }));
          out.write({ type: 'watching', device: device ?? null });
          await untilAborted(ended(req, hub));
          off();
        },
      }),
    ],
  ];
}

function syncRoutes(hub: AdminHub): AdminRoute[] {
  return [
    [
      'POST',
      '/sync/push',
      async (req) => {
        const { retryParked } = parse(Push, req.body);
        if (!hub.pusher) throw noCloud();
        return { json: await flushOutbox(hub.pusher, { retryParked, signal: req.signal }) };
      },
    ],
    [
      'POST',
      '/sync/resync/:shape',
      async (req) => {
        const shape = parseShape(req.params.shape as string);
        const { timeoutMs } = parse(Resync, req.body);
        const consumer = hub.consumer;
        if (!consumer) throw noCloud();
        return {
          stream: async (out) => {
            const result = await resyncShape(consumer, hub.core.db, shape, {
              timeoutMs,
              signal: ended(req, hub),
              lifetime: hub.signal,
              onProgress: (p) => out.write({ type: 'progress', ...p }),
            });
            out.write({ type: 'result', ...result });
          },
        };
      },
    ],
  ];
}

function fileRoutes(hub: AdminHub): AdminRoute[] {
  return [
    [
      'POST',
      '/backup',
      async (req) => {
        const { file, force } = parse(Backup, req.body);
        return {
          stream: async (out) => {
            const result = await backupDatabase(hub.core.db, file, {
              force,
              onProgress: (done, total) => out.write({ type: 'progress', done, total }),
            });
            out.write({ type: 'result', ...result });
          },
        };
      },
    ],
    [
      'GET',
      '/logs',
      async (req) => {
        const q = parse(Logs, Object.fromEntries(req.query));
        const file = hub.paths.logFile;
        if (!file)
          throw new DomainError('conflict', 'this hub logs to stdout only (logFile: null); see journalctl');
        const filter = { level: q.level, component: q.component };
        return {
          stream: async (out) => {
            const { entries, size } = tailLog(file, q.lines, filter);
            for (const e of entries) out.write({ type: 'log', ...e.raw });
            if (q.follow === '1')
              await followLog(
                file,
                size,
                filter,
                (e) => out.write({ type: 'log', ...e.raw }),
                ended(req, hub),
              );
          },
        };
      },
    ],
  ];
}

export function adminRoutes(hub: AdminHub): AdminRoute[] {
  return [...statusRoutes(hub), ...deviceRoutes(hub), ...syncRoutes(hub), ...fileRoutes(hub)];
}
