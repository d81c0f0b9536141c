/**
 * The built-in shape server (ADR 0013): answers `GET /v1/shapes/<name>` exactly as
 * `@electric-sql/client` expects (electric-protocol.md §3.4), from the table (snapshot) and the
 * trigger-filled change log (tail), inside the hub's tenant transaction. HTTP-framework free: the
 * cloud route turns a `ShapeRequest` into a `ShapeResponse`.
 *
 *   offset=-1 ─► snapshot inserts, offset=<end>_0 (never up-to-date, as Electric)
 *   offset=O  ─► handle ≠ current ─► 409 must-refetch (+ current handle)
 *             └► tail after O ─► changes [+ up-to-date when caught up]
 *                 └► live, nothing new ─► hold until the log grows or longPollMs ─► [up-to-date]
 */
import { type HubScope, isShapeName, type ShapeName, shapeDefinitions } from './definitions.ts';
import { type ShapeMessage, schemaHeader, TEXT_SETTINGS, upToDate } from './encode.ts';
import { readGeneration, readSnapshot, readTail, type ShapeTx, type Tail } from './log-reader.ts';
import { formatOffset, nextCursor, parseOffset, shapeHandle } from './protocol.ts';
import { ChangeWatcher } from './watcher.ts';

/** What the server needs of the cloud's `Database` (structurally the same). */
export interface ShapeDatabase {
  tenant<T>(tenantId: string, fn: (tx: ShapeTx) => Promise<T>): Promise<T>;
  platform<T>(fn: (tx: ShapeTx) => Promise<T>): Promise<T>;
  /**
   * NOTIFY subscription, delivered after the notifying commit; an empty payload means "anything
   * may have changed" (a reconnect). Without it the server polls the log's end.
   */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
}

/** The channel the change-log trigger (migration 440) notifies, with `<tenant id>:<table>`. */
export const CHANGES_CHANNEL = 'sync_changes';

export interface ShapeServerOptions {
  db: ShapeDatabase;
  /** How long a live request is held without news (Electric: 20 s; the client gives up at 45 s). */
  longPollMs?: number;
  /** How often the log's end is polled while requests wait and no notification channel is open. */
  pollMs?: number;
  /** The same once the database delivers change notifications: a safety net only. */
  listeningPollMs?: number;
  /** Most change-log rows per response. */
  chunkRows?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export interface ShapeRequest {
  name: string;
  scope: HubScope;
  params: URLSearchParams;
  signal?: AbortSignal;
}

export interface ShapeResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const invalid = (field: string, message: string): ShapeResponse => ({
  status: 400,
  headers: { 'cache-control': 'no-store' },
  body: { message: 'Invalid request', errors: { [field]: [message] } },
});

interface Resolved {
  name: ShapeName;
  scope: HubScope;
  handle: string;
}

interface FirstRead {
  r: Resolved;
  tail: Tail;
  ticket: number;
  after: bigint;
}

/** offset=now: read "after" the largest lsn, which yields no rows and the current end. */
const END_OF_LOG = 2n ** 62n;

export class ShapeServer {
  readonly #db: ShapeDatabase;
  readonly #longPollMs: number;
  readonly #chunkRows: number;
  readonly #now: () => number;
  readonly #listeningPollMs: number;
  readonly #onError: (error: unknown) => void;
  #unlisten: Promise<(() => Promise<void>) | null> | null = null;
  readonly watcher: ChangeWatcher;

  constructor(options: ShapeServerOptions) {
    this.#db = options.db;
    this.#listeningPollMs = options.listeningPollMs ?? 2_000;
    this.#onError = options.onError ?? (() => {});
    this.#longPollMs = options.longPollMs ?? 20_000;
    this.#chunkRows = options.chunkRows ?? 5_000;
    this.#now = options.now ?? Date.now;
    this.watcher = new ChangeWatcher({
      readEnd: () =>
        options.db.platform(async (tx) => {
          const [row] = await tx.query<{ end: string }>(
            `SELECT (SELECT coalesce(max(lsn), 0) FROM sync_changes)::text || ':' ||
                    (SELECT coalesce(sum(generation), 0) FROM sync_shapes)::text AS end`,
          );
          return row?.end ?? '';
        }),
      pollMs: options.pollMs ?? 100,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  /** Releases held requests and the notification subscription. */
  async close(): Promise<void> {
    this.watcher.close();
    const unlisten = await this.#unlisten;
    this.#unlisten = null;
    await unlisten?.().catch(this.#onError);
  }

  /**
   * Subscribes to change notifications once, at the first live request (so an app that never
   * serves shapes holds no listening connection). Until it is listening the watcher polls fast;
   * once it is, everyone is woken once (a commit may have slipped in before LISTEN took effect)
   * and polling becomes the slow safety net.
   */
  #listen(): void {
    if (this.#unlisten || !this.#db.listen) return;
    this.#unlisten = this.#db
      .listen(CHANGES_CHANNEL, (payload) => this.watcher.poke(payload === '' ? undefined : payload))
      .then(
        (unlisten) => {
          this.watcher.setPollMs(this.#listeningPollMs);
          this.watcher.poke();
          return unlisten;
        },
        (error: unknown) => {
          this.#onError(error);
          return null;
        },
      );
  }

  async handle(request: ShapeRequest): Promise<ShapeResponse> {
    const { name, params } = request;
    if (!isShapeName(name)) return { status: 404, headers: {}, body: { message: `no shape ${name}` } };
    const offset = parseOffset(params.get('offset'));
    if (!offset) return invalid('offset', 'expected -1, now or <lsn>_<n>');
    if ((params.get('log') ?? 'full') !== 'full') return invalid('log', 'only log=full is served');
    const live = params.get('live') === 'true';
    if (live && offset.kind !== 'at') return invalid('live', 'live needs an offset from a previous response');
    if (live) this.#listen();
    const clientHandle = params.get('handle');
    if (offset.kind !== 'initial' && !clientHandle) return invalid('handle', 'required with this offset');
    const first = await this.#tx(request.scope, async (tx): Promise<ShapeResponse | FirstRead> => {
      const generation = await readGeneration(tx, name, request.scope);
      const r = {
        name,
        scope: request.scope,
        handle: shapeHandle(name, shapeDefinitions[name], request.scope, generation),
      };
      if (offset.kind === 'initial') return this.#snapshot(tx, r);
      if (clientHandle !== r.handle) return mustRefetch(r.handle);
      const ticket = this.watcher.ticket(topicOf(r));
      const after = offset.kind === 'at' ? offset.lsn : END_OF_LOG;
      const tail = await readTail(tx, shapeDefinitions[name], r.scope, after, this.#chunkRows);
      return { r, tail, ticket, after };
    });
    if ('status' in first) return first;
    const { r, tail, ticket, after } = first;
    // An offset past the end was not issued for this log (a restored database): start over.
    if (after !== END_OF_LOG && after > tail.endLsn) return mustRefetch(r.handle);
    if (offset.kind === 'now') return ok(r.handle, tail.endLsn, [upToDate(tail.endLsn)], schemaOf(r));
    if (!live) return this.#answer(r, tail, schemaOf(r));
    const held = await this.#hold(r, tail, ticket, request.signal);
    if (held === 'rotated') return mustRefetch(r.handle);
    const cursor = nextCursor(this.#now(), this.#longPollMs, params.get('cursor'));
    return this.#answer(r, held, { 'electric-cursor': cursor });
  }

  #tx<T>(scope: HubScope, fn: (tx: ShapeTx) => Promise<T>): Promise<T> {
    return this.#db.tenant(scope.tenantId, async (tx) => {
      await tx.query(TEXT_SETTINGS);
      return fn(tx);
    });
  }

  async #snapshot(tx: ShapeTx, r: Resolved): Promise<ShapeResponse> {
    const def = shapeDefinitions[r.name];
    const snapshot = await readSnapshot(tx, def, r.scope);
    return ok(r.handle, snapshot.endLsn, snapshot.messages, { 'electric-schema': schemaHeader(def) });
  }

  /** Waits until the tail has messages, the long-poll times out, or the handle rotates. */
  async #hold(
    r: Resolved,
    first: Tail,
    firstTicket: number,
    signal?: AbortSignal,
  ): Promise<Tail | 'rotated'> {
    const deadline = this.#now() + this.#longPollMs;
    const topic = topicOf(r);
    let tail = first;
    let ticket = firstTicket;
    while (tail.messages.length === 0 && tail.complete) {
      const left = deadline - this.#now();
      if (left <= 0 || signal?.aborted) break;
      if (!(await this.watcher.wait(ticket, left, signal, topic))) break;
      ticket = this.watcher.ticket(topic);
      const after = tail.endLsn;
      const next = await this.#tx(r.scope, async (tx) => {
        const generation = await readGeneration(tx, r.name, r.scope);
        if (shapeHandle(r.name, shapeDefinitions[r.name], r.scope, generation) !== r.handle) return 'rotated';
        return readTail(tx, shapeDefinitions[r.name], r.scope, after, this.#chunkRows);
      });
      if (next === 'rotated') return next;
      tail = next;
    }
    return tail;
  }

  #answer(r: Resolved, tail: Tail, extra: Record<string, string>): ShapeResponse {
    const messages = tail.complete ? [...tail.messages, upToDate(tail.endLsn)] : tail.messages;
    return ok(r.handle, tail.endLsn, messages, extra);
  }
}

/** The notification topic of a hub's shape: its tenant and table (the trigger's payload). */
const topicOf = (r: Resolved) => `${r.scope.tenantId}:${shapeDefinitions[r.name].table}`;

const schemaOf = (r: Resolved) => ({ 'electric-schema': schemaHeader(shapeDefinitions[r.name]) });

function ok(
  handle: string,
  end: bigint,
  messages: ShapeMessage[],
  extra: Record<string, string>,
): ShapeResponse {
  const last = messages.at(-1);
  const upToDateHeader: Record<string, string> =
    last && 'control' in last.headers ? { 'electric-up-to-date': '' } : {};
  return {
    status: 200,
    headers: {
      'electric-handle': handle,
      'electric-offset': formatOffset(end),
      'cache-control': 'no-store',
      ...upToDateHeader,
      ...extra,
    },
    body: messages,
  };
}

function mustRefetch(handle: string): ShapeResponse {
  return {
    status: 409,
    headers: { 'electric-handle': handle, 'cache-control': 'no-store' },
    body: [{ headers: { control: 'must-refetch' } }],
  };
}

/**
 * The knobs a deployment (or a test) may turn; the database comes from the app. `electric` makes
 * the cloud's route proxy to a real Electric service instead of serving shapes itself (ADR 0021).
 */
export type ShapeServerTuning = Pick<
  ShapeServerOptions,
  'longPollMs' | 'pollMs' | 'listeningPollMs' | 'chunkRows'
> & { electric?: { url: string; secret?: string | undefined } | undefined };
