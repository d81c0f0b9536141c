/**
 * Builds the hub into ESM files for production (`npm run build`): hub/dist/studyspot-hub.mjs (the
 * service) and hub/dist/studyspot-hub-cli.mjs (the technician's `studyspot-hub` CLI, ADR 0018) —
 * no TypeScript loader at run time, a faster start and ~30 MB less resident memory on a Pi than
 * running the sources under tsx. Native modules (SQLite, argon2, serial, GPIO) stay external and
 * load from node_modules next to them. The version is stamped in from hub/package.json.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const hubDir = fileURLToPath(new URL('..', import.meta.url));

export const external = ['better-sqlite3', '@node-rs/*', 'serialport', '@serialport/*', 'onoff', 'epoll'];

const version = (JSON.parse(readFileSync(`${hubDir}package.json`, 'utf8')) as { version: string }).version;

async function bundle(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [`${hubDir}src/${entry}`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external,
    define: { STUDYSPOT_HUB_VERSION: JSON.stringify(version) },
    // Bundled CommonJS dependencies still call require().
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
    sourcemap: 'linked',
  });
  return outfile;
}

export function buildHub(outfile = `${hubDir}dist/studyspot-hub.mjs`): Promise<string> {
  return bundle('main.ts', outfile);
}

export function buildCli(outfile = `${hubDir}dist/studyspot-hub-cli.mjs`): Promise<string> {
  return bundle('cli/main.ts', outfile);
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
  for (const file of await Promise.all([buildHub(), buildCli()])) console.log(`built ${file}`);
  copyApps();
}
