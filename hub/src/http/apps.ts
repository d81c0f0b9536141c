/**
 * The browser apps on the hub's HTTP port (ADR 0020): the kiosk at /kiosk/ and the staff dashboard
 * (the portal's hub home) at /. Each is a Vite build with relative asset URLs and hash routes, so
 * only files are served here — no SPA fallback. The root mount never answers for the hub's own
 * paths (/api, /health, /metrics, /socket.io, /mqtt): those fall through to the API or its 404.
 *
 * Where the builds live (`appsDir`, holding `<app>/dist`): STUDYSPOT_APPS_DIR when set; else
 * `apps/` next to the production bundle (hub/src/build.ts copies the dists there); else the
 * repository's `apps/` (running the sources under tsx, or a bundle inside a checkout).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { HttpEnv } from './env.ts';
import { sendError } from './errors.ts';

export interface AppMount {
  /** URL prefix without the trailing slash; '' is the root. */
  prefix: string;
  /** The folder under `appsDir` whose `dist/` is served. */
  app: string;
}

export const hubApps: readonly AppMount[] = [
  { prefix: '/kiosk', app: 'kiosk' },
  { prefix: '', app: 'portal' },
];

/** Paths the root app must never shadow. */
const RESERVED = ['/api', '/health', '/metrics', '/socket.io', '/mqtt'];

const candidates = ['./apps/', '../../apps/', '../../../apps/'];

/** The default `appsDir` (see the module comment); null when no candidate exists. */
export function defaultAppsDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.STUDYSPOT_APPS_DIR) return resolve(env.STUDYSPOT_APPS_DIR);
  for (const candidate of candidates) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (hubApps.some((m) => existsSync(join(dir, m.app, 'dist')))) return dir;
  }
  return null;
}

function reserved(path: string): boolean {
  return RESERVED.some((r) => path === r || path.startsWith(`${r}/`));
}

/** Serves each app's dist under its prefix; a missing build answers 404 saying how to build it. */
export function mountApps(app: Hono<HttpEnv>, appsDir: string, mounts: readonly AppMount[] = hubApps): void {
  for (const { prefix, app: name } of mounts) {
    const root = join(appsDir, name, 'dist');
    const files = serveStatic<HttpEnv>({
      root,
      rewriteRequestPath: (path) => path.slice(prefix.length) || '/',
    });
    if (prefix) app.get(prefix, (c) => c.redirect(`${prefix}/`, 301));
    app.get(`${prefix}/*`, async (c, next) => {
      // The root app answers only for paths no one else owns (the API, the other apps).
      if (
        !prefix &&
        (reserved(c.req.path) || mounts.some((m) => m.prefix && c.req.path.startsWith(`${m.prefix}/`)))
      )
        return next();
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
