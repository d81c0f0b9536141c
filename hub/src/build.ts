/**
 * Builds the hub into one ESM file for production (`npm run build` → hub/dist/studyspot-hub.mjs):
 * no TypeScript loader at run time, a faster start and ~30 MB less resident memory on a Pi than
 * running the sources under tsx. Native modules (SQLite, argon2, serial, GPIO) stay external and
 * load from node_modules next to it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const hubDir = fileURLToPath(new URL('..', import.meta.url));

export const external = ['better-sqlite3', '@node-rs/*', 'serialport', '@serialport/*', 'onoff', 'epoll'];

export async function buildHub(outfile = `${hubDir}dist/studyspot-hub.mjs`): Promise<string> {
  await build({
    entryPoints: [`${hubDir}src/main.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external,
    // Bundled CommonJS dependencies still call require().
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
    sourcemap: 'linked',
  });
  return outfile;
}

/** The kiosk and dashboard builds next to the bundle, in dist/apps/<app>/dist (ADR 0020). */
export function copyApps(outDir = `${hubDir}dist/apps`): void {
  execFileSync(process.execPath, ['--import', 'tsx', `${hubDir}../apps/build.ts`], { stdio: 'inherit' });
  for (const app of ['kiosk', 'portal']) {
    const from = `${hubDir}../apps/${app}/dist`;
    if (existsSync(from)) cpSync(from, `${outDir}/${app}/dist`, { recursive: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`built ${await buildHub()}`);
  copyApps();
}
