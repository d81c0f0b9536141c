/**
 * The hub's line to the cloud in bench/sync: a loopback TCP relay the hub is paired through, so
 * the bench can cut it (every open connection is destroyed and new ones are reset at once — the
 * cloud is unreachable for the hub, for its pusher and its shape streams alike) and restore it,
 * while the cloud itself keeps running. Bytes are relayed untouched: the signed path survives.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export class Line {
  readonly #server: Server;
  readonly #target: { host: string; port: number };
  readonly #open = new Set<Socket>();
  #cut = false;
  url = '';

  private constructor(target: URL) {
    this.#target = { host: target.hostname, port: Number(target.port) };
    this.#server = createServer((client) => this.#relay(client));
  }

  /** A line to `target` (http://host:port), listening on a free loopback port. */
  static async open(target: string): Promise<Line> {
    const line = new Line(new URL(target));
    await new Promise<void>((resolve) => line.#server.listen(0, '127.0.0.1', resolve));
    const address = line.#server.address();
    line.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return line;
  }

  /** The outage: drop what is open, refuse what comes. */
  cut(): void {
    this.#cut = true;
    for (const socket of this.#open) socket.destroy();
    this.#open.clear();
  }

  restore(): void {
    this.#cut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #relay(client: Socket): void {
    if (this.#cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(this.#target);
    for (const socket of [client, upstream]) {
      this.#open.add(socket);
      socket.setNoDelay(true);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => {
        this.#open.delete(socket);
        (socket === client ? upstream : client).destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
