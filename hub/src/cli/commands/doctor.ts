/**
 * `studyspot-hub doctor [--json] [--max-outbox-age 10m]`: runs every check it knows and says how to
 * fix each failure. It keeps going past a failure (an invalid config still gets the database,
 * device and disk checks, on the defaults and environment), and exits 1 when any check failed.
 */
import type { Command } from 'commander';
import { checkDatabaseFile } from '../../admin/backup.ts';
import type { HubStatus } from '../../admin/status.ts';
import { stoppedStatus } from '../../admin/status.ts';
import type { HealthReport } from '../../http/health.ts';
import { type HubContext, hubContext, withDb } from '../context.ts';
import {
  type CheckResult,
  checkBroker,
  checkClock,
  checkCloud,
  checkConfig,
  checkDatabase,
  checkDevices,
  checkDisk,
  checkOutbox,
  checkProcess,
  checkShapes,
  checkTemperature,
  type DoctorInput,
} from '../doctor/checks.ts';
import { CliError, exitCodes } from '../exit-codes.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { durationMs } from '../parse.ts';
import type { Kit } from '../program.ts';

async function probeCloud(url: string, io: CliIo): Promise<NonNullable<DoctorInput['cloud']>> {
  const started = performance.now();
  try {
    const res = await (io.fetch ?? fetch)(`${url.replace(/\/$/, '')}/health`, {
      signal: AbortSignal.timeout(5_000),
    });
    await res.body?.cancel();
    const date = res.headers.get('date');
    const ms = Math.round(performance.now() - started);
    return {
      reachable: res.status < 500,
      detail: `${url} answered ${res.status} in ${ms} ms`,
      dateHeader: date ? Date.parse(date) : null,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      reachable: false,
      detail: `${url} unreachable: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`,
      dateHeader: null,
    };
  }
}

/** The context, and the config problem if the config file is invalid (then on defaults + env). */
function contextOf(kit: Kit, command: Command): { ctx: HubContext; problem: string | null } {
  try {
    return { ctx: kit.context(command), problem: null };
  } catch (error) {
    if (!(error instanceof CliError) || error.exitCode !== exitCodes.badConfig) throw error;
    return { ctx: hubContext(kit.globals(command), kit.io, true), problem: error.message };
  }
}

async function gather(kit: Kit, command: Command, maxAgeMs: number): Promise<DoctorInput> {
  const { ctx, problem } = contextOf(kit, command);
  const database = checkDatabaseFile(ctx.paths.db);
  const client = await ctx.running();
  let status: HubStatus | null = null;
  let health: HealthReport | null = null;
  if (client) {
    status = await client.call<HubStatus>('GET', '/status');
    health = await client.call<HealthReport>('GET', '/health');
  } else if (database.ok) {
    status = await withDb(ctx.readDb, (db) => stoppedStatus(db, ctx.config, ctx.paths, Date.now()));
  }
  const cloudUrl = status?.cloud.url ?? ctx.config.cloud?.url ?? null;
  return {
    configFile: ctx.configFile,
    configProblem: problem,
    database,
    dbFile: ctx.paths.db,
    status,
    health,
    mqtt: { host: ctx.config.mqtt.host, port: ctx.config.mqtt.port },
    cloud: cloudUrl ? await probeCloud(cloudUrl, kit.io) : null,
    outboxMaxAgeMs: maxAgeMs,
    now: Date.now(),
  };
}

export async function runChecks(input: DoctorInput): Promise<CheckResult[]> {
  return [
    checkConfig(input),
    checkDatabase(input),
    checkProcess(input),
    await checkBroker(input),
    ...checkDevices(input),
    checkClock(input),
    checkCloud(input),
    ...checkOutbox(input),
    checkShapes(input),
    checkDisk(input),
    checkTemperature(input),
  ];
}

const MARK = { ok: 'ok', warn: 'WARN', fail: 'FAIL', skip: 'skip' } as const;

export function renderChecks(results: readonly CheckResult[]): string {
  const rows = results.flatMap((r) => {
    const row = [MARK[r.status], r.check, r.detail];
    return r.fix && r.status !== 'ok' ? [row, ['', '', `fix: ${r.fix}`]] : [row];
  });
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  const summary = failed
    ? `${failed} check(s) failed, ${warned} warning(s)`
    : `all checks passed${warned ? `, ${warned} warning(s)` : ''}`;
  return `${table(['', 'check', 'result'], rows)}\n\n${summary}`;
}

export function registerDoctorCommand(program: Command, kit: Kit): void {
  program
    .command('doctor')
    .description(
      'run every check (config, database, broker, devices, clock, cloud, outbox, disk) and say how to fix failures',
    )
    .option('--json', 'machine-readable output')
    .option(
      '--max-outbox-age <duration>',
      'an outbox change older than this is stuck',
      durationMs,
      10 * 60_000,
    )
    .action(async (options: { json?: boolean; maxOutboxAge: number }, command: Command) => {
      const results = await runChecks(await gather(kit, command, options.maxOutboxAge));
      const ok = !results.some((r) => r.status === 'fail');
      kit.io.out(options.json ? json({ ok, checks: results }) : renderChecks(results));
      kit.exit(ok ? exitCodes.ok : exitCodes.failed);
    });
}
