/**
 * Serving the cloud app: @hono/node-server on the given host and port (0 picks a free one, for
 * tests). `close()` stops accepting, drops idle keep-alive connections, gives requests in flight
 * `graceMs` to finish, then cuts what is left: the hubs' shape long-polls (held up to 20 s, and
 * a hub re-asks at once) would otherwise keep a stopping cloud alive indefinitely — Ctrl-C on
 * `npm start` hung. A cut long-poll costs a hub one retry from its saved offset.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { CloudEnv } from './env.ts';

export interface CloudServerOptions {
  app: Hono<CloudEnv>;
  port: number;
  host?: string;
  /** How long `close()` lets requests in flight finish before cutting them (default 3 s). */
  graceMs?: number;
}

export interface RunningCloudServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startCloudServer(options: CloudServerOptions): Promise<RunningCloudServer> {
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: options.app.fetch, port: options.port, hostname: host }, () =>
      resolve(s as Server),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shown}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 3_000);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
