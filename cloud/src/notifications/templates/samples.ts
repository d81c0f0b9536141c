/**
 * One sample of every kind's variables, used by the template tests and the adapter tests so each kind
 * is rendered in every language with every variable present.
 */
import type { MessageContent, MessageKind, MessageVars } from '../types.ts';

// 2025-03-05 09:30 in Asia/Kolkata (04:00 UTC).
const start = Date.UTC(2025, 2, 5, 4, 0);

export const sampleVars: { [K in MessageKind]: MessageVars[K] } = {
  otp: { code: '482913', ttlMinutes: 5 },
  booking_confirmed: {
    libraryName: 'Gyan Library',
    seatLabel: 'A-12',
    startsAt: start,
    endsAt: start + 4 * 3_600_000,
  },
  booking_reminder: { libraryName: 'Gyan Library', seatLabel: 'A-12', startsAt: start, minutesBefore: 30 },
  membership_renewal_due: {
    libraryName: 'Gyan Library',
    planName: 'Monthly Full Day',
    expiresAt: start + 5 * 86_400_000,
    amount: 150_000,
  },
  payment_receipt: {
    libraryName: 'Gyan Library',
    amount: 12_345_678,
    invoiceNumber: 'GL/2025/0042',
    paidAt: start,
  },
  waitlist_offer: {
    libraryName: 'Gyan Library',
    seatLabel: 'B-3',
    startsAt: start,
    offerExpiresAt: start - 45 * 60_000,
  },
  no_show_warning: { libraryName: 'Gyan Library', startsAt: start, strikes: 2, maxStrikes: 3 },
  booking_request_rejected: { libraryName: 'Gyan Library', startsAt: start },
  booking_cancelled: { libraryName: 'Gyan Library', seatLabel: 'A-12', startsAt: start },
};

export function sampleContent<K extends MessageKind>(kind: K): MessageContent {
  return { kind, vars: sampleVars[kind] } as MessageContent;
}
