/**
 * Serving the API: @hono/node-server on the given host and port (0 picks a free one, for tests),
 * with socket.io attached to the same node server. `close()` stops both and drops idle
 * keep-alive connections so tests and shutdown do not hang.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { Authenticator } from '../auth/authenticator.ts';
import type { HubCore } from '../hub.ts';
import type { Realtime } from '../realtime.ts';
import { attachRealtime } from '../realtime.ts';
import type { HttpEnv } from './env.ts';

export interface StartOptions {
  app: Hono<HttpEnv>;
  core: HubCore;
  port: number;
  host?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  realtime: Realtime;
  close(): Promise<void>;
}

export async function startHttpServer(options: StartOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: options.app.fetch, port: options.port, hostname: host }, () =>
      resolve(s as Server),
    );
    s.once('error', reject);
  });
  const realtime = attachRealtime(
    server,
    options.core.bus,
    new Authenticator(options.core.db, options.core.clock),
  );
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shown}:${port}`,
    realtime,
    close: async () => {
      await realtime.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
