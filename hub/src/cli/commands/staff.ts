/**
 * `studyspot-hub staff reset-pin <username> [--pin 1234]`: sets a staff member's desk PIN (a random
 * 6-digit one unless given), prints it once and ends their open sessions — a reset usually means
 * the old PIN is out. Works on the database directly, hub running or not (SQLite serializes the
 * write with the hub's). Only the argon2 hash is stored, as at login.
 */
import { randomInt } from 'node:crypto';
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

export function registerStaffCommands(program: Command, kit: Kit): void {
  const staff = program.command('staff').description('staff accounts on this hub');
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
