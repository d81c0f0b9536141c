/**
 * Test support for the CLI suites (not shipped code): a hub data directory seeded like a library's,
 * a config file for it, the CLI run in-process with captured output (what a technician would read)
 * or as the shipped bundle in a child process, simulated devices from the firmware simulator's own
 * command (`studyspot-firmware-sim`, a separate process, so unplugging the serial board is killing
 * it), and a bounded `waitFor` instead of sleeps. The hub itself always runs as a real child
 * process from its production bundle (test/support/hub-process).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HubData, prepareHubData } from '../../../test/support/hub-data.ts';
import { buildCli } from '../build.ts';
import type { HubConfig } from '../config.ts';
import type { CliIo } from './io.ts';
import { runCli } from './program.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stdout parsed as JSON. */
  json<T = Record<string, unknown>>(): T;
}

export interface HubDir {
  dir: string;
  data: HubData;
  configFile: string;
  env: NodeJS.ProcessEnv;
}

/** A seeded data directory (short path: the admin socket lives in it) and its config file. */
export async function hubDir(config: Record<string, unknown> = {}, members = 4): Promise<HubDir> {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  const data = await prepareHubData(dir, members);
  const configFile = join(dir, 'hub.json');
  writeConfig(configFile, config);
  return { dir, data, configFile, env: { STUDYSPOT_DATA_DIR: dir, STUDYSPOT_HUB_CONFIG: configFile } };
}

export function writeConfig(file: string, config: Record<string, unknown> | Partial<HubConfig>): void {
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o640 });
}

/** Runs the CLI in this process, as `studyspot-hub <argv>` with `env`. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    errRaw: () => {},
    env,
    cwd: root,
    errIsTTY: false,
    ...(signal ? { signal } : {}),
  };
  const code = await runCli(argv, io);
  return result(code, out.join('\n'), err.join('\n'));
}

function result(code: number, out: string, err: string): CliRun {
  return { code, out, err, json: <T>() => JSON.parse(out) as T };
}

let bundle: Promise<string> | null = null;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Bundles left by test processes that were killed before their exit hook ran. */
function removeStaleBundles(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = /^\.test-cli-(\d+)\.mjs(\.map)?$/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !alive(Number(pid))) rmSync(join(dir, name), { force: true });
  }
}

/** The shipped CLI bundle, built once per test process. */
function cliBundle(): Promise<string> {
  if (!bundle && existsSync(`${root}hub/dist`)) removeStaleBundles(`${root}hub/dist`);
  bundle ??= buildCli(`${root}hub/dist/.test-cli-${process.pid}.mjs`).then((file) => {
    process.once('exit', () => {
      for (const f of [file, `${file}.map`])
        try {
          unlinkSync(f);
        } catch {
          // already gone
        }
    });
    return file;
  });
  return bundle;
}

/** Runs the bundled `studyspot-hub` as a child process, the way a technician does. */
export async function cliProcess(argv: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const file = await cliBundle();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file, ...argv],
      { env: { PATH: process.env.PATH, ...env }, cwd: root, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve(result(code, stdout.trim(), stderr.trim()));
      },
    );
  });
}

/** Polls `check` until it returns a value (not undefined/false) or the deadline passes. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

export interface FirmwareSim {
  child: ChildProcess;
  /** Hub-side path of the simulated serial lock board, when it has one. */
  boardPath: string | null;
  stop(): Promise<void>;
  /** SIGKILL: its socat pty pairs vanish with it, like an unplugged USB adapter. */
  kill(): Promise<void>;
}

/** Runs `studyspot-firmware-sim <args>` and waits until it has printed its devices. */
export async function firmwareSim(args: string[]): Promise<FirmwareSim> {
  const child = spawn(process.execPath, [`${root}firmware-sim/bin/studyspot-firmware-sim.js`, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  await waitFor(
    'the firmware simulator to start',
    () => {
      if (child.exitCode !== null) throw new Error(`firmware-sim exited ${child.exitCode}: ${output}`);
      return output.includes('MQTT devices:');
    },
    30_000,
  );
  const board = /serial lock board \(hub side\): (\S+)/.exec(output)?.[1];
  const ended = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    child,
    boardPath: board && board !== '-' ? board : null,
    stop: () => ended('SIGTERM'),
    kill: () => ended('SIGKILL'),
  };
}
