/**
 * Invoices, for owners and staff of the library: a page of a library's invoices, newest first,
 * and one invoice with its lines (item, CGST, SGST). Numbers are sequential per library and year
 * (billing/invoices.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Id } from '@studyspot/core';
import { notFound, staffTenant } from '../../billing/access.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, errors, IdParam, json, Limit, router } from '../openapi.ts';
import { InvoiceSchema } from './payments-schemas.ts';

interface InvoiceRow {
  id: string;
  library_id: string;
  payment_id: string;
  number: string;
  issued_at: Date;
  bill_to: { name: string; phone: string | null };
  subtotal_paise: number;
  tax_paise: number;
  total_paise: number;
}

const COLUMNS =
  'id, library_id, payment_id, number, issued_at, bill_to, subtotal_paise, tax_paise, total_paise';
const toInvoice = (r: InvoiceRow) => ({
  id: r.id,
  libraryId: r.library_id,
  paymentId: r.payment_id,
  number: r.number,
  issuedAt: r.issued_at.getTime(),
  billTo: r.bill_to,
  subtotalPaise: r.subtotal_paise,
  taxPaise: r.tax_paise,
  totalPaise: r.total_paise,
});

const Page = z.object({ items: z.array(InvoiceSchema), nextOffset: z.number().int().nullable() });
const Query = z.object({
  libraryId: Id,
  limit: Limit,
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export function invoiceRoutes(d: RouteDeps) {
  const app = router();
  const common = { tags: ['invoices'], security: bearer, middleware: [allow('owner', 'staff')] };

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/invoices',
      request: { query: Query },
      responses: { 200: json(Page, "A page of the library's invoices, newest first"), ...errors },
    }),
    async (c) => {
      const { libraryId, limit, offset } = c.req.valid('query');
      const tenantId = staffTenant(principalOf(c), libraryId);
      const rows = await d.db.tenant(tenantId, (tx) =>
        tx.query<InvoiceRow>(
          `SELECT ${COLUMNS} FROM invoices WHERE library_id = $1 ORDER BY year DESC, seq DESC LIMIT $2 OFFSET $3`,
          [libraryId, limit + 1, offset],
        ),
      );
      const more = rows.length > limit;
      return c.json(
        { items: rows.slice(0, limit).map(toInvoice), nextOffset: more ? offset + limit : null },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/invoices/{id}',
      request: { params: IdParam },
      responses: { 200: json(InvoiceSchema, 'The invoice with its lines'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const principal = principalOf(c);
      const tenantId = staffTenant(principal);
      const invoice = await d.db.tenant(tenantId, async (tx) => {
        const [row] = await tx.query<InvoiceRow>(`SELECT ${COLUMNS} FROM invoices WHERE id = $1`, [id]);
        if (!row) return null;
        const lines = await tx.query<{
          kind: 'item' | 'tax';
          description: string;
          rate_bp: number;
          amount_paise: number;
        }>(
          'SELECT kind, description, rate_bp, amount_paise FROM invoice_lines WHERE invoice_id = $1 ORDER BY position',
          [id],
        );
        return { row, lines };
      });
      if (!invoice) throw notFound('invoice');
      staffTenant(principal, invoice.row.library_id);
      const lines = invoice.lines.map((l) => ({
        kind: l.kind,
        description: l.description,
        rateBp: l.rate_bp,
        amountPaise: l.amount_paise,
      }));
      return c.json({ ...toInvoice(invoice.row), lines }, 200);
    },
  );

  return app;
}
