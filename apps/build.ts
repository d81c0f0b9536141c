/**
 * Builds the browser apps with Vite (ADR 0020): each `apps/<name>` becomes `apps/<name>/dist`, with
 * `base: './'` so one build is served under any prefix. `ensureAppsBuilt()` skips an app whose
 * dist is newer than its own sources and the shared kit, so `npm start` and the browser tests call
 * it on every run for the price of a directory walk. An app may add its own `vite.config.ts`
 * (merged over these defaults), e.g. for a service worker.
 * Run alone: `tsx apps/build.ts [--force] [name…]` (the named apps, or all; `--force` rebuilds fresh ones).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const appsDir = fileURLToPath(new URL('.', import.meta.url));
export const appNames = ['kiosk', 'portal', 'mobile'] as const;
export type AppName = (typeof appNames)[number];

const IGNORED = new Set(['node_modules', 'dist', '.vite']);

/** The newest modification time of any file under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (IGNORED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
    if (time > latest) latest = time;
  }
  return latest;
}

/** Whether `apps/<name>` has something to build (a sibling engineer's app may not exist yet). */
function buildable(name: AppName): boolean {
  return existsSync(join(appsDir, name, 'index.html'));
}

export function isFresh(name: AppName): boolean {
  const index = join(appsDir, name, 'dist', 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return built > Math.max(newest(join(appsDir, name)), newest(join(appsDir, 'kit')));
}

export async function buildApp(name: AppName): Promise<string> {
  const root = join(appsDir, name);
  const configFile = join(root, 'vite.config.ts');
  const outDir = join(root, 'dist');
  // A production build even from inside vitest (NODE_ENV=test): Vite derives import.meta.env.PROD
  // and React picks its runtime from NODE_ENV, so the tests would otherwise run a development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildWith(root, configFile, outDir);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

async function buildWith(root: string, configFile: string, outDir: string): Promise<void> {
  await build({
    mode: 'production',
    root,
    base: './',
    configFile: existsSync(configFile) ? configFile : false,
    plugins: [react()],
    logLevel: 'warn',
    clearScreen: false,
    build: { outDir, emptyOutDir: true, sourcemap: true, reportCompressedSize: false },
  });
}

/** Builds each named app (default: all that exist) unless its dist is up to date; returns those built. */
export async function ensureAppsBuilt(names: readonly AppName[] = appNames): Promise<AppName[]> {
  const built: AppName[] = [];
  for (const name of names) {
    if (!buildable(name) || isFresh(name)) continue;
    await buildApp(name);
    built.push(name);
  }
  return built;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const asked = args.filter((a): a is AppName => (appNames as readonly string[]).includes(a));
  const names = asked.length > 0 ? asked : appNames.filter(buildable);
  if (args.includes('--force')) for (const name of names) await buildApp(name);
  const built = args.includes('--force') ? names : await ensureAppsBuilt(names);
  console.log(built.length > 0 ? `built ${built.join(', ')}` : 'apps up to date');
}
