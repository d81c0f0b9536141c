/**
 * English message templates. `{{name}}` placeholders are the kind's variables from `MessageVars`,
 * already formatted by `render.ts` (times in the library's zone, money with `formatInr`). `text` is the
 * SMS/WhatsApp/push body, so it stays short; `subject` is the email subject and push title.
 */
import type { Catalog } from './catalog.ts';

export const en = {
  otp: {
    subject: 'Your StudySpot code',
    text: '{{code}} is your StudySpot verification code. It expires in {{ttlMinutes}} minutes. Do not share it with anyone.',
  },
  booking_confirmed: {
    subject: 'Booking confirmed at {{libraryName}}',
    text: 'Your seat {{seatLabel}} at {{libraryName}} is booked from {{startsAt}} to {{endsAt}}.',
  },
  booking_reminder: {
    subject: 'Reminder: your seat at {{libraryName}}',
    text: 'Reminder: your booking for seat {{seatLabel}} at {{libraryName}} starts in {{minutesBefore}} minutes ({{startsAt}}).',
  },
  membership_renewal_due: {
    subject: 'Your {{libraryName}} membership ends soon',
    text: 'Your {{planName}} membership at {{libraryName}} ends on {{expiresAt}}. Renew for {{amount}} to keep your seat.',
  },
  payment_receipt: {
    subject: 'Payment receipt from {{libraryName}}',
    text: 'Payment of {{amount}} to {{libraryName}} received on {{paidAt}}. Invoice {{invoiceNumber}}.',
  },
  waitlist_offer: {
    subject: 'A seat is free at {{libraryName}}',
    text: 'A seat is free! Seat {{seatLabel}} at {{libraryName}} from {{startsAt}} is yours if you accept by {{offerExpiresAt}}.',
  },
  no_show_warning: {
    subject: 'Missed booking at {{libraryName}}',
    text: 'You missed your booking at {{libraryName}} on {{startsAt}}. This is warning {{strikes}} of {{maxStrikes}}; at {{maxStrikes}} booking is paused.',
  },
  booking_request_rejected: {
    subject: 'No seat at {{libraryName}} this time',
    text: 'Sorry, {{libraryName}} could not give you a seat for {{startsAt}}. Anything you paid is refunded in full. Try another time or join the waitlist.',
  },
  booking_cancelled: {
    subject: '{{libraryName}} cancelled your booking',
    text: '{{libraryName}} cancelled your booking for seat {{seatLabel}} on {{startsAt}}. Any refund due to you is on its way.',
  },
} satisfies Catalog;
