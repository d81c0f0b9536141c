/**
 * The internet line between a hub and the cloud, as a loopback TCP proxy the tests can cut: `cut()`
 * drops every open connection (an outage mid-request included) and stops listening, so new
 * connections are refused; `heal()` listens on the same port again. Used by the convergence test,
 * the journey tests and bench/sync (the hub is paired through it; bytes are relayed untouched).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface Line {
  url: string;
  cut(): void;
  heal(): void;
  isCut(): boolean;
  close(): Promise<void>;
}

export async function openLine(target: URL): Promise<Line> {
  const open = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) return void client.destroy();
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    for (const s of [client, upstream]) {
      open.add(s);
      s.setNoDelay(true); // latency through the line is measured (bench/sync)
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      if (!up) return;
      up = false;
      server.close();
      for (const s of open) s.destroy();
    },
    isCut: () => !up,
    heal() {
      if (up) return;
      up = true;
      server.listen(port, '127.0.0.1');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}
