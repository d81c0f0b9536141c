/**
 * The CLI's edges without a running hub: every wrong argument exits 2 with what was expected and
 * the command's usage; commands that need the hub say plainly that it is not running (exit 3, no
 * stack trace); the ones that can work on the data directory do (status, config, staff reset-pin,
 * sync status and resync, migrate).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { verify } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubStatus } from '../admin/status.ts';
import { demoLogin } from '../seed.ts';
import { cli, cliProcess, type HubDir, hubDir, writeConfig } from './cli-harness.ts';

let home: HubDir;
beforeAll(async () => {
  home = await hubDir({
    entry: { unlockMs: 4000 },
    cloud: { url: 'http://127.0.0.1:9', hubToken: 'top-secret' },
  });
});
afterAll(() => rmSync(home.dir, { recursive: true, force: true }));

describe('wrong arguments', () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['status', 'extra'], /too many arguments for 'status'/],
    [['devices'], /Usage: studyspot-hub devices \[options\] \[command\]/],
    [['devices', 'add', '--kind', 'lock'], /missing required argument 'id'/],
    [
      ['devices', 'test', 'door', '--duration', 'long'],
      /option '--duration <ms>' argument 'long' is invalid. expected a whole number/,
    ],
    [['logs', '--lines', '-3'], /expected a whole number of 0 or more/],
    [['logs', '--level', 'loud'], /Allowed choices are trace, debug, info, warn, error, fatal/],
    [['doctor', '--max-outbox-age', 'soon'], /expected a duration such as 30s, 10m or 2h/],
    [['sync', 'resync', 'everything'], /Allowed choices are libraries, zones/],
    [['staff', 'reset-pin', 'desk', '--pin', '12'], /expected 4 to 8 digits/],
    [['config', 'set', 'entry..unlockMs', '1'], /key: expected a dotted setting name/],
    [['backup'], /missing required argument 'file'/],
    [['pair', 'ABCD-EFGH'], /the cloud URL is missing[\s\S]*usage: pair <code> --cloud <url>/],
  ];
  it.each(cases)('studyspot-hub %j exits 2 and says what it expected', async (argv, expected) => {
    const run = await cli(argv, home.env);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(expected);
    expect(run.err).not.toMatch(/^\s+at /m);
  });

  it('the bundle does the same, with the usage of the command', async () => {
    const run = await cliProcess(['devices', 'add', 'lock-5', '--kind', 'door'], home.env);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/argument 'door' is invalid. Allowed choices are lock, seat_sensor/);
    expect(run.err).toMatch(/Usage: studyspot-hub devices add \[options\] <id>/);
    const help = await cliProcess(['--help'], home.env);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Exit codes:/);
  });
});

describe('a stopped hub', () => {
  it.each([[['devices', 'test', 'door']], [['devices', 'watch']], [['sync', 'push']]])(
    'studyspot-hub %j says plainly the hub is not running (exit 3)',
    async (argv) => {
      const run = await cli(argv, home.env);
      expect(run.code).toBe(3);
      expect(run.err).toBe(
        `the hub is not running (nothing answers on ${join(home.dir, 'admin.sock')}); start it with: sudo systemctl start studyspot-hub`,
      );
    },
  );

  it('status reads the data directory and says the hub is not running', async () => {
    const json = await cli(['status', '--json'], home.env);
    expect(json.code).toBe(0);
    const s = json.json<HubStatus>();
    expect(s).toMatchObject({ running: false, process: null, library: { name: expect.any(String) } });
    expect(s.schema.version).toBe(s.schema.latest);
    expect((await cli(['status'], home.env)).out).toMatch(/NOT RUNNING/);
    const doctor = await cli(['doctor', '--json'], home.env);
    expect(doctor.code).toBe(1);
    expect(doctor.json<{ checks: { check: string; status: string }[] }>().checks).toContainEqual(
      expect.objectContaining({ check: 'hub', status: 'fail' }),
    );
  });

  it('a missing data directory is named, not a stack trace', async () => {
    const run = await cli(['status'], { STUDYSPOT_DATA_DIR: join(home.dir, 'nowhere') });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/no hub database at .*nowhere\/hub\.db — is the data directory right\?/);
  });

  it('staff reset-pin sets a PIN that verifies and ends the sessions', async () => {
    const db = new Database(join(home.dir, 'hub.db'));
    const staffId = (
      db.prepare('SELECT id FROM staff WHERE username = ?').get(demoLogin.username) as { id: string }
    ).id;
    db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?)').run('h1', staffId, 1, Date.now() + 60_000);
    db.close();
    const run = await cli(['staff', 'reset-pin', demoLogin.username, '--json'], home.env);
    expect(run.code, run.err).toBe(0);
    const { pin, sessionsEnded } = run.json<{ pin: string; sessionsEnded: number }>();
    expect(pin).toMatch(/^\d{6}$/);
    expect(sessionsEnded).toBe(1);
    const check = new Database(join(home.dir, 'hub.db'), { readonly: true });
    const row = check.prepare('SELECT pin_hash FROM staff WHERE id = ?').get(staffId) as { pin_hash: string };
    check.close();
    expect(await verify(row.pin_hash, pin)).toBe(true);
    expect(await verify(row.pin_hash, demoLogin.pin)).toBe(false);
    const nobody = await cli(['staff', 'reset-pin', 'nobody'], home.env);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toMatch(/no active staff account "nobody" \(accounts: desk\)/);
  });

  it('staff add creates an account whose password and PIN verify; list shows it; a duplicate is refused', async () => {
    const run = await cli(['staff', 'add', 'meera', '--name', 'Meera K', '--json'], home.env);
    expect(run.code, run.err).toBe(0);
    const { password, pin } = run.json<{ password: string; pin: string }>();
    const check = new Database(join(home.dir, 'hub.db'), { readonly: true });
    const row = check
      .prepare('SELECT password_hash, pin_hash, role FROM staff WHERE username = ?')
      .get('meera') as {
      password_hash: string;
      pin_hash: string;
      role: string;
    };
    check.close();
    expect(row.role).toBe('staff');
    expect(await verify(row.password_hash, password)).toBe(true);
    expect(await verify(row.pin_hash, pin)).toBe(true);
    const list = (await cli(['staff', 'list', '--json'], home.env)).json<{ username: string }[]>();
    expect(list.map((a) => a.username)).toEqual(['desk', 'meera']);
    const again = await cli(['staff', 'add', 'meera', '--name', 'Meera K'], home.env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists already/);
    const bad = await cli(['staff', 'add', 'Meera K', '--name', 'x'], home.env);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected 2 to 64/);
  });

  it('sync resync marks the shape for a fresh snapshot at the next start; sync status shows it', async () => {
    const run = await cli(['sync', 'resync', 'members'], home.env);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/fresh snapshot when it starts/);
    const status = (await cli(['sync', 'status', '--json'], home.env)).json<HubStatus['sync']>();
    expect(status.shapes.find((s) => s.name === 'members')).toMatchObject({
      resyncPending: true,
      lagMs: null,
    });
    expect((await cli(['migrate'], home.env)).out).toMatch(/up to date/);
  });
});

describe('config', () => {
  it('get shows the effective config with secrets masked, and one key', async () => {
    const all = (await cli(['config', 'get', '--json'], home.env)).json<{
      cloud: { hubToken: string };
      dataDir: string;
    }>();
    expect(all.cloud.hubToken).toBe('***');
    expect(all.dataDir).toBe(home.dir);
    expect((await cli(['config', 'get', 'entry.unlockMs'], home.env)).out).toBe('4000');
    expect((await cli(['config', 'get', 'entry.nope'], home.env)).code).toBe(1);
  });

  it('the environment overrides the file, as for the hub (HUB_CLOUD_URL keeps the file token)', async () => {
    const run = await cli(['config', 'get', 'cloud', '--json'], {
      ...home.env,
      HUB_CLOUD_URL: 'http://cloud.test',
    });
    expect(run.json()).toEqual({ url: 'http://cloud.test', hubToken: '***' });
  });

  it('set writes only valid, known settings', async () => {
    const ok = await cli(['config', 'set', 'entry.unlockMs', '3000'], home.env);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(readFileSync(home.configFile, 'utf8')).entry.unlockMs).toBe(3000);
    const invalid = await cli(['config', 'set', 'entry.unlockMs', '100'], home.env);
    expect(invalid.code).toBe(5);
    expect(invalid.err).toMatch(/not written — .* would be invalid:\n\s+entry.unlockMs: Too small/);
    const typo = await cli(['config', 'set', 'entry.unlockMS', '3000'], home.env);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/no setting entry.unlockMS: not written/);
    expect(JSON.parse(readFileSync(home.configFile, 'utf8')).entry).toEqual({ unlockMs: 3000 });
  });

  it('validate lists every problem and exits 5', async () => {
    const bad = join(home.dir, 'bad.json');
    writeConfig(bad, { http: { port: 'eighty' }, logLevel: 'loud' });
    const run = await cli(['config', 'validate', '--json'], { ...home.env, STUDYSPOT_HUB_CONFIG: bad });
    expect(run.code).toBe(5);
    const report = run.json<{ valid: boolean; problems: string[] }>();
    expect(report.valid).toBe(false);
    expect(report.problems).toHaveLength(2);
    const status = await cli(['status'], { ...home.env, STUDYSPOT_HUB_CONFIG: bad });
    expect(status.code).toBe(5);
    expect(status.err).toMatch(/invalid hub configuration:\n\s+http.port/);
    expect((await cli(['config', 'validate'], home.env)).code).toBe(0);
  });
});
