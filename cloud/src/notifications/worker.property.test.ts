import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Notifier, RenderedMessage } from './types.ts';
import { channels, NotifyError } from './types.ts';
import { ist, otp, reminder, setup } from './worker.fixture.ts';

/** Small seeded PRNG (mulberry32) so each fast-check case replays exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Rates {
  transient: number;
  lostAck: number;
  permanent: number;
  crash: number;
}

/**
 * A provider that deduplicates by message id (as web push's Topic and the local outbox do) and fails
 * at random: before accepting (transient), after accepting but before answering (lost ack), or for good.
 */
function flakyProvider(random: () => number, rates: Rates) {
  const accepted = new Map<string, number>();
  let calls = 0;
  const notifier = (channel: Notifier['channel']): Notifier => ({
    channel,
    provider: 'flaky',
    async send(message: RenderedMessage) {
      calls += 1;
      const roll = random();
      if (roll < rates.permanent) throw new NotifyError('rejected', 'refused', false);
      if (roll < rates.permanent + rates.transient) throw new NotifyError('unavailable', 'blip', true);
      accepted.set(message.id, (accepted.get(message.id) ?? 0) + 1);
      if (roll < rates.permanent + rates.transient + rates.lostAck)
        throw new NotifyError('unavailable', 'lost ack', true);
      return { providerRef: `ref-${message.id}` };
    },
  });
  return { accepted, notifier, calls: () => calls };
}

const rates = fc.record({
  transient: fc.double({ min: 0, max: 0.4, noNaN: true }),
  lostAck: fc.double({ min: 0, max: 0.15, noNaN: true }),
  permanent: fc.double({ min: 0, max: 0.03, noNaN: true }),
  crash: fc.double({ min: 0.05, max: 0.3, noNaN: true }),
});

describe('NotificationWorker under random faults', () => {
  it('500 messages all end sent exactly once or dead; none lost', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), rates, async (seed, r) => {
        const random = prng(seed);
        const provider = flakyProvider(random, r);
        const notifiers = Object.fromEntries(channels.map((c) => [c, provider.notifier(c)]));
        const options = { random, maxAttempts: 8, batchSize: 60 };
        const { outbox, worker, makeWorker } = setup(notifiers, options);
        const second = makeWorker();
        const totals = { sent: 0, retry: 0, deferred: 0, dead: 0, skipped: 0, lost_claim: 0 };
        // Starts just before the 22:00 quiet hours so reminders still open then wait for 07:00.
        let now = ist(21, 58);
        for (let i = 0; i < 500; i++) {
          const channel = channels[i % channels.length] ?? 'sms';
          const make = i % 7 === 0 ? otp : reminder;
          await outbox.enqueue(make(`m${i}`, { channel, notBefore: now + (i % 50) * 1000 }), now);
        }
        for (let step = 0; step < 2_000; step++) {
          if (random() < r.crash) await outbox.claimDue(now, 1 + Math.floor(random() * 20), 30_000); // a worker dies
          for (const report of await Promise.all([worker.tick(now), second.tick(now)])) {
            for (const [k, n] of Object.entries(report)) totals[k as keyof typeof totals] += n;
          }
          const open = (await outbox.list()).filter((m) => m.status === 'pending' || m.status === 'sending');
          if (open.length === 0) break;
          // Jump to the next instant anything becomes due (a retry, a deferral's end, a lease expiry).
          now = Math.max(
            now + 1,
            Math.min(...open.map((m) => (m.status === 'pending' ? m.nextAttemptAt : (m.leaseUntil ?? now)))),
          );
        }
        expect(totals.sent + totals.dead).toBe(500);
        if (r.transient + r.lostAck > 0.05) expect(totals.retry).toBeGreaterThan(0);
        expect(provider.calls()).toBeGreaterThanOrEqual(totals.sent);
        const all = await outbox.list();
        expect(all).toHaveLength(500);
        for (const m of all) {
          expect(['sent', 'dead']).toContain(m.status);
          if (m.status === 'sent') expect(provider.accepted.get(m.id)).toBe(1);
          if (m.status === 'dead') expect(m.lastError).toBeTruthy();
        }
      }),
      { seed: 20250305, numRuns: 12, endOnFailure: true },
    );
  });
});
