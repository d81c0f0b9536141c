/**
 * `Database.listen` on Postgres: LISTEN needs a session of its own, because a pooled connection
 * goes back to the pool after each transaction and notifications reach only an idle listening
 * session. One client per database serves every channel, opened at the first `listen`. When the
 * server drops it (restart, network), it reconnects with capped backoff, LISTENs again and tells
 * every listener "anything may have changed" (empty payload): what was notified meanwhile is lost.
 * LISTEN needs no privilege, so the pool's login role does.
 *
 *   idle ──listen──► connecting ──► listening ──error/end──► waiting (backoff) ──► connecting
 *                                                                   └─► on reconnect: notify ''
 */
import pg from 'pg';

type Handler = (payload: string) => void;

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_RETRY_MS = 5_000;

export class PgListener {
  readonly #connectionString: string;
  readonly #handlers = new Map<string, Set<Handler>>();
  #client: Promise<pg.Client> | null = null;
  #retryMs = 100;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(connectionString: string) {
    this.#connectionString = connectionString;
  }

  async listen(channel: string, handler: Handler): Promise<() => Promise<void>> {
    if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${JSON.stringify(channel)}`);
    if (this.#closed) throw new Error('the database is closed');
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
    }
    handlers.add(handler);
    // LISTEN is idempotent; a client connecting now LISTENs to every registered channel anyway
    const client = await this.#connected();
    await client.query(`LISTEN ${channel}`);
    return async () => {
      handlers.delete(handler);
      if (handlers.size > 0 || this.#handlers.get(channel) !== handlers) return;
      this.#handlers.delete(channel);
      const current = await this.#client?.catch(() => null);
      await current?.query(`UNLISTEN ${channel}`).catch(() => {});
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const client = await this.#client?.catch(() => null);
    this.#client = null;
    await client?.end().catch(() => {});
  }

  #connected(): Promise<pg.Client> {
    this.#client ??= this.#connect();
    return this.#client;
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.#connectionString });
    // An error on an idle client must not crash the process: reconnect instead.
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => this.#deliver(message.channel, message.payload ?? ''));
    try {
      await client.connect();
      for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => {});
      this.#client = null;
      throw error;
    }
    this.#retryMs = 100;
    return client;
  }

  #lost(client: pg.Client): void {
    if (this.#closed || this.#timer) return;
    void this.#client?.then(
      (current) => {
        if (current === client) this.#reconnectLater();
      },
      () => {},
    );
  }

  #reconnectLater(): void {
    this.#client = null;
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#closed || this.#handlers.size === 0) return;
      this.#connected().then(
        () => {
          for (const channel of this.#handlers.keys()) this.#deliver(channel, '');
        },
        () => {
          this.#retryMs = Math.min(MAX_RETRY_MS, this.#retryMs * 2);
          this.#reconnectLater();
        },
      );
    }, this.#retryMs);
  }

  #deliver(channel: string, payload: string): void {
    for (const handler of [...(this.#handlers.get(channel) ?? [])]) {
      try {
        handler(payload);
      } catch {
        // a listener's failure is its own; the others still hear
      }
    }
  }
}
