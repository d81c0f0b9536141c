/**
 * The SQL outbox runs the shared `outboxContract` on Postgres and PGlite. The contract's samples
 * use readable ids ('a', 'tenant-1', 'user-1'); the table's columns are UUIDs with a foreign key to
 * tenants, so the suite talks to the SQL outbox through `readableIds`, which maps each readable id
 * to a UUID on the way in and back on the way out — nothing else. Also: enqueue in the caller's
 * transaction rolls back with it, and the local outbox store is idempotent on the message id.
 */
import { describe, expect, it } from 'vitest';
import { seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { outboxContract, sampleNotification } from '../notifications/outbox.contract.ts';
import type { NotificationOutbox, OutboxMessage } from '../notifications/outbox.ts';
import { SqlLocalOutboxStore } from './sql-local-outbox.ts';
import { enqueueIn, SqlNotificationOutbox } from './sql-outbox.ts';

function readableIds(inner: NotificationOutbox, tenantId: string): NotificationOutbox {
  const toUuid = new Map<string, string>([['tenant-1', tenantId]]);
  const toReadable = new Map<string, string>([[tenantId, 'tenant-1']]);
  const uuid = (readable: string) => {
    let id = toUuid.get(readable);
    if (!id) {
      id = crypto.randomUUID();
      toUuid.set(readable, id);
      toReadable.set(id, readable);
    }
    return id;
  };
  const back = (m: OutboxMessage): OutboxMessage => ({
    ...m,
    id: toReadable.get(m.id) ?? m.id,
    tenantId: toReadable.get(m.tenantId) ?? m.tenantId,
    userId: toReadable.get(m.userId) ?? m.userId,
  });
  const opt = (value: string | undefined) => (value === undefined ? undefined : uuid(value));
  return {
    enqueue: async (n, now) => {
      const r = await inner.enqueue(
        { ...n, id: uuid(n.id), tenantId: uuid(n.tenantId), userId: uuid(n.userId) },
        now,
      );
      return { created: r.created, message: back(r.message) };
    },
    claimDue: async (now, limit, lease) => (await inner.claimDue(now, limit, lease)).map(back),
    settle: (id, token, s, now) => inner.settle(uuid(id), token, s, now),
    get: async (id) => {
      const m = await inner.get(uuid(id));
      return m && back(m);
    },
    list: async (f = {}) =>
      (await inner.list({ ...f, tenantId: opt(f.tenantId), userId: opt(f.userId) })).map(back),
  };
}

describe.each(backends)('SQL notification outbox on %s', (kind) => {
  const t = useTestDatabase(kind);
  let tenantId = '';

  outboxContract(`sql (${kind})`, async () => {
    if (!tenantId) tenantId = (await seedTenant(t().db, `outbox-${kind}`)).tenantId;
    await t().db.platform((tx) => tx.query('DELETE FROM notification_outbox'));
    return readableIds(new SqlNotificationOutbox(t().db), tenantId);
  });

  it('enqueueIn commits and rolls back with the caller’s transaction', async () => {
    const outbox = new SqlNotificationOutbox(t().db);
    const id = crypto.randomUUID();
    const n = sampleNotification(id, { tenantId, userId: crypto.randomUUID() });
    await expect(
      t().db.tenant(tenantId, async (tx) => {
        await enqueueIn(tx, n, 1_000);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await outbox.get(id)).toBeNull();
    await t().db.tenant(tenantId, (tx) => enqueueIn(tx, n, 1_000));
    expect(await outbox.get(id)).toMatchObject({ status: 'pending', tenantId });
  });

  it('stores local outbox entries once per message id, newest first', async () => {
    const store = new SqlLocalOutboxStore(t().db);
    const entry = {
      messageId: crypto.randomUUID(),
      channel: 'sms' as const,
      userId: 'u1',
      to: '+919800000000',
      kind: 'otp' as const,
      language: 'en' as const,
      subject: 's',
      text: 'hello',
      at: 5_000,
    };
    expect(await store.put(entry)).toEqual({ created: true });
    expect(await store.put({ ...entry, text: 'again' })).toEqual({ created: false });
    await store.put({ ...entry, messageId: crypto.randomUUID(), at: 6_000, userId: 'u2' });
    expect((await store.list()).map((e) => e.userId)).toEqual(['u2', 'u1']);
    expect(await store.list({ userId: 'u1' })).toEqual([entry]);
  });
});
