/**
 * The pusher's catch-up behaviour (ADR 0021) on a real hub SQLite outbox, with `fetch` — the
 * process edge — answered by a stand-in that accepts everything and records each body: a backlog
 * goes out in order, every mutation exactly once, in bodies that fill but never exceed
 * `maxBatchBytes`; the backoff while the cloud cannot be reached is capped at `unreachableCapMs`,
 * while a cloud that answers with an error still gets the full cap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxPusher, SqliteOutbox } from '@studyspot/sync/push';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../hub/src/store/db.ts';
import { appendOutbox } from '../../hub/src/store/outbox.ts';

describe('outbox pusher catch-up', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-catch-up-'));
    db = openDb(join(dir, 'hub.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const backlog = (n: number) =>
    db.transaction(() => {
      for (let i = 0; i < n; i++)
        appendOutbox(db, 'audit.append', `e${i}`, { id: `e${i}`, note: 'x'.repeat(300 + (i % 7) * 50) }, i);
    })();

  it('drains a backlog in order, exactly once, in bodies that fill maxBatchBytes', async () => {
    backlog(500);
    const bodies: string[] = [];
    const acceptAll: typeof fetch = async (_url, init) => {
      const body = String(init?.body);
      bodies.push(body);
      const { mutations } = JSON.parse(body) as { mutations: { id: string }[] };
      const results = mutations.map((m) => ({ id: m.id, status: 'accepted', txid: 7 }));
      return new Response(JSON.stringify({ results, txid: 7 }), { status: 200 });
    };
    const maxBatchBytes = 16_000;
    const pusher = new OutboxPusher({
      store: new SqliteOutbox(db),
      url: 'http://cloud',
      fetch: acceptAll,
      maxBatchBytes,
    });
    for (let i = 0; i < 100 && (await pusher.pushOnce()).kind !== 'idle'; i++);
    expect(pusher.status.backlog).toBe(0);
    const sent = bodies.flatMap((b) => (JSON.parse(b) as { mutations: { entityId: string }[] }).mutations);
    expect(sent.map((m) => m.entityId)).toEqual(Array.from({ length: 500 }, (_, i) => `e${i}`));
    const sizes = bodies.map((b) => Buffer.byteLength(b));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(maxBatchBytes);
    // every body but the last was full: the next mutation would not have fitted
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThan(maxBatchBytes - 700);
  });

  it('caps the backoff while the cloud is unreachable, not while it answers errors', async () => {
    backlog(1);
    const pusherWith = (answer: typeof fetch) =>
      new OutboxPusher({
        store: new SqliteOutbox(db),
        url: 'http://cloud',
        fetch: answer,
        random: () => 0.999,
      });
    const delays = async (p: OutboxPusher) => {
      const out: number[] = [];
      for (let i = 0; i < 10; i++) {
        const outcome = await p.pushOnce();
        if (outcome.kind === 'failed') out.push(outcome.delayMs);
      }
      return out;
    };
    const refused = await delays(
      pusherWith(async () => {
        throw new TypeError('fetch failed');
      }),
    );
    expect(refused).toHaveLength(10);
    expect(Math.max(...refused)).toBe(999);
    const failing = await delays(pusherWith(async () => new Response('down', { status: 503 })));
    expect(failing).toHaveLength(10);
    expect(Math.max(...failing)).toBe(59_940);
    expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(1);
  });
});
