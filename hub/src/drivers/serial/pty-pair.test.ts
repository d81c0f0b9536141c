import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackage } from '../../../../test/support/debian.ts';
import { openPtyPair } from './pty-pair.ts';

/** socat processes (not the guarding shell) serving the pty linked at `path`. */
const socatsFor = (path: string): number => {
  try {
    const lines = execFileSync('pgrep', ['-a', '-x', 'socat']).toString().trim().split('\n');
    return lines.filter((line) => line.includes(`link=${path} `)).length;
  } catch {
    return 0; // pgrep exits 1 when nothing matches
  }
};

describe('socat pty pair', () => {
  let dir: string;
  beforeAll(() => {
    ensureDebianPackage('socat', 'socat');
    dir = mkdtempSync(join(tmpdir(), 'pty-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('close() removes socat and both links', async () => {
    const pair = await openPtyPair(join(dir, 'a'), join(dir, 'b'));
    expect(socatsFor(pair.hubPath)).toBe(1);
    await pair.close();
    expect(socatsFor(pair.hubPath)).toBe(0);
    expect(existsSync(pair.hubPath)).toBe(false);
  });

  it('a process killed with SIGKILL leaves no socat behind', async () => {
    const hubPath = join(dir, 'c');
    const script = `import('${join(import.meta.dirname, 'pty-pair.ts')}').then((m) => m.openPtyPair('${hubPath}', '${join(dir, 'd')}')).then(() => console.log('ready'));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    expect(socatsFor(hubPath)).toBe(1);
    child.kill('SIGKILL');
    for (let i = 0; i < 100 && socatsFor(hubPath) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(socatsFor(hubPath)).toBe(0);
  });
});
