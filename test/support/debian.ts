/**
 * Tests that need a Debian tool (socat, mosquitto clients, chromium) call `ensureDebianPackage`
 * in their `beforeAll`. On a fresh machine, as root, it installs what is missing; otherwise it
 * fails with a message naming the package, never silently skips.
 */
import { execFileSync } from 'node:child_process';

let updated = false;

function has(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function ensureDebianPackage(binary: string, pkg: string): void {
  if (has(binary)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${binary} is missing: install the Debian package '${pkg}' (apt-get install ${pkg})`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env, timeout: 300_000 });
    updated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
    stdio: 'ignore',
    env,
    timeout: 600_000,
  });
  if (!has(binary)) throw new Error(`installed '${pkg}' but ${binary} is still not on PATH`);
}
