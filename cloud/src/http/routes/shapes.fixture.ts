/**
 * Conformance-test support for the shape route: a cloud server on 127.0.0.1:0 whose
 * `authorizeHub` maps bearer tokens to hubs, and a follower that drives the official
 * `ShapeStream` and records every batch (aborted in cleanup, errors recorded, never thrown).
 */
import {
  type ChangeMessage,
  isChangeMessage,
  isControlMessage,
  type Message,
  type Row,
  ShapeStream,
} from '@electric-sql/client';
import { silentLogger } from '../../../test/support/http.ts';
import type { Database } from '../../db/types.ts';
import type { HubIdentity } from '../../hub-intake/types.ts';
import { createCloudApp } from '../app.ts';
import { type RunningCloudServer, startCloudServer } from '../server.ts';

export interface ShapeTestServer {
  running: RunningCloudServer;
  /** Authorization headers of a hub of this library. */
  hub(tenantId: string, libraryId: string): { authorization: string };
  close(): Promise<void>;
}

export const LONG_POLL_MS = 1_500;

export async function startShapeServer(db: Database): Promise<ShapeTestServer> {
  const hubs = new Map<string, HubIdentity>();
  const app = createCloudApp({
    db,
    logger: silentLogger(),
    authorizeHub: (c) => hubs.get(c.req.header('authorization') ?? '') ?? null,
    shapes: { longPollMs: LONG_POLL_MS, pollMs: 20 },
    rateLimits: { general: { limit: 1_000_000, windowMs: 60_000 } },
  });
  const running = await startCloudServer({ app, port: 0 });
  return {
    running,
    hub(tenantId, libraryId) {
      const authorization = `Bearer ${crypto.randomUUID()}`;
      hubs.set(authorization, { tenantId, libraryId, hubId: crypto.randomUUID() });
      return { authorization };
    },
    close: async () => {
      running.server.closeAllConnections();
      await running.close();
    },
  };
}

export interface Follower {
  stream: ShapeStream<Row>;
  batches: Message<Row>[][];
  /** Change messages in arrival order. */
  changes(): ChangeMessage<Row>[];
  controls(): string[];
  errors: unknown[];
  stop(): void;
}

export interface FollowOptions {
  offset?: `${number}_${number}`;
  handle?: string;
}

export function follow(
  server: ShapeTestServer,
  name: string,
  headers: { authorization: string },
  options: FollowOptions = {},
): Follower {
  const controller = new AbortController();
  const batches: Message<Row>[][] = [];
  const errors: unknown[] = [];
  const stream = new ShapeStream<Row>({
    url: `${server.running.url}/v1/shapes/${name}`,
    headers,
    // a unique ignored param per stream: no in-process replay suppression (protocol G2)
    params: { hub_stream: crypto.randomUUID() },
    signal: controller.signal,
    ...options,
    onError: (error) => {
      errors.push(error);
    },
  });
  stream.subscribe((batch) => {
    batches.push([...batch]);
  });
  return {
    stream,
    batches,
    errors,
    changes: () => batches.flat().filter(isChangeMessage),
    controls: () => batches.flat().flatMap((m) => (isControlMessage(m) ? [m.headers.control] : [])),
    stop: () => {
      stream.unsubscribeAll();
      controller.abort();
    },
  };
}

/** Resolves once `check` passes; fails after `ms` with the last assertion error. */
export async function eventually(check: () => void, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
}
