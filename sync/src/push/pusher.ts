/**
 * The outbox pusher (ARCHITECTURE §4, ADR 0014): sends the hub's outbox in order and in batches to
 * `POST /v1/hub/mutations` and settles each mutation by its result — `accepted` deletes the row
 * (the position moves only then), `rejected` parks it with the cloud's code (visible; `retryParked`
 * puts it back), `retry` leaves it at the head. A failed exchange (network, 5xx, 429, an answer
 * that does not parse) changes nothing and backs off with full jitter, capped. A row whose payload
 * does not parse is parked locally (`unparseable`), so nothing ever blocks the queue.
 *
 * Catch-up after an outage (ADR 0021): a batch is as many mutations as fit `maxBatchBytes` (under
 * the cloud's body limit), up to `batchSize`, so a backlog drains in few exchanges; and while the
 * cloud cannot be reached at all (the request never got an answer) the backoff is capped at
 * `unreachableCapMs` (1 s, ADR 0025), so the line coming back is noticed within a second: a refused
 * connection costs the cloud nothing. A cloud that answers with an error (429, 5xx) or times out
 * still gets the full cap.
 */
import { MutationResponse } from '../mutations/schema.ts';
import { type BackoffPolicy, backoffDelay, defaultBackoff, sleep } from './backoff.ts';
import type { OutboxEntry, OutboxStore, Settlement } from './outbox-store.ts';

export interface PusherOptions {
  store: OutboxStore;
  /** The cloud's base URL, e.g. https://api.studyspot.in */
  url: string;
  /** The hub's bearer credential (hub pairing). */
  token?: string | undefined;
  fetch?: typeof fetch;
  /** Most mutations per exchange (the wire schema allows 200). */
  batchSize?: number;
  /** Largest request body; stays under the cloud's limit (64 KiB). */
  maxBatchBytes?: number;
  backoff?: BackoffPolicy;
  /** The backoff cap while the cloud is unreachable (no answer at all). */
  unreachableCapMs?: number;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How long to wait when the outbox is empty before looking again. */
  idleMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
}

export type PushOutcome =
  | { kind: 'idle' }
  | { kind: 'pushed'; accepted: number; parked: number; retry: number }
  | { kind: 'failed'; error: string; delayMs: number };

export interface PusherStatus {
  backlog: number;
  parked: number;
  lastSuccessAt: number | null;
  lastError: string | null;
  consecutiveFailures: number;
}

export class OutboxPusher {
  readonly #o: Required<Omit<PusherOptions, 'token'>> & { token: string | undefined };
  #batchSize: number;
  #failures = 0;
  #lastSuccessAt: number | null = null;
  #lastError: string | null = null;
  #abort: AbortController | null = null;
  #loop: Promise<void> | null = null;

  constructor(options: PusherOptions) {
    this.#o = {
      fetch: globalThis.fetch,
      batchSize: 200,
      maxBatchBytes: 60_000,
      backoff: defaultBackoff,
      unreachableCapMs: 1_000,
      random: Math.random,
      now: Date.now,
      sleep,
      idleMs: 1000,
      timeoutMs: 15_000,
      ...options,
      token: options.token,
    };
    this.#batchSize = this.#o.batchSize;
  }

  get status(): PusherStatus {
    return {
      backlog: this.#o.store.backlog(),
      parked: this.#o.store.parked().length,
      lastSuccessAt: this.#lastSuccessAt,
      lastError: this.#lastError,
      consecutiveFailures: this.#failures,
    };
  }

  /** Puts every parked mutation back in the queue; returns how many. */
  retryParked(): number {
    return this.#o.store.retryParked();
  }

  /** Runs the loop until `stop()` or `signal` aborts. */
  start(signal?: AbortSignal): void {
    if (this.#loop) return;
    const abort = new AbortController();
    this.#abort = abort;
    signal?.addEventListener('abort', () => abort.abort(), { once: true });
    this.#loop = this.#run(abort.signal);
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    await this.#loop;
    this.#loop = null;
    this.#abort = null;
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const outcome = await this.pushOnce().catch(
        (error: unknown): PushOutcome => this.#failed(error instanceof Error ? error.message : String(error)),
      );
      if (signal.aborted) break;
      if (outcome.kind === 'failed') await this.#o.sleep(outcome.delayMs, signal);
      else if (outcome.kind === 'idle') await this.#o.sleep(this.#o.idleMs, signal);
      else if (outcome.retry > 0) await this.#o.sleep(this.#delay(1), signal);
    }
  }

  /** One exchange: the next batch out, its results settled. */
  async pushOnce(): Promise<PushOutcome> {
    const entries = this.#o.store.pending(this.#batchSize);
    if (entries.length === 0) return { kind: 'idle' };
    const { sendable, unparseable } = encode(entries, this.#o.maxBatchBytes);
    if (sendable.length === 0) {
      this.#o.store.settle(unparseable);
      return { kind: 'pushed', accepted: 0, parked: unparseable.length, retry: 0 };
    }
    const answer = await this.#post(sendable.map((s) => s.wire));
    if (answer.kind === 'failed') return answer;
    if (answer.kind === 'too_large') return this.#tooLarge(sendable, unparseable);
    const settlements: Settlement[] = [...unparseable];
    for (const [i, result] of answer.response.results.entries()) {
      const id = sendable[i]?.id as string;
      if (result.status === 'accepted') settlements.push({ id, outcome: 'accepted' });
      else if (result.status === 'rejected') settlements.push({ id, outcome: 'parked', code: result.code });
      else settlements.push({ id, outcome: 'retry' });
    }
    this.#o.store.settle(settlements);
    this.#failures = 0;
    this.#lastSuccessAt = this.#o.now();
    return {
      kind: 'pushed',
      accepted: settlements.filter((s) => s.outcome === 'accepted').length,
      parked: settlements.filter((s) => s.outcome === 'parked').length,
      retry: settlements.filter((s) => s.outcome === 'retry').length,
    };
  }

  /** 413: halve the batch; a single mutation too large for the cloud is parked. */
  #tooLarge(sendable: Encoded[], unparseable: Settlement[]): PushOutcome {
    if (sendable.length > 1) {
      this.#batchSize = Math.max(1, Math.floor(sendable.length / 2));
      return this.#failed('batch too large', 0);
    }
    this.#o.store.settle([
      ...unparseable,
      { id: sendable[0]?.id as string, outcome: 'parked', code: 'too_large' },
    ]);
    return { kind: 'pushed', accepted: 0, parked: 1 + unparseable.length, retry: 0 };
  }

  /** POSTs the encoded mutations (JSON texts) as one batch. */
  async #post(
    mutations: string[],
  ): Promise<
    | { kind: 'ok'; response: MutationResponse }
    | { kind: 'too_large' }
    | Extract<PushOutcome, { kind: 'failed' }>
  > {
    let res: Response;
    try {
      res = await this.#o.fetch(`${this.#o.url.replace(/\/$/, '')}/v1/hub/mutations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.#o.token ? { authorization: `Bearer ${this.#o.token}` } : {}),
        },
        body: `{"mutations":[${mutations.join(',')}]}`,
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // a timeout may be a slow cloud: only "no answer at all" is the short-capped kind
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return this.#failed(`cloud unreachable: ${message}`, undefined, !timedOut);
    }
    if (res.status === 413) return { kind: 'too_large' };
    if (!res.ok) return this.#failed(`cloud answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const parsed = MutationResponse.safeParse(await res.json().catch(() => null));
    if (!parsed.success || parsed.data.results.length !== mutations.length) {
      return this.#failed('the cloud answered something that is not one result per mutation');
    }
    return { kind: 'ok', response: parsed.data };
  }

  #failed(error: string, delayMs?: number, unreachable = false): Extract<PushOutcome, { kind: 'failed' }> {
    this.#failures++;
    this.#lastError = error;
    return { kind: 'failed', error, delayMs: delayMs ?? this.#delay(this.#failures, unreachable) };
  }

  #delay(failures: number, unreachable = false): number {
    const { backoff, unreachableCapMs } = this.#o;
    const policy = unreachable ? { ...backoff, capMs: Math.min(backoff.capMs, unreachableCapMs) } : backoff;
    return backoffDelay(failures, policy, this.#o.random);
  }
}

interface Encoded {
  id: string;
  /** The mutation as JSON text. */
  wire: string;
}

/**
 * The entries as wire mutations, in order, as many as fit `maxBytes` of body (always at least
 * one: a single one too large for the cloud is answered 413 and parked). The rest stay queued.
 */
function encode(
  entries: OutboxEntry[],
  maxBytes: number,
): { sendable: Encoded[]; unparseable: Settlement[] } {
  const sendable: Encoded[] = [];
  const unparseable: Settlement[] = [];
  let bytes = '{"mutations":[]}'.length;
  for (const e of entries) {
    let payload: unknown;
    try {
      payload = JSON.parse(e.payload);
    } catch {
      unparseable.push({ id: e.id, outcome: 'parked', code: 'unparseable' });
      continue;
    }
    const wire = JSON.stringify({
      id: e.id,
      seq: e.seq,
      kind: e.kind,
      entityId: e.entityId,
      createdAt: e.createdAt,
      payload,
    });
    const size = Buffer.byteLength(wire) + 1;
    if (sendable.length > 0 && bytes + size > maxBytes) break;
    bytes += size;
    sendable.push({ id: e.id, wire });
  }
  return { sendable, unparseable };
}
