/**
 * The shape every language's templates satisfy, and how each template variable is formatted. The
 * format table is exhaustive over every kind's variables, so adding a variable without saying how it
 * is shown is a type error.
 */
import type { MessageKind, MessageVars } from '../types.ts';

export interface Template {
  subject: string;
  text: string;
}

/** Every kind, no `Partial`: a language missing a template does not compile. */
export type Catalog = Record<MessageKind, Template>;

export type VarFormat = 'text' | 'number' | 'datetime' | 'inr';

export const varFormats: { [K in MessageKind]: Record<keyof MessageVars[K], VarFormat> } = {
  otp: { code: 'text', ttlMinutes: 'number' },
  booking_confirmed: { libraryName: 'text', seatLabel: 'text', startsAt: 'datetime', endsAt: 'datetime' },
  booking_reminder: { libraryName: 'text', seatLabel: 'text', startsAt: 'datetime', minutesBefore: 'number' },
  membership_renewal_due: { libraryName: 'text', planName: 'text', expiresAt: 'datetime', amount: 'inr' },
  payment_receipt: { libraryName: 'text', amount: 'inr', invoiceNumber: 'text', paidAt: 'datetime' },
  waitlist_offer: {
    libraryName: 'text',
    seatLabel: 'text',
    startsAt: 'datetime',
    offerExpiresAt: 'datetime',
  },
  no_show_warning: { libraryName: 'text', startsAt: 'datetime', strikes: 'number', maxStrikes: 'number' },
  booking_request_rejected: { libraryName: 'text', startsAt: 'datetime' },
  booking_cancelled: { libraryName: 'text', seatLabel: 'text', startsAt: 'datetime' },
};
