/**
 * Serving the cloud app: @hono/node-server on the given host and port (0 picks a free one, for
 * tests). `close()` stops accepting and drops idle keep-alive connections so shutdown and tests
 * do not hang.
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
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
