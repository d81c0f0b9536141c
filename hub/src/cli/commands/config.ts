/**
 * `studyspot-hub config get [key] | set <key> <value> | validate`. `get` shows the configuration the
 * hub would run with (file, then environment, then defaults; secrets masked). `set` edits the
 * config file — the value is JSON when it parses as JSON, else a string — and writes it only if the
 * whole file is still valid and the key is a real setting (a typo is not silently dropped).
 * `validate` lists every problem at once (exit 5), as the hub does at start.
 */
import { chownSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { HubConfig } from '../../config.ts';
import { configFileOf, loadCliConfig } from '../context.ts';
import { CliError, exitCodes } from '../exit-codes.ts';
import { json } from '../format.ts';
import type { Kit } from '../program.ts';

const SECRET_KEYS = new Set(['hubToken']);

function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '***' : mask(v)]));
}

function at(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/**
 * Replaces the file in one rename, keeping its mode and — when root edits root:studyspot 0640 —
 * its owner and group, so the hub can still read it.
 */
function writeKeepingOwner(file: string, text: string): void {
  const before = existsSync(file) ? statSync(file) : null;
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode: before ? before.mode & 0o777 : 0o640 });
  if (before && process.getuid?.() === 0) chownSync(tmp, before.uid, before.gid);
  renameSync(tmp, file);
}

const KEY = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function registerGet(config: Command, kit: Kit): void {
  config
    .command('get')
    .description('the configuration the hub runs with, or one setting (dotted key, e.g. entry.unlockMs)')
    .argument('[key]', 'a dotted key')
    .option('--json', 'always JSON')
    .action(async (key: string | undefined, options: { json?: boolean }, command: Command) => {
      const { config: loaded } = loadCliConfig(kit.globals(command), kit.io);
      const value = key ? at(mask(loaded), key.split('.')) : mask(loaded);
      if (value === undefined)
        throw new CliError(exitCodes.failed, `no setting ${key} (studyspot-hub config get lists them)`);
      kit.io.out(options.json || typeof value === 'object' ? json(value) : String(value));
    });
}

function registerSet(config: Command, kit: Kit): void {
  config
    .command('set')
    .description('change one setting in the config file (validated before it is written)')
    .argument('<key>', 'a dotted key, e.g. entry.unlockMs')
    .argument('<value>', 'JSON (5000, true, "text", [..]) or plain text')
    .action(async (key: string, text: string, _options: object, command: Command) => {
      if (!KEY.test(key))
        throw new CliError(
          exitCodes.usage,
          `key: expected a dotted setting name such as entry.unlockMs, got "${key}"`,
        );
      const file = configFileOf(kit.globals(command), kit.io);
      if (!file)
        throw new CliError(
          exitCodes.usage,
          'no config file: pass --config <file> (created if missing) or set STUDYSPOT_HUB_CONFIG',
        );
      const raw = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
      const path = key.split('.');
      setAt(raw, path, parseValue(text));
      const parsed = HubConfig.safeParse(raw);
      if (!parsed.success)
        throw new CliError(
          exitCodes.badConfig,
          `not written — ${file} would be invalid:\n  ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('\n  ')}`,
        );
      if (at(parsed.data, path) === undefined)
        throw new CliError(
          exitCodes.usage,
          `no setting ${key}: not written (studyspot-hub config get lists them)`,
        );
      writeKeepingOwner(file, `${JSON.stringify(raw, null, 2)}\n`);
      kit.io.out(
        `${key} = ${JSON.stringify(at(mask(parsed.data), path))} written to ${file}; restart the hub to apply: sudo systemctl restart studyspot-hub`,
      );
    });
}

function registerValidate(config: Command, kit: Kit): void {
  config
    .command('validate')
    .description('check the config file and environment, listing every problem')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const file = configFileOf(kit.globals(command), kit.io);
      let problems: string[] = [];
      try {
        loadCliConfig(kit.globals(command), kit.io);
      } catch (error) {
        if (!(error instanceof CliError) || error.exitCode !== exitCodes.badConfig) throw error;
        problems = error.message
          .split('\n')
          .slice(1)
          .map((p) => p.trim());
      }
      if (options.json) kit.io.out(json({ valid: problems.length === 0, file, problems }));
      else if (problems.length === 0)
        kit.io.out(`${file ?? 'defaults and environment (no config file)'}: valid`);
      else kit.io.out(`${file ?? 'the configuration'} is invalid:\n  ${problems.join('\n  ')}`);
      kit.exit(problems.length === 0 ? exitCodes.ok : exitCodes.badConfig);
    });
}

export function registerConfigCommands(program: Command, kit: Kit): void {
  const config = program.command('config').description('read, change and check the hub configuration');
  registerGet(config, kit);
  registerSet(config, kit);
  registerValidate(config, kit);
}
