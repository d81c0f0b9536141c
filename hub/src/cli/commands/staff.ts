/**
 * Staff accounts on this hub, on the database directly, hub running or not (SQLite serializes the
 * write with the hub's). Only argon2 hashes are stored, as at login.
 * - `staff list`: who can sign in at the desk and the kiosk pairing screen;
 * - `staff add <username> --name <name> [--role staff|owner]`: a new account with a random
 *   password and PIN printed once — a local account, for a hub with no cloud or before the first
 *   sync (accounts made in the cloud arrive through the staff shape, ADR 0024, and sign in with
 *   their cloud password);
 * - `staff reset-pin <username> [--pin 1234]`: a new desk PIN (random 6 digits unless given),
 *   printed once; their open sessions end — a reset usually means the old PIN is out.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { type Command, InvalidArgumentError } from 'commander';
import { withDb } from '../context.ts';
import { CliError, exitCodes } from '../exit-codes.ts';
import { json } from '../format.ts';
import type { Kit } from '../program.ts';

const PIN = /^\d{4,8}$/;

function pinArgument(value: string): string {
  if (!PIN.test(value)) throw new InvalidArgumentError('expected 4 to 8 digits');
  return value;
}

const USERNAME = /^[a-z0-9._-]{2,64}$/;

function usernameArgument(value: string): string {
  if (!USERNAME.test(value)) throw new InvalidArgumentError('expected 2 to 64 of a-z 0-9 . _ -');
  return value;
}

function roleArgument(value: string): 'staff' | 'owner' {
  if (value !== 'staff' && value !== 'owner') throw new InvalidArgumentError('expected staff or owner');
  return value;
}

export function registerStaffCommands(program: Command, kit: Kit): void {
  const staff = program.command('staff').description('staff accounts on this hub');
  staff
    .command('list')
    .description('the staff accounts that can sign in on this hub')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const ctx = kit.context(command);
      const rows = await withDb(
        ctx.writeDb,
        (db) =>
          db
            .prepare(
              'SELECT username, name, role, active = 1 AS active, pin_hash IS NOT NULL AS pin FROM staff ORDER BY username',
            )
            .all() as { username: string; name: string; role: string; active: number; pin: number }[],
      );
      const accounts = rows.map((r) => ({ ...r, active: r.active === 1, pin: r.pin === 1 }));
      if (options.json) return kit.io.out(json(accounts));
      if (accounts.length === 0)
        return kit.io.out('no staff accounts: add one with `studyspot-hub staff add`');
      for (const a of accounts)
        kit.io.out(
          `${a.username.padEnd(20)} ${a.role.padEnd(6)} ${a.active ? 'active  ' : 'disabled'} ${a.pin ? 'PIN set' : 'no PIN '}  ${a.name}`,
        );
    });
  staff
    .command('add')
    .description('add a staff account; its password and PIN are printed once')
    .argument('<username>', 'lowercase login name', usernameArgument)
    .requiredOption('--name <name>', "the person's name as shown on the dashboard")
    .option('--role <role>', 'staff or owner', roleArgument, 'staff')
    .option('--json', 'machine-readable output')
    .action(
      async (
        username: string,
        options: { name: string; role: 'staff' | 'owner'; json?: boolean },
        command: Command,
      ) => {
        const ctx = kit.context(command);
        const password = randomBytes(12).toString('base64url');
        const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const [passwordHash, pinHash] = await Promise.all([hash(password), hash(pin)]);
        await withDb(ctx.writeDb, (db) => {
          const library = db.prepare('SELECT id FROM libraries LIMIT 1').pluck().get() as string | undefined;
          if (!library)
            throw new CliError(
              exitCodes.failed,
              'this hub has no library yet: pair it first (studyspot-hub pair)',
            );
          if (db.prepare('SELECT 1 FROM staff WHERE username = ?').get(username))
            throw new CliError(
              exitCodes.failed,
              `a staff account "${username}" exists already (staff reset-pin changes its PIN)`,
            );
          db.prepare(
            'INSERT INTO staff (id, library_id, username, name, role, password_hash, pin_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
          ).run(randomUUID(), library, username, options.name, options.role, passwordHash, pinHash);
        });
        if (options.json) kit.io.out(json({ username, role: options.role, password, pin }));
        else
          kit.io.out(
            `added ${username} (${options.role}). Password ${password}, PIN ${pin} — shown once; keep them safe.`,
          );
      },
    );
  staff
    .command('reset-pin')
    .description("set a staff member's desk PIN and end their sessions")
    .argument('<username>', 'the staff username')
    .option('--pin <digits>', '4 to 8 digits (default: a random 6-digit PIN)', pinArgument)
    .option('--json', 'machine-readable output')
    .action(async (username: string, options: { pin?: string; json?: boolean }, command: Command) => {
      const ctx = kit.context(command);
      const pin = options.pin ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
      const pinHash = await hash(pin);
      const ended = await withDb(ctx.writeDb, (db) => {
        const row = db.prepare('SELECT id FROM staff WHERE username = ? AND active = 1').get(username) as
          | { id: string }
          | undefined;
        if (!row) {
          const known = (
            db.prepare('SELECT username FROM staff WHERE active = 1 ORDER BY username').all() as {
              username: string;
            }[]
          ).map((r) => r.username);
          throw new CliError(
            exitCodes.failed,
            `no active staff account "${username}" (accounts: ${known.join(', ') || 'none'})`,
          );
        }
        return db.transaction(() => {
          db.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?').run(pinHash, row.id);
          return db.prepare('DELETE FROM sessions WHERE staff_id = ?').run(row.id).changes;
        })();
      });
      if (options.json) kit.io.out(json({ username, pin, sessionsEnded: ended }));
      else kit.io.out(`PIN for ${username} reset to ${pin} (shown once). ${ended} open session(s) ended.`);
    });
}
