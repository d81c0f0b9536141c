/** Numbers people read: money from paise, times of day in the library's time zone, in their language. */
import type { Lang } from './i18n.tsx';

const locale: Record<Lang, string> = { en: 'en-IN', hi: 'hi-IN' };

export function formatMoney(paise: number, currency: string, lang: Lang): string {
  return new Intl.NumberFormat(locale[lang], { style: 'currency', currency }).format(paise / 100);
}

export function formatTime(instant: number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale[lang], { timeZone, hour: 'numeric', minute: '2-digit' }).format(
    instant,
  );
}

export function formatDateTime(instant: number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale[lang], {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(instant);
}

/**
 * A phone number as the hub stores it (E.164): spaces and dashes dropped, a bare 10-digit number
 * taken as Indian (+91), the libraries' home market; anything else is passed on for the schema
 * to judge.
 */
export function normalizePhone(input: string, countryCode = '+91'): string {
  const compact = input.replace(/[\s()-]/g, '');
  if (/^\d{10}$/.test(compact)) return `${countryCode}${compact}`;
  if (/^0\d{10}$/.test(compact)) return `${countryCode}${compact.slice(1)}`;
  return compact;
}
