/**
 * Runs a real hub as a child process on a prepared data directory, the way the kill test and the
 * benchmarks need it: separate from the load generator, so they do not share one event loop. The
 * child runs the production bundle (hub/src/build.ts), built once per test process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildHub } from '../../hub/src/build.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

let bundle: Promise<string> | null = null;

/** The hub bundle for this process (several test files may build at once: one file each). */
function hubBundle(): Promise<string> {
  bundle ??= buildHub(`${root}hub/dist/.test-${process.pid}.mjs`).then((file) => {
    process.once('exit', () => {
      for (const f of [file, `${file}.map`]) {
        try {
          unlinkSync(f);
        } catch {
          // already gone
        }
      }
    });
    return file;
  });
  return bundle;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface HubProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `hub/src/main.ts` on `dataDir` and waits until `/health` answers. */
export async function startHubProcess(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
): Promise<HubProcess> {
  const port = await freePort();
  const mqttPort = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, await hubBundle()], {
    cwd: root,
    env: {
      ...process.env,
      STUDYSPOT_DATA_DIR: dataDir,
      HUB_HTTP_PORT: String(port),
      HUB_HTTP_HOST: '127.0.0.1',
      HUB_MQTT_PORT: String(mqttPort),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`hub did not become healthy in 30 s:\n${output}`);
  }
  return {
    child,
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
