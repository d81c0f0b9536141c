/**
 * The shared suite every `NotificationOutbox` implementation runs (the in-memory one here, the SQL one
 * the integrator adds): `outboxContract('sql', () => makeSqlOutbox())` in its own test file.
 */
import { describe, expect, it } from 'vitest';
import type { NewNotification, NotificationOutbox } from './outbox.ts';

const t0 = Date.UTC(2025, 2, 5, 4, 0);
const lease = 60_000;

export function sampleNotification(id: string, overrides: Partial<NewNotification> = {}): NewNotification {
  return {
    id,
    tenantId: 'tenant-1',
    userId: 'user-1',
    channel: 'sms',
    content: { kind: 'otp', vars: { code: '123456', ttlMinutes: 5 } },
    timeZone: 'Asia/Kolkata',
    ...overrides,
  };
}

export function outboxContract(name: string, make: () => Promise<NotificationOutbox>): void {
  describe(`NotificationOutbox contract: ${name}`, () => {
    it('enqueue is idempotent on the message id', async () => {
      const outbox = await make();
      expect((await outbox.enqueue(sampleNotification('a'), t0)).created).toBe(true);
      const again = await outbox.enqueue(sampleNotification('a', { userId: 'other' }), t0 + 1);
      expect(again.created).toBe(false);
      expect(again.message.userId).toBe('user-1');
      expect(await outbox.list()).toHaveLength(1);
    });

    it('claims only due messages, oldest due first, and counts an attempt', async () => {
      const outbox = await make();
      await outbox.enqueue(sampleNotification('later', { notBefore: t0 + 10_000 }), t0);
      await outbox.enqueue(sampleNotification('b'), t0 + 2);
      await outbox.enqueue(sampleNotification('a'), t0 + 1);
      const claimed = await outbox.claimDue(t0 + 5, 10, lease);
      expect(claimed.map((m) => m.id)).toEqual(['a', 'b']);
      expect(claimed.every((m) => m.status === 'sending' && m.attempts === 1)).toBe(true);
      expect(claimed[0]?.leaseUntil).toBe(t0 + 5 + lease);
      expect(await outbox.claimDue(t0 + 6, 10, lease)).toEqual([]);
      expect((await outbox.claimDue(t0 + 10_000, 10, lease)).map((m) => m.id)).toEqual(['later']);
    });

    it('respects the batch limit', async () => {
      const outbox = await make();
      for (const id of ['a', 'b', 'c']) await outbox.enqueue(sampleNotification(id), t0);
      expect(await outbox.claimDue(t0, 2, lease)).toHaveLength(2);
      expect(await outbox.claimDue(t0, 2, lease)).toHaveLength(1);
    });

    it('re-delivers after the lease expires and fences the stale claim', async () => {
      const outbox = await make();
      await outbox.enqueue(sampleNotification('a'), t0);
      const [first] = await outbox.claimDue(t0, 10, lease);
      expect(await outbox.claimDue(t0 + lease - 1, 10, lease)).toEqual([]);
      const [second] = await outbox.claimDue(t0 + lease, 10, lease);
      expect(second?.attempts).toBe(2);
      const sent = { status: 'sent', provider: 'p', providerRef: 'r' } as const;
      expect(await outbox.settle('a', first?.claimToken ?? '', sent, t0 + lease)).toBe(false);
      expect(await outbox.settle('a', second?.claimToken ?? '', sent, t0 + lease)).toBe(true);
      expect(await outbox.get('a')).toMatchObject({ status: 'sent', providerRef: 'r', leaseUntil: null });
      expect(await outbox.settle('a', second?.claimToken ?? '', sent, t0 + lease)).toBe(false);
    });

    it('retry schedules the next attempt and keeps the error visible', async () => {
      const outbox = await make();
      await outbox.enqueue(sampleNotification('a'), t0);
      const [m] = await outbox.claimDue(t0, 10, lease);
      const retry = { status: 'retry', error: 'unavailable: 503', nextAttemptAt: t0 + 5000 } as const;
      await outbox.settle('a', m?.claimToken ?? '', retry, t0);
      expect(await outbox.get('a')).toMatchObject({
        status: 'pending',
        lastError: 'unavailable: 503',
        attempts: 1,
      });
      expect(await outbox.claimDue(t0 + 4999, 10, lease)).toEqual([]);
      expect(await outbox.claimDue(t0 + 5000, 10, lease)).toHaveLength(1);
    });

    it('a deferral does not count as an attempt', async () => {
      const outbox = await make();
      await outbox.enqueue(sampleNotification('a'), t0);
      const [m] = await outbox.claimDue(t0, 10, lease);
      await outbox.settle(
        'a',
        m?.claimToken ?? '',
        { status: 'deferred', reason: 'quiet_hours', until: t0 + 9 },
        t0,
      );
      expect(await outbox.get('a')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: t0 + 9 });
    });

    it('lists dead and skipped messages for the admin portal, newest first', async () => {
      const outbox = await make();
      await outbox.enqueue(sampleNotification('a'), t0);
      await outbox.enqueue(sampleNotification('b', { userId: 'user-2' }), t0 + 1);
      const claimed = await outbox.claimDue(t0 + 1, 10, lease);
      for (const m of claimed) {
        const s = m.id === 'a' ? { status: 'dead', error: 'x' } : { status: 'skipped', reason: 'opted_out' };
        await outbox.settle(m.id, m.claimToken ?? '', s as { status: 'dead'; error: string }, t0 + 2);
      }
      expect((await outbox.list({ status: 'dead' })).map((m) => m.id)).toEqual(['a']);
      expect((await outbox.list({ userId: 'user-2' })).map((m) => m.status)).toEqual(['skipped']);
      expect((await outbox.list()).map((m) => m.id)).toEqual(['b', 'a']);
      expect(await outbox.claimDue(t0 + 1_000_000, 10, lease)).toEqual([]);
    });
  });
}
