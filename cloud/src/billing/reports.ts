/**
 * The monthly financial report of one library: revenue (captured payments) by purpose and plan,
 * tax collected, refunds processed, invoices issued. "The month" is the library's calendar month
 * in its own time zone (a payment at 23:30 IST on the 31st belongs to that month).
 */
import type { Tx } from '../db/types.ts';

export interface MonthlyReport {
  libraryId: string;
  month: string;
  timeZone: string;
  revenue: {
    purpose: string;
    planId: string | null;
    planName: string | null;
    count: number;
    subtotalPaise: number;
    taxPaise: number;
    totalPaise: number;
  }[];
  totals: { payments: number; subtotalPaise: number; taxPaise: number; totalPaise: number };
  refunds: { count: number; amountPaise: number };
  netPaise: number;
  invoiceCount: number;
  firstInvoice: string | null;
  lastInvoice: string | null;
}

const IN_MONTH = (column: string) => `to_char(${column} AT TIME ZONE l.timezone, 'YYYY-MM') = $2`;

export async function monthlyReport(tx: Tx, libraryId: string, month: string): Promise<MonthlyReport | null> {
  const [library] = await tx.query<{ timezone: string }>('SELECT timezone FROM libraries WHERE id = $1', [
    libraryId,
  ]);
  if (!library) return null;
  const revenue = await tx.query<{
    purpose: string;
    plan_id: string | null;
    plan_name: string | null;
    count: number;
    subtotal: number;
    tax: number;
  }>(
    `SELECT p.purpose, p.plan_id, pl.name AS plan_name, count(*)::int AS count,
            sum(p.subtotal_paise)::bigint AS subtotal, sum(p.tax_paise)::bigint AS tax
       FROM payments p JOIN libraries l ON l.tenant_id = p.tenant_id AND l.id = p.library_id
       LEFT JOIN plans pl ON pl.tenant_id = p.tenant_id AND pl.id = p.plan_id
      WHERE p.library_id = $1 AND p.captured_at IS NOT NULL AND ${IN_MONTH('p.captured_at')}
      GROUP BY 1, 2, 3 ORDER BY 1, 3 NULLS FIRST`,
    [libraryId, month],
  );
  const [refunds] = await tx.query<{ count: number; amount: number }>(
    `SELECT count(*)::int AS count, coalesce(sum(f.amount_paise), 0)::bigint AS amount
       FROM refunds f JOIN payments p ON p.tenant_id = f.tenant_id AND p.id = f.payment_id
       JOIN libraries l ON l.tenant_id = p.tenant_id AND l.id = p.library_id
      WHERE p.library_id = $1 AND f.status = 'processed' AND ${IN_MONTH('f.processed_at')}`,
    [libraryId, month],
  );
  const [invoices] = await tx.query<{ count: number; first: string | null; last: string | null }>(
    `SELECT count(*)::int AS count, min(i.number) AS first, max(i.number) AS last
       FROM invoices i JOIN libraries l ON l.tenant_id = i.tenant_id AND l.id = i.library_id
      WHERE i.library_id = $1 AND ${IN_MONTH('i.issued_at')}`,
    [libraryId, month],
  );
  const lines = revenue.map((r) => {
    const subtotalPaise = Number(r.subtotal);
    const taxPaise = Number(r.tax);
    return {
      purpose: r.purpose,
      planId: r.plan_id,
      planName: r.plan_name,
      count: r.count,
      subtotalPaise,
      taxPaise,
      totalPaise: subtotalPaise + taxPaise,
    };
  });
  const sum = (pick: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + pick(l), 0);
  const totals = {
    payments: sum((l) => l.count),
    subtotalPaise: sum((l) => l.subtotalPaise),
    taxPaise: sum((l) => l.taxPaise),
    totalPaise: sum((l) => l.totalPaise),
  };
  const refunded = { count: refunds?.count ?? 0, amountPaise: Number(refunds?.amount ?? 0) };
  return {
    libraryId,
    month,
    timeZone: library.timezone,
    revenue: lines,
    totals,
    refunds: refunded,
    netPaise: totals.totalPaise - refunded.amountPaise,
    invoiceCount: invoices?.count ?? 0,
    firstInvoice: invoices?.first ?? null,
    lastInvoice: invoices?.last ?? null,
  };
}
