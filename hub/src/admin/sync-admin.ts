/**
 * `studyspot-hub sync push|resync` on the hub side. `flushOutbox` drives the running pusher's
 * exchange until the outbox is empty or the cloud fails (the pusher's own loop may run alongside:
 * a mutation sent twice is applied once, the cloud records every id — ADR 0014). `requestResync`
 * saves a resume point the cloud cannot know (a `resync-…` handle), so the shape's next request is
 * answered 409 must-refetch and the consumer replaces that shape's rows from a fresh snapshot —
 * the protocol's own path, with no change to sync/ (ADR 0018). It works on a stopped hub too: the
 * snapshot then comes at the next start.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '@studyspot/core';
import type { ShapeStatus } from '@studyspot/sync/consume';
import { consumedShapes, definitionHash, isConsumedShape } from '@studyspot/sync/consume';
import type { PushOutcome } from '@studyspot/sync/push';
import type { Db } from '../store/db.ts';
import { RESYNC_HANDLE_PREFIX } from './db-status.ts';

export interface FlushResult {
  accepted: number;
  parked: number;
  retry: number;
  batches: number;
  /** `drained`: nothing left to send; `failed`: the cloud did not take the last batch. */
  outcome: 'drained' | 'failed' | 'stopped';
  error: string | null;
  unparked: number;
}

export interface Pushable {
  pushOnce(): Promise<PushOutcome>;
  retryParked(): number;
}

export async function flushOutbox(
  pusher: Pushable,
  options: {
    retryParked?: boolean;
    maxBatches?: number;
    signal?: AbortSignal;
    onBatch?: (r: FlushResult) => void;
  },
): Promise<FlushResult> {
  const result: FlushResult = {
    accepted: 0,
    parked: 0,
    retry: 0,
    batches: 0,
    outcome: 'stopped',
    error: null,
    unparked: options.retryParked ? pusher.retryParked() : 0,
  };
  const max = options.maxBatches ?? 10_000;
  while (result.batches < max && !options.signal?.aborted) {
    const outcome = await pusher.pushOnce();
    if (outcome.kind === 'idle') {
      result.outcome = 'drained';
      break;
    }
    if (outcome.kind === 'failed') {
      result.outcome = 'failed';
      result.error = outcome.error;
      break;
    }
    result.batches++;
    result.accepted += outcome.accepted;
    result.parked += outcome.parked;
    result.retry += outcome.retry;
    options.onBatch?.({ ...result });
    if (outcome.accepted === 0 && outcome.parked === 0) {
      result.outcome = 'failed';
      result.error = 'the cloud asked to retry every mutation of the batch';
      break;
    }
  }
  return result;
}

export function parseShape(name: string): (typeof consumedShapes)[number] {
  if (!isConsumedShape(name))
    throw new DomainError(
      'validation_failed',
      `shape: expected one of ${consumedShapes.join(', ')}, got "${name}"`,
      {
        field: 'shape',
      },
    );
  return name;
}

/** Makes the shape start again from a fresh snapshot at its next request; returns the handle saved. */
export function requestResync(db: Db, name: string, now: number): string {
  const shape = parseShape(name);
  const handle = `${RESYNC_HANDLE_PREFIX}${randomUUID()}`;
  db.prepare(
    `INSERT INTO shape_state(name, handle, "offset", definition, updated_at) VALUES (?, ?, '0_0', ?, ?)
     ON CONFLICT(name) DO UPDATE SET handle = excluded.handle, "offset" = excluded."offset",
       definition = excluded.definition, updated_at = excluded.updated_at`,
  ).run(shape, handle, definitionHash(shape), now);
  return handle;
}

/** The consumer as resync drives it (ShapeConsumer satisfies it). */
export interface Restartable {
  readonly status: Record<string, ShapeStatus>;
  stop(): Promise<void>;
  start(signal?: AbortSignal): void;
}

export interface ResyncResult {
  shape: string;
  /** A batch ending in up-to-date was applied after the resync was asked for. */
  applied: boolean;
  at: number | null;
  lastError: string | null;
}

/**
 * Resyncs one shape on the running hub: stops the consumer, saves the resync resume point,
 * starts it again and waits (reporting progress) until the shape has applied a fresh batch.
 */
export async function resyncShape(
  consumer: Restartable,
  db: Db,
  shape: string,
  options: {
    timeoutMs: number;
    signal: AbortSignal;
    lifetime: AbortSignal;
    onProgress: (p: { phase: string; lastError: string | null }) => void;
  },
): Promise<ResyncResult> {
  const asked = Date.now();
  await consumer.stop();
  requestResync(db, shape, asked);
  consumer.start(options.lifetime);
  options.onProgress({ phase: 'requested', lastError: null });
  const deadline = asked + options.timeoutMs;
  let lastError: string | null = null;
  while (!options.signal.aborted && Date.now() < deadline) {
    const s = consumer.status[shape];
    lastError = s?.lastError ?? null;
    if (s && (s.lastUpToDateAt ?? 0) >= asked)
      return { shape, applied: true, at: s.lastUpToDateAt, lastError: null };
    options.onProgress({ phase: 'waiting', lastError });
    await new Promise((r) => setTimeout(r, 250));
  }
  return { shape, applied: false, at: null, lastError };
}
