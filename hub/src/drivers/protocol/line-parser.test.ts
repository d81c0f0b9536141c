import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHexFixtures, serialFixtures } from './hex.ts';
import { isPrintableCode, type LineEvent, LineParser } from './line-parser.ts';

const fixtures = loadHexFixtures(new URL('qr-reader.hex', serialFixtures));
const codes = (events: LineEvent[]): string[] => events.flatMap((e) => (e.type === 'line' ? [e.code] : []));
const push = (parser: LineParser, name: string): LineEvent[] => {
  const bytes = fixtures.get(name);
  if (!bytes) throw new Error(`no fixture ${name}`);
  return parser.push(bytes);
};

describe('LineParser against reader captures', () => {
  it('reads a CRLF-terminated pass', () => {
    expect(codes(push(new LineParser(), 'pass-crlf'))).toEqual(['SSP1.abcd.123456']);
  });

  it('reads LF-terminated codes', () => {
    expect(codes(push(new LineParser(), 'two-codes-lf'))).toEqual(['ABC123', 'XYZ987']);
  });

  it('drops a garbage line and keeps the next code', () => {
    const events = push(new LineParser(), 'noise-then-code');
    expect(codes(events)).toEqual(['SEAT-042']);
    expect(events[0]).toEqual({ type: 'dropped', reason: 'non-printable', length: 4 });
  });

  it('treats CR then LF in separate chunks as one terminator', () => {
    const parser = new LineParser();
    expect(codes(push(parser, 'split-cr-lf'))).toEqual(['CODE']);
    expect(parser.push(Uint8Array.of(0x0a))).toEqual([]);
  });

  it('drops over-long lines up to the next terminator', () => {
    const parser = new LineParser(8);
    const events = parser.push(new TextEncoder().encode('0123456789ABCDEF\nOK\n'));
    expect(events).toEqual([
      { type: 'dropped', reason: 'too-long', length: 16 },
      { type: 'line', code: 'OK' },
    ]);
  });

  it('checks printable codes', () => {
    expect(isPrintableCode('ABC')).toBe(true);
    expect(isPrintableCode('')).toBe(false);
    expect(isPrintableCode('A\u0007')).toBe(false);
  });

  it('never throws and only yields printable, bounded codes (seeded)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), (chunks) => {
        const parser = new LineParser(32);
        for (const chunk of chunks) {
          for (const code of codes(parser.push(chunk))) {
            expect(isPrintableCode(code)).toBe(true);
            expect(code.length).toBeLessThanOrEqual(32);
          }
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
