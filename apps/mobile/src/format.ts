/** Money, dates and times as a student reads them: rupees from paise, in the library's time zone, in their language. */
import type { Lang } from '@studyspot/app-kit';

const locale: Record<Lang, string> = { en: 'en-IN', hi: 'hi-IN' };

export function money(paise: number, lang: Lang): string {
  return new Intl.NumberFormat(locale[lang], {
    style: 'currency',
    currency: 'INR',
    maximumFractionDigits: paise % 100 === 0 ? 0 : 2,
  }).format(paise / 100);
}

export function dayOf(instant: number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale[lang], {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(instant);
}

export function timeOf(instant: number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale[lang], { timeZone, hour: 'numeric', minute: '2-digit' }).format(
    instant,
  );
}

/** "Wed 27 Nov, 6:00 am – 10:00 pm" (the end's day is shown only when it differs). */
export function span(startsAt: number, endsAt: number, timeZone: string, lang: Lang): string {
  const sameDay = dayOf(startsAt, timeZone, lang) === dayOf(endsAt, timeZone, lang);
  const end = sameDay
    ? timeOf(endsAt, timeZone, lang)
    : `${dayOf(endsAt, timeZone, lang)}, ${timeOf(endsAt, timeZone, lang)}`;
  return `${dayOf(startsAt, timeZone, lang)}, ${timeOf(startsAt, timeZone, lang)} – ${end}`;
}

/** A local date (YYYY-MM-DD) as "Wed 27 Nov", read at noon UTC so no zone moves it a day. */
export function localDay(date: string, lang: Lang): string {
  return dayOf(Date.parse(`${date}T12:00:00Z`), 'UTC', lang);
}

/** Today's local date in `timeZone`, plus `days`. */
export function localDate(now: number, timeZone: string, days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  const shifted = new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}

export const LIBRARY_ZONE = 'Asia/Kolkata';
