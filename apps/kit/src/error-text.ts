/**
 * What every app says for an error code, in English and Hindi. The keys are `core`'s error codes
 * plus the client's own (`network`, `bad_response`); a screen shows `errorText(error, lang)` and
 * never the server's message, which is for logs and developers.
 */
import type { ErrorCode } from '@studyspot/core';
import type { ClientErrorCode } from './api.ts';
import { ApiError } from './api.ts';
import type { Lang } from './i18n.tsx';

type Texts = Record<ErrorCode | ClientErrorCode, string>;

const en: Texts = {
  outside_hours: 'The library is closed at that time.',
  off_grid: 'Bookings start on the hour or half hour.',
  seat_inactive: 'This seat is out of service.',
  seat_taken: 'This seat is already taken for that time.',
  member_busy: 'This member already has a booking at that time.',
  in_past: 'That time has already passed.',
  too_far_ahead: 'That is too far ahead to book.',
  quota_exceeded: 'The booking limit has been reached.',
  member_banned: 'This account is blocked. Please see the desk.',
  invalid_interval: 'The start and end times do not fit together.',
  invalid_transition: 'That is not possible for this booking now.',
  hold_expired: 'The hold has expired. Please start again.',
  payment_required: 'Payment is needed first.',
  offer_expired: 'The offer has expired.',
  already_waiting: 'Already on the waitlist.',
  not_for_sale: 'That is not for sale here.',
  too_early: 'Too early: check-in opens shortly before the booking.',
  no_show: 'The booking was released as a no-show.',
  validation_failed: 'Please check what you entered.',
  not_found: 'Not found.',
  unauthorized: 'Please sign in again.',
  forbidden: 'You are not allowed to do this.',
  conflict: 'Something changed meanwhile. Please try again.',
  rate_limited: 'Too many attempts. Please wait a minute.',
  internal: 'Something went wrong on the server.',
  network: 'Cannot reach the server. Retrying…',
  bad_response: 'The server gave an answer this screen does not understand.',
};

const hi: Texts = {
  outside_hours: 'उस समय लाइब्रेरी बंद रहती है।',
  off_grid: 'बुकिंग पूरे या आधे घंटे पर शुरू होती है।',
  seat_inactive: 'यह सीट अभी सेवा में नहीं है।',
  seat_taken: 'यह सीट उस समय के लिए पहले से बुक है।',
  member_busy: 'इस सदस्य की उस समय पहले से एक बुकिंग है।',
  in_past: 'वह समय बीत चुका है।',
  too_far_ahead: 'इतनी आगे की बुकिंग नहीं हो सकती।',
  quota_exceeded: 'बुकिंग की सीमा पूरी हो गई है।',
  member_banned: 'यह खाता बंद है। कृपया डेस्क पर संपर्क करें।',
  invalid_interval: 'शुरू और खत्म होने का समय मेल नहीं खाता।',
  invalid_transition: 'इस बुकिंग के लिए अभी यह संभव नहीं है।',
  hold_expired: 'होल्ड का समय खत्म हो गया। कृपया फिर से शुरू करें।',
  payment_required: 'पहले भुगतान ज़रूरी है।',
  offer_expired: 'ऑफ़र का समय खत्म हो गया।',
  already_waiting: 'पहले से प्रतीक्षा सूची में हैं।',
  not_for_sale: 'यह यहाँ उपलब्ध नहीं है।',
  too_early: 'अभी जल्दी है: चेक-इन बुकिंग से थोड़ा पहले खुलता है।',
  no_show: 'न आने के कारण बुकिंग रद्द हो गई।',
  validation_failed: 'कृपया जो भरा है उसे जाँचें।',
  not_found: 'नहीं मिला।',
  unauthorized: 'कृपया फिर से साइन इन करें।',
  forbidden: 'आपको यह करने की अनुमति नहीं है।',
  conflict: 'इस बीच कुछ बदल गया। कृपया फिर कोशिश करें।',
  rate_limited: 'बहुत अधिक प्रयास। कृपया एक मिनट रुकें।',
  internal: 'सर्वर पर कुछ गड़बड़ हुई।',
  network: 'सर्वर से संपर्क नहीं हो पा रहा। फिर से कोशिश हो रही है…',
  bad_response: 'सर्वर का जवाब यह स्क्रीन नहीं समझ पाई।',
};

const tables: Record<Lang, Texts> = { en, hi };

function isKnown(code: string): code is keyof Texts {
  return Object.hasOwn(en, code);
}

/** The sentence to show for an error, by its code; unknown codes fall back to a generic line. */
export function errorText(error: unknown, lang: Lang): string {
  const code = error instanceof ApiError ? error.code : 'internal';
  return tables[lang][isKnown(code) ? code : 'internal'];
}
