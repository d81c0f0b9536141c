/**
 * Renders a message kind in the user's language: picks the catalog, formats each variable by its
 * declared format (instants in the library's time zone with `Intl.DateTimeFormat`, money with core's
 * `formatInr`) and substitutes `{{name}}` placeholders. A placeholder without a variable throws, so a
 * template typo is a test failure, never a `{{…}}` sent to a student.
 */
import { formatInr } from '@studyspot/core';
import type { Language, MessageContent, RenderedMessage } from '../types.ts';
import { urgentKinds } from '../types.ts';
import type { Catalog, VarFormat } from './catalog.ts';
import { varFormats } from './catalog.ts';
import { en } from './en.ts';
import { hi } from './hi.ts';

export const catalogs: Record<Language, Catalog> = { en, hi };

const locales: Record<Language, string> = { en: 'en-IN', hi: 'hi-IN' };

export interface RenderInput {
  id: string;
  content: MessageContent;
  language: Language;
  /** The library's IANA time zone: booking times are shown as the library's clock reads them. */
  timeZone: string;
}

function formatValue(value: unknown, format: VarFormat, language: Language, timeZone: string): string {
  switch (format) {
    case 'text':
      return String(value);
    case 'number':
      return new Intl.NumberFormat(locales[language]).format(Number(value));
    case 'inr':
      return formatInr(Number(value));
    case 'datetime':
      return new Intl.DateTimeFormat(locales[language], {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone,
      }).format(Number(value));
  }
}

export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template variable ${name} has no value`);
    return value;
  });
}

export function renderMessage(input: RenderInput): RenderedMessage {
  const { content, language, timeZone } = input;
  const formats: Record<string, VarFormat> = varFormats[content.kind];
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(content.vars)) {
    const format = formats[name];
    if (format === undefined || value === undefined || value === null) continue;
    values[name] = formatValue(value, format, language, timeZone);
  }
  const template = catalogs[language][content.kind];
  return {
    id: input.id,
    kind: content.kind,
    language,
    urgent: urgentKinds.has(content.kind),
    subject: fillTemplate(template.subject, values),
    text: fillTemplate(template.text, values),
    link: content.link,
  };
}
