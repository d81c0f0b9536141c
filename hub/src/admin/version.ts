/**
 * The hub's version: stamped into the production bundles by hub/src/build.ts (esbuild `define`),
 * read from hub/package.json when running from source under tsx.
 */
import { readFileSync } from 'node:fs';

declare const STUDYSPOT_HUB_VERSION: string | undefined;

function fromPackage(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const hubVersion: string =
  typeof STUDYSPOT_HUB_VERSION === 'string' ? STUDYSPOT_HUB_VERSION : fromPackage();
