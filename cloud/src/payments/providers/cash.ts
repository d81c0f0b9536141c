/**
 * Cash, recorded by staff at the desk: no remote calls, no webhooks. "Checkout" only names the
 * payment; verification is the staff member's record of the amount received; a refund is cash
 * handed back, recorded as processed. References are derived from the idempotency keys, so a
 * repeated record or refund yields the same reference.
 */
import { z } from 'zod';
import { PaymentError } from '../errors.ts';
import type { PaymentProvider } from '../types.ts';

const cashReceipt = z.object({
  recordedBy: z.string().min(1),
  amountPaise: z.number().int().positive(),
});

export function cashProvider() {
  return {
    name: 'cash',
    createCheckout: async (input) => ({
      providerRef: `cash_${input.idempotencyKey}`,
      checkout: { kind: 'cash' },
    }),
    verifyCheckout: async (input) => {
      const receipt = cashReceipt.safeParse(input.payload);
      if (!receipt.success)
        throw new PaymentError('malformed', 'cash receipt', { issues: receipt.error.issues });
      return { status: 'captured', providerRef: input.providerRef, amountPaise: receipt.data.amountPaise };
    },
    parseWebhook: () => {
      throw new PaymentError('unsupported', 'cash has no webhooks');
    },
    refund: async (input) => ({ refundRef: `cash_refund_${input.idempotencyKey}`, status: 'processed' }),
  } satisfies PaymentProvider;
}
