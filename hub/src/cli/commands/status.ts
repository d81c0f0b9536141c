/**
 * `studyspot-hub status [--json]`: the one screen a technician reads first. From the running hub
 * over its admin socket; when the hub is stopped, the same report from the data directory, saying
 * so on its first line (and `"running": false` in JSON).
 */
import type { Command } from 'commander';
import type { HubStatus } from '../../admin/status.ts';
import { stoppedStatus } from '../../admin/status.ts';
import type { HubContext } from '../context.ts';
import { withDb } from '../context.ts';
import { ago, bytes, duration, json } from '../format.ts';
import type { Kit } from '../program.ts';

/** The hub's status: live when it runs, else read from its data directory. */
export async function readStatus(ctx: HubContext): Promise<HubStatus> {
  const client = await ctx.running();
  if (client) return client.call<HubStatus>('GET', '/status');
  return withDb(ctx.readDb, (db) => stoppedStatus(db, ctx.config, ctx.paths, Date.now()));
}

function cloudLine(s: HubStatus): string {
  if (!s.cloud.url) return 'standalone (not paired, no cloud.url)';
  const who = s.cloud.paired ? `paired as hub ${s.cloud.hubId}` : 'not paired (legacy token)';
  const contact = s.running ? `; last contact ${ago(s.cloud.lastContactAt, s.at)}` : '';
  const error = s.cloud.lastError ? `; last error: ${s.cloud.lastError}` : '';
  return `${s.cloud.url} — ${who}${contact}${error}`;
}

function syncLines(s: HubStatus): string[] {
  const oldest = s.sync.oldestPendingAt === null ? '' : ` (oldest ${ago(s.sync.oldestPendingAt, s.at)})`;
  const lines = [`sync      ${s.sync.backlog} change(s) waiting${oldest}, ${s.sync.parked} parked`];
  const synced = s.sync.shapes.filter((sh) => sh.lagMs !== null);
  if (synced.length === 0) lines.push('shapes    not synced yet');
  else {
    const worst = synced.reduce((a, b) => ((b.lagMs ?? 0) > (a.lagMs ?? 0) ? b : a));
    lines.push(
      `shapes    ${synced.length}/${s.sync.shapes.length} synced; most behind: ${worst.name}, ${duration(worst.lagMs ?? 0)}`,
    );
  }
  return lines;
}

function deviceLines(s: HubStatus): string[] {
  const d = s.devices;
  const counts = s.running
    ? `${d.online} online, ${d.offline} offline, ${d.jammed} jammed${d.unknown ? `, ${d.unknown} unknown` : ''}`
    : `${d.list.length} configured (state unknown: the hub is not running)`;
  const lines = [`devices   ${counts}`];
  if (s.running)
    for (const v of d.list.filter((x) => x.health === 'offline' || x.health === 'jammed'))
      lines.push(`          ${v.health}: ${v.id} — ${v.detail}`);
  return lines;
}

function systemLine(s: HubStatus): string {
  const { disk, memory, socTempC, load1 } = s.system;
  const parts = [
    `disk ${disk ? `${bytes(disk.freeBytes)} free of ${bytes(disk.totalBytes)}` : 'n/a'}`,
    `memory ${bytes(memory.availableBytes)} available of ${bytes(memory.totalBytes)}${memory.hubRssBytes ? ` (hub ${bytes(memory.hubRssBytes)})` : ''}`,
    `load ${load1}`,
    `SoC ${socTempC === null ? 'n/a' : `${socTempC} °C`}`,
  ];
  return `system    ${parts.join(' · ')}`;
}

export function renderStatus(s: HubStatus): string {
  const head = s.running
    ? `StudySpot hub ${s.version} — running, up ${duration((s.process?.uptimeS ?? 0) * 1000)} (pid ${s.process?.pid})`
    : `StudySpot hub ${s.version} — NOT RUNNING (this is what its data directory says)`;
  const schema =
    s.schema.version < s.schema.latest ? ` (schema ${s.schema.version}, migrations pending)` : '';
  const lines = [
    head,
    `library   ${s.library ? `${s.library.name} (${s.library.id})` : 'none yet — pair the hub'}${schema}`,
    `data      ${s.dataDir}`,
  ];
  if (s.running)
    lines.push(
      `serving   http ${s.endpoints.http} · mqtt port ${s.endpoints.mqttPort ?? 'off'} · admin ${s.endpoints.adminSocket}`,
    );
  lines.push(`cloud     ${cloudLine(s)}`, ...syncLines(s), ...deviceLines(s), systemLine(s));
  return lines.join('\n');
}

export function registerStatusCommand(program: Command, kit: Kit): void {
  program
    .command('status')
    .description(
      'one screen: version, uptime, cloud link, sync backlog and lag, devices, disk, memory, SoC temperature',
    )
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const status = await readStatus(kit.context(command));
      kit.io.out(options.json ? json(status) : renderStatus(status));
    });
}
