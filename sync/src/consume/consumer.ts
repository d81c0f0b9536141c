/**
 * The hub's read path (issue #5, ADR 0015): one official `ShapeStream` per shape against the
 * cloud's `/v1/shapes/{name}`, resumed from `shape_state`. Messages are buffered; each batch ending
 * in `up-to-date` is applied with the stream's offset and handle in one SQLite transaction
 * (applyBatch), then the catalog is reloaded if catalog tables changed. A batch that references a
 * row another shape has not delivered yet (foreign key) waits and is retried — the client fetches
 * nothing more until the subscriber returns. A malformed batch is logged and not applied; the
 * stream is restarted from the saved state after a delay. Nothing here ever throws into the hub.
 */
import { setMaxListeners } from 'node:events';
import { type Message, type Offset, type Row, ShapeStream } from '@electric-sql/client';
import { backoffDelay, sleep } from '../push/backoff.ts';
import { applyBatch, type ConsumerDb, readShapeState } from './apply.ts';
import { type ConsumedShape, consumedShapes } from './mapping.ts';

export interface ConsumerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ShapeConsumerOptions {
  db: ConsumerDb;
  /** The cloud's base URL, e.g. https://api.studyspot.in */
  url: string;
  /** The hub's credential per request (for now a bearer header; pairing will sign requests). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  shapes?: readonly ConsumedShape[];
  /** Called after a batch changed libraries, zones, seats, shifts or plans. */
  onCatalogChange?: () => void;
  /** Called after any batch that changed rows (after the catalog reload, if any). */
  onApplied?: (shape: ConsumedShape) => void;
  logger?: ConsumerLogger;
  fetch?: typeof fetch;
  /** Wait before restarting a failed stream or re-trying a batch blocked by a foreign key. */
  retryMs?: number;
  now?: () => number;
}

export interface ShapeStatus {
  handle: string | null;
  offset: string | null;
  lastUpToDateAt: number | null;
  /** ms since the last applied up-to-date (null before the first). */
  lag: number | null;
  lastError: string | null;
}

const NO_CLIENT_RETRIES = { initialDelay: 100, maxDelay: 100, multiplier: 1, maxRetries: 0 };
/**
 * The longest wait between restarts of a failing stream: a healed line is used within it. Short,
 * because the shapes are the last thing a catch-up waits for (ADR 0025); full jitter spreads a
 * fleet's retries after a cloud outage, like the pusher's.
 */
const MAX_RESTART_MS = 2_000;
/** Longer than any long-poll the cloud holds (Electric: 20 s). */
const REQUEST_TIMEOUT_MS = 60_000;

const silent: ConsumerLogger = { info() {}, warn() {}, error() {} };

const isForeignKeyError = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';

export class ShapeConsumer {
  readonly #db: ConsumerDb;
  readonly #url: string;
  readonly #headers: () => Record<string, string> | Promise<Record<string, string>>;
  readonly #shapes: readonly ConsumedShape[];
  readonly #onCatalogChange: () => void;
  readonly #onApplied: (shape: ConsumedShape) => void;
  readonly #logger: ConsumerLogger;
  readonly #fetch: typeof fetch;
  readonly #retryMs: number;
  readonly #now: () => number;
  readonly #status = new Map<ConsumedShape, ShapeStatus>();
  /** Shapes that reached `up-to-date` since start. */
  readonly #caughtUp = new Set<ConsumedShape>();
  #abort: AbortController | null = null;
  #loops: Promise<void>[] = [];

  constructor(options: ShapeConsumerOptions) {
    this.#db = options.db;
    this.#url = options.url.replace(/\/+$/, '');
    this.#headers = options.headers ?? (() => ({}));
    this.#shapes = options.shapes ?? consumedShapes;
    this.#onCatalogChange = options.onCatalogChange ?? (() => {});
    this.#onApplied = options.onApplied ?? (() => {});
    this.#logger = options.logger ?? silent;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#retryMs = options.retryMs ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  /** Whether every shape has been up to date at least once since start (the first sync is complete). */
  get caughtUp(): boolean {
    return this.#shapes.every((shape) => this.#caughtUp.has(shape));
  }

  /** Per shape: the saved resume point and how fresh it is. */
  get status(): Record<string, ShapeStatus> {
    const now = this.#now();
    return Object.fromEntries(
      this.#shapes.map((shape) => {
        const s = this.#status.get(shape) ?? this.#initialStatus(shape);
        return [shape, { ...s, lag: s.lastUpToDateAt === null ? null : now - s.lastUpToDateAt }];
      }),
    );
  }

  start(signal?: AbortSignal): void {
    if (this.#abort) return;
    const abort = new AbortController();
    // each stream listens on it while following and while sleeping: twelve shapes pass Node's
    // default of 10 and would print a MaxListenersExceededWarning that points at no leak
    setMaxListeners(4 * this.#shapes.length, abort.signal);
    this.#abort = abort;
    signal?.addEventListener('abort', () => abort.abort(), { once: true });
    if (signal?.aborted) abort.abort();
    this.#loops = this.#shapes.map((shape) => this.#run(shape, abort.signal));
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    await Promise.all(this.#loops);
    this.#loops = [];
    this.#abort = null;
  }

  #initialStatus(shape: ConsumedShape): ShapeStatus {
    let saved = null;
    try {
      saved = readShapeState(this.#db, shape);
    } catch {
      // the database may be closed after stop()
    }
    return {
      handle: saved?.handle ?? null,
      offset: saved?.offset ?? null,
      lastUpToDateAt: null,
      lag: null,
      lastError: null,
    };
  }

  /** Streams one shape until aborted, restarting from the saved state after a failure. */
  async #run(shape: ConsumedShape, signal: AbortSignal): Promise<void> {
    const status = this.#initialStatus(shape);
    this.#status.set(shape, status);
    let failures = 0;
    while (!signal.aborted) {
      const upToDateBefore = status.lastUpToDateAt;
      const reason = await this.#follow(shape, status, signal).catch((error: unknown) => error);
      if (signal.aborted) break;
      failures = status.lastUpToDateAt !== upToDateBefore ? 1 : failures + 1;
      status.lastError = reason instanceof Error ? reason.message : String(reason);
      // one warning per outage, not one per attempt
      if (failures === 1)
        this.#logger.warn({ shape, err: reason }, 'shape stream failed; restarting from the saved offset');
      const wait = backoffDelay(failures, { baseMs: this.#retryMs, capMs: MAX_RESTART_MS }, Math.random);
      await sleep(wait, signal);
    }
  }

  /** One ShapeStream; resolves with the reason it had to be restarted (or when aborted). */
  #follow(shape: ConsumedShape, status: ShapeStatus, outer: AbortSignal): Promise<unknown> {
    const saved = readShapeState(this.#db, shape);
    const controller = new AbortController();
    return new Promise<unknown>((resolve) => {
      let buffer: Message<Row>[] = [];
      let settled = false;
      let unsubscribe = () => {};
      const finish = (reason: unknown) => {
        if (settled) return;
        settled = true;
        outer.removeEventListener('abort', onAbort);
        unsubscribe();
        controller.abort();
        resolve(reason);
      };
      const onAbort = () => finish(null);
      outer.addEventListener('abort', onAbort, { once: true });
      const fetchClient: typeof fetch = async (input, init) => {
        const headers = new Headers(init?.headers);
        for (const [k, v] of Object.entries(await this.#headers())) headers.set(k, v);
        // A backstop for a request the network left hanging (seen when a connection is reset
        // the moment it opens): abort it, and the stream restarts from the saved offset.
        const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        return this.#fetch(input, { ...init, headers, signal });
      };
      const stream = new ShapeStream<Row>({
        url: `${this.#url}/v1/shapes/${shape}`,
        // a unique ignored param per stream instance: no in-process replay suppression (protocol G2)
        params: { hub_stream: crypto.randomUUID() },
        ...(saved ? { offset: saved.offset as Offset, handle: saved.handle } : {}),
        liveSse: false,
        // No retries inside the client: its backoff grows to 32 s, and a stream started while the
        // line was down never reconnected after it came back (convergence test). A failed request
        // ends the stream; #run restarts it from the saved offset on its own, visible schedule.
        backoffOptions: NO_CLIENT_RETRIES,
        signal: controller.signal,
        fetchClient,
        onError: (error) => {
          finish(error);
        },
      });
      unsubscribe = stream.subscribe(async (messages) => {
        if (settled) return;
        for (const message of messages) {
          buffer.push(message);
          if (!('control' in message.headers) || message.headers.control !== 'up-to-date') continue;
          const batch = buffer;
          buffer = [];
          try {
            await this.#apply(shape, batch, stream, status, controller.signal);
          } catch (error) {
            this.#logger.error({ shape, err: error }, 'shape batch not applied');
            finish(error);
            return;
          }
        }
      });
    });
  }

  async #apply(
    shape: ConsumedShape,
    batch: Message<Row>[],
    stream: ShapeStream<Row>,
    status: ShapeStatus,
    signal: AbortSignal,
  ): Promise<void> {
    const handle = stream.shapeHandle;
    const offset = stream.lastOffset;
    if (!handle) throw new Error('up-to-date without a shape handle');
    for (;;) {
      if (signal.aborted) return;
      try {
        const result = applyBatch(this.#db, shape, batch, offset, handle, { now: this.#now() });
        status.handle = handle;
        status.offset = offset;
        status.lastUpToDateAt = this.#now();
        this.#caughtUp.add(shape);
        status.lastError = null;
        if (result.catalogChanged) this.#reloadCatalog(shape);
        if (result.changes > 0 || result.replaced) this.#notify(shape);
        return;
      } catch (error) {
        if (!isForeignKeyError(error)) throw error;
        // another shape has not delivered the row this batch references yet (or still holds one it deletes)
        status.lastError = 'waiting for a referenced row';
        await sleep(Math.min(this.#retryMs, 250), signal);
      }
    }
  }

  #notify(shape: ConsumedShape): void {
    try {
      this.#onApplied(shape);
    } catch (error) {
      this.#logger.error({ shape, err: error }, 'onApplied failed');
    }
  }

  #reloadCatalog(shape: ConsumedShape): void {
    try {
      this.#onCatalogChange();
    } catch (error) {
      this.#logger.error({ shape, err: error }, 'catalog reload failed');
    }
  }
}
