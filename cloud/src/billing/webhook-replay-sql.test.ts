/**
 * The replay test over HTTP and the SQL ledger: N signed Razorpay `payment.captured` events (real
 * signatures from the stand-in), each delivered three times in a seeded shuffled order, 25 at a
 * time, produce exactly N effects — N captured payments, N invoices numbered 1..N without a gap
 * (the concurrent captures of one library serialise on its counter), N receipts, N ledger rows.
 * N is 1,000 on Postgres and 300 on PGlite (one in-process connection: the same logic, fewer rows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RazorpayStandIn, startRazorpayStandIn } from '../../test/stand-ins/razorpay-api.ts';
import type { SignedWebhook } from '../../test/stand-ins/razorpay-entities.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { billingApp, MONTHLY, seedShop } from './billing.fixture.ts';

const creds = {
  keyId: 'rzp_test_sql_replay',
  keySecret: 'sql_replay_secret',
  webhookSecret: 'sql_replay_whsec',
};
let razorpay: RazorpayStandIn;
beforeAll(async () => {
  razorpay = await startRazorpayStandIn(creds);
});
afterAll(() => razorpay.close());

/** mulberry32-driven Fisher–Yates: a fixed seed replays the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe.each(backends)('webhook replay into SQL on %s', (kind) => {
  const t = useTestDatabase(kind);
  const events = kind === 'postgres' ? 1_000 : 300;

  it(`${events} events × 3 shuffled deliveries → exactly ${events} effects, invoices 1..${events}`, async () => {
    const ctx = billingApp(t().db, { payments: { razorpay: { ...creds, apiBaseUrl: razorpay.url } } });
    const shop = await seedShop(t().db, `replay-${kind}`);
    const ids = Array.from({ length: events }, () => crypto.randomUUID());
    const hooks: SignedWebhook[] = [];
    const refs: string[] = [];
    for (const id of ids) {
      const order = razorpay.seedOrder(MONTHLY.total, id);
      refs.push(order.id);
      hooks.push(
        razorpay.webhook('payment.captured', razorpay.completeCheckout(order.id, 'captured').payment.id),
      );
    }
    await t().db.tenant(shop.tenantId, (tx) =>
      tx.query(
        `INSERT INTO payments (tenant_id, id, library_id, member_id, user_id, purpose, plan_id, description,
           subtotal_paise, tax_paise, tax_rate_bp, amount_paise, provider, provider_ref, idempotency_key)
         SELECT $1, p.id, $2, $3, $4, 'membership', $5, 'Monthly morning', $6, $7, 1800, $8, 'razorpay', p.ref, p.id::text
           FROM unnest($9::uuid[], $10::text[]) AS p (id, ref)`,
        [
          shop.tenantId,
          shop.libraryId,
          shop.memberId,
          shop.student.userId,
          shop.monthlyPlanId,
          MONTHLY.subtotal,
          MONTHLY.tax,
          MONTHLY.total,
          ids,
          refs,
        ],
      ),
    );
    const deliveries = shuffled([...hooks, ...hooks, ...hooks], 20_261_101);
    const statuses: string[] = [];
    for (let i = 0; i < deliveries.length; i += 25) {
      const batch = deliveries.slice(i, i + 25).map(async (hook) => {
        const res = await ctx.app.request('/v1/webhooks/payments/razorpay', {
          method: 'POST',
          headers: hook.headers,
          body: hook.rawBody,
        });
        statuses.push(((await res.json()) as { status: string }).status);
      });
      await Promise.all(batch);
    }
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(events);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(2 * events);
    const counts = await t().db.platform(async (tx) => {
      const [row] = await tx.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM payments WHERE status = 'captured') AS captured,
                (SELECT count(*)::int FROM webhook_events WHERE provider = 'razorpay') AS ledger,
                (SELECT count(*)::int FROM notification_outbox) AS receipts,
                (SELECT count(*)::int FROM memberships WHERE id = ANY($1::uuid[])) AS memberships`,
        [ids],
      );
      const seqs = await tx.query<{ seq: number }>(
        'SELECT seq FROM invoices WHERE library_id = $1 ORDER BY seq',
        [shop.libraryId],
      );
      return { ...row, seqs: seqs.map((r) => r.seq) };
    });
    expect(counts).toMatchObject({ captured: events, ledger: events, receipts: events, memberships: events });
    expect(counts.seqs).toEqual(Array.from({ length: events }, (_, i) => i + 1));
  }, 120_000);
});
