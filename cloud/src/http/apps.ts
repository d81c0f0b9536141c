/**
 * The browser apps on the cloud (ADR 0020): the student PWA at /app/ and the owner/admin portal at
 * /admin/ (the portal SPA picks its cloud home from the path). Each is a Vite build with relative
 * asset URLs and hash routes, so only files are served — no SPA fallback, nothing at the root.
 * The builds are found in STUDYSPOT_APPS_DIR (holding `<app>/dist`) when set, else in the
 * repository's `apps/`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { CloudEnv } from './env.ts';
import { sendError } from './errors.ts';

export interface AppMount {
  /** URL prefix without the trailing slash. */
  prefix: string;
  /** The folder under `appsDir` whose `dist/` is served. */
  app: string;
}

/** Where the student PWA is served; its pages get their own content policy (middleware.ts). */
export const STUDENT_APP_PREFIX = '/app';

export const cloudApps: readonly AppMount[] = [
  { prefix: STUDENT_APP_PREFIX, app: 'mobile' },
  { prefix: '/admin', app: 'portal' },
];

export function defaultAppsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.STUDYSPOT_APPS_DIR
    ? resolve(env.STUDYSPOT_APPS_DIR)
    : fileURLToPath(new URL('../../../apps/', import.meta.url));
}

/** Serves each app's dist under its prefix; a missing build answers 404 saying how to build it. */
export function mountApps(
  app: Hono<CloudEnv>,
  appsDir: string = defaultAppsDir(),
  mounts: readonly AppMount[] = cloudApps,
): void {
  for (const { prefix, app: name } of mounts) {
    const root = join(appsDir, name, 'dist');
    const files = serveStatic<CloudEnv>({
      root,
      rewriteRequestPath: (path) => path.slice(prefix.length) || '/',
    });
    app.get(prefix, (c) => c.redirect(`${prefix}/`, 301));
    app.get(`${prefix}/*`, async (c, next) => {
      if (!existsSync(join(root, 'index.html'))) {
        return sendError(c, 404, {
          code: 'not_found',
          message: `the ${name} app is not built (run: npx tsx apps/build.ts ${name})`,
        });
      }
      const response = await files(c, next);
      // A miss falls through (to the 404); a hit is cached by kind: Vite names assets by content
      // hash, so they are cached for good, while index.html is revalidated.
      if (!(response instanceof Response)) return;
      const immutable = c.req.path.includes('/assets/');
      response.headers.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return response;
    });
  }
}
