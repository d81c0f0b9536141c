/**
 * `studyspot-hub sync status|push|resync <shape>`. `status` reads the outbox and the shapes' resume
 * points (from the running hub, or the database when it is stopped). `push` makes the running hub
 * send its outbox now and reports what the cloud did with it (`--retry-parked` first puts rejected
 * changes back in the queue). `resync` replaces one shape's rows with a fresh snapshot — at once on
 * a running hub (waiting for it, with progress), at the next start on a stopped one.
 */

import { consumedShapes } from '@studyspot/sync/consume';
import { Argument, type Command } from 'commander';
import type { HubStatus } from '../../admin/status.ts';
import type { FlushResult, ResyncResult } from '../../admin/sync-admin.ts';
import { requestResync } from '../../admin/sync-admin.ts';
import { withDb } from '../context.ts';
import { exitCodes } from '../exit-codes.ts';
import { ago, duration, json, table } from '../format.ts';
import { progressLine } from '../io.ts';
import { durationMs } from '../parse.ts';
import type { Kit } from '../program.ts';
import { readStatus } from './status.ts';

function renderSync(s: HubStatus): string {
  const sync = s.sync;
  const lines = [
    `cloud     ${s.cloud.url ?? 'none (standalone)'}${s.running ? '' : ' — the hub is not running'}`,
    `outbox    ${sync.backlog} waiting${sync.oldestPendingAt ? `, oldest ${ago(sync.oldestPendingAt, s.at)}` : ''}; ${sync.parked} parked`,
  ];
  if (sync.pusher)
    lines.push(
      `pusher    last success ${ago(sync.pusher.lastSuccessAt, s.at)}${sync.pusher.consecutiveFailures ? `; failing (${sync.pusher.consecutiveFailures}×): ${sync.pusher.lastError}` : ''}`,
    );
  for (const p of sync.parkedSample) lines.push(`  parked  ${p.kind} ${p.id}: ${p.code}`);
  const rows = sync.shapes.map((sh) => [
    sh.name,
    sh.resyncPending
      ? 'resync requested'
      : sh.lagMs === null
        ? 'never synced'
        : `${duration(sh.lagMs)} behind`,
    sh.lastError ?? '',
  ]);
  return `${lines.join('\n')}\n\n${table(['shape', 'state', 'last error'], rows)}`;
}

function registerStatus(sync: Command, kit: Kit): void {
  sync
    .command('status')
    .description('what waits to go up, what was rejected, how far behind each shape is')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const s = await readStatus(kit.context(command));
      kit.io.out(options.json ? json({ running: s.running, cloud: s.cloud, ...s.sync }) : renderSync(s));
    });
}

function registerPush(sync: Command, kit: Kit): void {
  sync
    .command('push')
    .description('send the outbox to the cloud now (needs the running hub)')
    .option('--retry-parked', 'put changes the cloud rejected back in the queue first')
    .option('--json', 'machine-readable output')
    .action(async (options: { retryParked?: boolean; json?: boolean }, command: Command) => {
      const client = await kit.context(command).requireRunning();
      const r = await client.call<FlushResult>('POST', '/sync/push', {
        retryParked: options.retryParked === true,
      });
      if (options.json) kit.io.out(json(r));
      else {
        const unparked = r.unparked ? `${r.unparked} unparked; ` : '';
        const tail = r.outcome === 'drained' ? 'the outbox is empty' : `stopped: ${r.error}`;
        kit.io.out(
          `${unparked}${r.accepted} accepted, ${r.parked} parked, ${r.retry} to retry in ${r.batches} batch(es); ${tail}`,
        );
      }
      kit.exit(r.outcome === 'drained' ? exitCodes.ok : exitCodes.failed);
    });
}

function registerResync(sync: Command, kit: Kit): void {
  sync
    .command('resync')
    .description("replace a shape's rows with a fresh snapshot from the cloud")
    .addArgument(new Argument('<shape>', 'the shape').choices(consumedShapes))
    .option('--timeout <duration>', 'how long to wait for the snapshot', durationMs, 60_000)
    .option('--json', 'machine-readable output')
    .action(async (shape: string, options: { timeout: number; json?: boolean }, command: Command) => {
      const ctx = kit.context(command);
      const client = await ctx.running();
      if (!client) {
        await withDb(ctx.writeDb, (db) => requestResync(db, shape, Date.now()));
        const message = `resync of ${shape} requested: the hub fetches a fresh snapshot when it starts`;
        kit.io.out(options.json ? json({ shape, applied: false, pendingUntilStart: true }) : message);
        return;
      }
      const progress = progressLine(kit.io, `resync ${shape}`);
      let waited = 0;
      const result = await client.stream<ResyncResult>(
        'POST',
        `/sync/resync/${shape}`,
        { timeoutMs: options.timeout },
        (e) => {
          if (e.type === 'progress') progress.update(++waited % 25, 25, String(e.phase));
        },
      );
      const applied = result?.applied === true;
      const why = result?.lastError ? ` (${result.lastError})` : '';
      progress.done(
        applied
          ? `resync ${shape}: fresh snapshot applied`
          : `resync ${shape}: no snapshot within ${duration(options.timeout)}${why}; it stays requested (sync status)`,
      );
      if (options.json) kit.io.out(json(result));
      kit.exit(applied ? exitCodes.ok : exitCodes.failed);
    });
}

export function registerSyncCommands(program: Command, kit: Kit): void {
  const sync = program.command('sync').description('the outbox (hub → cloud) and the shapes (cloud → hub)');
  registerStatus(sync, kit);
  registerPush(sync, kit);
  registerResync(sync, kit);
}
