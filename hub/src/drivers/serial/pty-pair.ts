/**
 * A pseudo-terminal pair made by socat (`socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`):
 * what one side writes the other reads, like a USB-serial adapter and the device on its far end.
 * The firmware simulator puts its serial devices on one end and prints the other for the hub; tests
 * do the same. `close()` kills socat, which makes both ends vanish as an unplugged adapter would.
 *
 * socat runs under a small shell that also kills it when our end of its stdin pipe closes — so a
 * simulator or test process that dies without `close()` (a crash, SIGKILL) leaves no socat behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PtyPair {
  /** The end the hub's driver opens. */
  readonly hubPath: string;
  /** The end the (simulated) device opens. */
  readonly devicePath: string;
  readonly pid: number | undefined;
  close(): Promise<void>;
}

async function waitForLinks(child: ChildProcess, paths: string[], timeoutMs: number): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 10) {
    if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}`);
    if (paths.every((p) => existsSync(p))) return;
    await sleep(10);
  }
  throw new Error(`socat did not create ${paths.join(', ')} within ${timeoutMs} ms`);
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end(); // the guard kills socat, `wait` returns, the shell exits
  });
}

// fd 3 keeps our pipe: a background job's own stdin is /dev/null in a non-interactive shell.
const GUARDED = 'exec 3<&0; socat "$@" & pid=$!; (cat <&3 >/dev/null; kill $pid 2>/dev/null) & wait $pid';

/** Starts socat linking a pty pair at `hubPath` and `devicePath`; resolves once both exist. */
export async function openPtyPair(hubPath: string, devicePath: string, timeoutMs = 5_000): Promise<PtyPair> {
  const child = spawn(
    'sh',
    ['-c', GUARDED, 'sh', '-d', '-d', `pty,raw,echo=0,link=${hubPath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  child.stderr?.resume();
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;
  try {
    await waitForLinks(child, [hubPath, devicePath], timeoutMs);
  } catch (error) {
    await killAndWait(child);
    throw error;
  }
  return { hubPath, devicePath, pid: child.pid, close: () => killAndWait(child) };
}
