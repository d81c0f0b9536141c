import { describe, expect, it } from 'vitest';
import { languages, messageKinds } from '../types.ts';
import { varFormats } from './catalog.ts';
import { catalogs, fillTemplate, renderMessage } from './render.ts';
import { sampleContent } from './samples.ts';

const timeZone = 'Asia/Kolkata';
const devanagari = /[\u0900-\u097F]/;

describe('templates', () => {
  for (const kind of messageKinds) {
    for (const language of languages) {
      it(`${kind} in ${language} renders every variable and leaves no placeholder`, () => {
        const template = catalogs[language][kind];
        expect(template.subject.length).toBeGreaterThan(0);
        const message = renderMessage({ id: 'm1', content: sampleContent(kind), language, timeZone });
        for (const part of [message.subject, message.text]) {
          expect(part).not.toMatch(/\{\{|\}\}/);
          expect(part).not.toMatch(/undefined|NaN|null|\[object/);
        }
        const used = new Set(
          [...`${template.subject} ${template.text}`.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]),
        );
        expect([...used].sort()).toEqual(Object.keys(varFormats[kind]).sort());
        if (language === 'hi') expect(message.text).toMatch(devanagari);
      });
    }
  }

  it('shows times in the library time zone and amounts with formatInr', () => {
    const receipt = renderMessage({
      id: 'r',
      content: sampleContent('payment_receipt'),
      language: 'en',
      timeZone,
    });
    expect(receipt.text).toContain('₹1,23,456.78');
    expect(receipt.text).toContain('5 Mar 2025');
    expect(receipt.text).toMatch(/9:30\s?am/i);
    const hiReceipt = renderMessage({
      id: 'r',
      content: sampleContent('payment_receipt'),
      language: 'hi',
      timeZone,
    });
    expect(hiReceipt.text).toContain('₹1,23,456.78');
    expect(hiReceipt.text).toContain('मार्च');
    const london = renderMessage({
      id: 'r',
      content: sampleContent('payment_receipt'),
      language: 'en',
      timeZone: 'Europe/London',
    });
    expect(london.text).toMatch(/4:00\s?am/i);
  });

  it('marks only OTPs urgent', () => {
    for (const kind of messageKinds) {
      const message = renderMessage({ id: 'x', content: sampleContent(kind), language: 'en', timeZone });
      expect(message.urgent).toBe(kind === 'otp');
    }
  });

  it('refuses a placeholder that has no value', () => {
    expect(() => fillTemplate('Hi {{name}}', {})).toThrow(/name/);
  });
});
