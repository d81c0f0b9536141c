/**
 * Invoices: one per captured payment, numbered `PREFIX-YYYY-000123` with a sequence per library
 * and year that has no gaps and no duplicates. The number comes from `invoice_counters`, upserted
 * in the payment's own transaction: the row lock serialises concurrent captures of one library,
 * and a rolled-back capture gives its number back. Tax is shown as CGST + SGST halves of the
 * plan's GST rate (intra-state supply), the odd paisa on SGST.
 */
import type { Tx } from '../db/types.ts';

export interface InvoiceSource {
  tenantId: string;
  libraryId: string;
  paymentId: string;
  description: string;
  subtotalPaise: number;
  taxPaise: number;
  taxRateBp: number;
  billTo: { name: string; phone: string | null };
}

export interface IssuedInvoice {
  id: string;
  number: string;
}

/** Up to four letters or digits of the library's name, upper case: "Gyan Study Hub" → "GYAN". */
export function invoicePrefix(libraryName: string): string {
  const letters = libraryName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase();
  return letters.slice(0, 4) || 'INV';
}

export const invoiceNumber = (prefix: string, year: number, seq: number) =>
  `${prefix}-${year}-${String(seq).padStart(6, '0')}`;

/** Idempotent per payment: a second call returns the invoice already issued. */
export async function issueInvoice(
  tx: Tx,
  src: InvoiceSource,
  issuedAt: Date,
  timeZone: string,
): Promise<IssuedInvoice> {
  const [existing] = await tx.query<IssuedInvoice>(
    'SELECT id, number FROM invoices WHERE tenant_id = $1 AND payment_id = $2',
    [src.tenantId, src.paymentId],
  );
  if (existing) return existing;
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(issuedAt));
  const [counter] = await tx.query<{ last_number: number; name: string }>(
    `INSERT INTO invoice_counters AS c (tenant_id, library_id, year, last_number) VALUES ($1, $2, $3, 1)
     ON CONFLICT (tenant_id, library_id, year) DO UPDATE SET last_number = c.last_number + 1
     RETURNING last_number, (SELECT name FROM libraries WHERE tenant_id = $1 AND id = $2) AS name`,
    [src.tenantId, src.libraryId, year],
  );
  if (!counter) throw new Error('invoice counter upsert returned no row');
  const number = invoiceNumber(invoicePrefix(counter.name), year, counter.last_number);
  const [invoice] = await tx.query<IssuedInvoice>(
    `INSERT INTO invoices (tenant_id, library_id, payment_id, year, seq, number, issued_at, bill_to,
       subtotal_paise, tax_paise, total_paise)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, number`,
    [
      src.tenantId,
      src.libraryId,
      src.paymentId,
      year,
      counter.last_number,
      number,
      issuedAt,
      src.billTo,
      src.subtotalPaise,
      src.taxPaise,
      src.subtotalPaise + src.taxPaise,
    ],
  );
  if (!invoice) throw new Error('invoice insert returned no row');
  await insertLines(tx, src, invoice.id);
  return invoice;
}

async function insertLines(tx: Tx, src: InvoiceSource, invoiceId: string): Promise<void> {
  const cgst = Math.floor(src.taxPaise / 2);
  const halfRate = src.taxRateBp / 2;
  const lines: [string, string, number, number][] = [['item', src.description, 0, src.subtotalPaise]];
  if (src.taxPaise > 0) {
    lines.push(['tax', `CGST @ ${halfRate / 100}%`, Math.floor(halfRate), cgst]);
    lines.push(['tax', `SGST @ ${halfRate / 100}%`, Math.ceil(halfRate), src.taxPaise - cgst]);
  }
  for (const [index, [kind, description, rate, amount]] of lines.entries()) {
    await tx.query(
      `INSERT INTO invoice_lines (tenant_id, invoice_id, position, kind, description, rate_bp, amount_paise)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [src.tenantId, invoiceId, index + 1, kind, description, rate, amount],
    );
  }
}
