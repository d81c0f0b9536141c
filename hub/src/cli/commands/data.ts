/**
 * `studyspot-hub backup <file>`, `restore <file>` and `migrate` (ADR 0018). A backup is taken by
 * the running hub on its own connection (online and consistent while bookings go on), or from the
 * data directory when it is stopped, and verified either way. A restore needs the hub stopped,
 * refuses a corrupt file, replaces a healthy database only with --force, and always keeps the one
 * it replaces. `migrate` applies newer migrations (the upgrade script runs it).
 */
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { type BackupResult, backupDatabase } from '../../admin/backup.ts';
import { type RestoreResult, restoreDatabase } from '../../admin/restore.ts';
import { migrations } from '../../store/migrations/index.ts';
import { withDb } from '../context.ts';
import { CliError, exitCodes } from '../exit-codes.ts';
import { bytes, json } from '../format.ts';
import { progressLine } from '../io.ts';
import type { Kit } from '../program.ts';

const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([table, n]) => `${n} ${table}`)
    .join(', ');

function registerBackup(program: Command, kit: Kit): void {
  program
    .command('backup')
    .description('write an online, consistent, verified copy of the database to <file>')
    .argument('<file>', "where to write it (kept 0600: it holds members' data)")
    .option('--force', 'overwrite <file> if it exists')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { force?: boolean; json?: boolean }, command: Command) => {
      const ctx = kit.context(command);
      const target = resolve(kit.io.cwd, file);
      const progress = progressLine(kit.io, 'backup');
      const client = await ctx.running();
      let result: BackupResult | null;
      if (client) {
        result = await client.stream<BackupResult>(
          'POST',
          '/backup',
          { file: target, force: options.force === true },
          (e) => {
            if (e.type === 'progress') progress.update(Number(e.done), Number(e.total), 'pages');
          },
        );
        if (!result)
          throw new CliError(
            exitCodes.failed,
            'the hub ended the backup without a result; see studyspot-hub logs',
          );
      } else {
        result = await withDb(
          () => new Database(ctx.paths.db, { readonly: true, fileMustExist: true }),
          (db) =>
            backupDatabase(db, target, {
              force: options.force === true,
              onProgress: (d, t) => progress.update(d, t, 'pages'),
            }),
        );
      }
      progress.done(
        `backup written to ${result.file} (${bytes(result.check.bytes)}, integrity ok${client ? ', taken online' : ''})`,
      );
      kit.io.out(options.json ? json(result) : `contains ${counts(result.check.counts)}`);
    });
}

function registerRestore(program: Command, kit: Kit): void {
  program
    .command('restore')
    .description('replace the database with a backup (the hub must be stopped; the current one is kept)')
    .argument('<file>', 'a file written by studyspot-hub backup')
    .option('--force', 'replace a healthy database (without it only a missing or corrupt one is replaced)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { force?: boolean; json?: boolean }, command: Command) => {
      const ctx = kit.context(command);
      if (await ctx.running())
        throw new CliError(
          exitCodes.refused,
          'refused: the hub is running. Stop it first (sudo systemctl stop studyspot-hub), restore, then start it again.',
        );
      const progress = progressLine(kit.io, 'restore');
      const result: RestoreResult = await restoreDatabase(ctx.paths, resolve(kit.io.cwd, file), {
        force: options.force === true,
        onProgress: (done, total) => progress.update(done, total, bytes(done)),
      });
      progress.done(`restored ${ctx.paths.db} from ${result.restoredFrom}`);
      if (options.json) {
        kit.io.out(json(result));
        return;
      }
      kit.io.out(`contains ${counts(result.check.counts)}`);
      if (result.previous) kit.io.out(`the database it replaced is kept at ${result.previous}`);
      kit.io.out('start the hub: sudo systemctl start studyspot-hub');
    });
}

function registerMigrate(program: Command, kit: Kit): void {
  program
    .command('migrate')
    .description('apply database migrations of this version (the hub also does at start)')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const ctx = kit.context(command);
      const before = await withDb(ctx.readDb, (db) => db.pragma('user_version', { simple: true }) as number);
      if (before > migrations.length)
        throw new CliError(
          exitCodes.refused,
          `refused: the database has schema ${before}, newer than this hub's ${migrations.length}`,
        );
      await withDb(ctx.writeDb, () => undefined);
      const result = { from: before, to: migrations.length };
      kit.io.out(
        options.json
          ? json(result)
          : before === result.to
            ? `schema ${before}: up to date`
            : `schema ${before} → ${result.to}`,
      );
    });
}

export function registerDataCommands(program: Command, kit: Kit): void {
  registerBackup(program, kit);
  registerRestore(program, kit);
  registerMigrate(program, kit);
}
