import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  fromBase64Url,
  makePass,
  PASS_STEP_MS,
  type PassBooking,
  type PassContext,
  parsePass,
  passCounter,
  passSecretFromBytes,
  secondsLeft,
  toBase64Url,
  verifyPass,
} from './pass.ts';

const secret = passSecretFromBytes(Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff));
const now = 1_750_000_012_345;
const booking: PassBooking = {
  libraryId: '0190a4c2-0000-7000-8000-000000000001',
  memberId: '0190a4c2-0000-7000-8000-000000000002',
  bookingId: '0190a4c2-0000-7000-8000-000000000003',
  secret,
  startsAt: now - 60 * 60_000,
  endsAt: now + 60 * 60_000,
};
const here: PassContext = { libraryId: booking.libraryId, earlyMs: 15 * 60_000 };

function verifyAt(shownAt: number, at: number, b: PassBooking = booking, ctx: PassContext = here) {
  const parsed = parsePass(makePass(b, shownAt));
  if (!parsed) throw new Error('own pass did not parse');
  return verifyPass(parsed, b, ctx, at);
}

describe('QR pass', () => {
  it('makes a code of the documented shape', () => {
    const code = makePass(booking, now);
    expect(code).toMatch(/^SS1\.[0-9a-f-]{36}\.\d+\.[A-Za-z0-9_-]{16}$/);
    expect(parsePass(code)).toEqual({
      bookingId: booking.bookingId,
      counter: passCounter(now),
      mac: code.slice(-16),
    });
    expect(parsePass(`${code}\r\n`)).not.toBeNull();
  });

  it('accepts the current code and one step either side for clock skew', () => {
    expect(verifyAt(now, now)).toEqual({ ok: true });
    expect(verifyAt(now - PASS_STEP_MS, now)).toEqual({ ok: true });
    expect(verifyAt(now + PASS_STEP_MS, now)).toEqual({ ok: true });
  });

  it('rejects a pass from 2 minutes ago (a screenshot) and one from the far future', () => {
    expect(verifyAt(now - 2 * 60_000, now)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyAt(now + 2 * 60_000, now)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects a pass scanned at another library', () => {
    expect(
      verifyAt(now, now, booking, { ...here, libraryId: '0190a4c2-0000-7000-8000-0000000000ff' }),
    ).toEqual({
      ok: false,
      reason: 'wrong_library',
    });
  });

  it('rejects a pass made for another library or member as a bad signature', () => {
    const parsed = parsePass(makePass({ ...booking, memberId: 'someone-else' }, now));
    expect(parsed && verifyPass(parsed, booking, here, now)).toEqual({ ok: false, reason: 'bad_signature' });
    const other = parsePass(makePass({ ...booking, libraryId: 'other' }, now));
    expect(other && verifyPass(other, booking, here, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a tampered mac or counter', () => {
    const code = makePass(booking, now);
    const last = code.at(-1) === 'A' ? 'B' : 'A';
    const tampered = parsePass(code.slice(0, -1) + last);
    expect(tampered && verifyPass(tampered, booking, here, now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const parsed = parsePass(code);
    expect(parsed && verifyPass({ ...parsed, counter: parsed.counter + 1 }, booking, here, now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rejects a pass naming another booking', () => {
    const parsed = parsePass(makePass(booking, now));
    const otherBooking = { ...booking, bookingId: '0190a4c2-0000-7000-8000-000000000004' };
    expect(parsed && verifyPass(parsed, otherBooking, here, now)).toEqual({
      ok: false,
      reason: 'unknown_pass',
    });
  });

  it('honours the booking window: early check-in, not yet, over', () => {
    const later = { ...booking, startsAt: now + 10 * 60_000 };
    expect(verifyAt(now, now, later)).toEqual({ ok: true });
    const muchLater = { ...booking, startsAt: now + 20 * 60_000 };
    expect(verifyAt(now, now, muchLater)).toEqual({ ok: false, reason: 'not_yet' });
    const over = { ...booking, endsAt: now };
    expect(verifyAt(now, now, over)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([
    '',
    'hello',
    'SS1',
    'SS1...',
    `SS2.${booking.bookingId}.1.AAAAAAAAAAAAAAAA`,
    `SS1.${booking.bookingId}.-1.AAAAAAAAAAAAAAAA`,
    `SS1.${booking.bookingId}.1.AAAAAAAAAAAAAAA`,
    `SS1.${booking.bookingId}.1.AAAAAAAAAAAAAAA=`,
    `SS1.not-a-uuid.1.AAAAAAAAAAAAAAAA`,
    `SS1.${booking.bookingId}.1234567890123.AAAAAAAAAAAAAAAA`,
    `SS1.${booking.bookingId}.1.AAAAAAAAAAAAAAAA.extra`,
    '\u0000\uffff💥',
  ])('parses garbage %j as null', (text) => {
    expect(parsePass(text)).toBeNull();
  });

  it('counts down to the next rotation', () => {
    expect(secondsLeft(0)).toBe(30);
    expect(secondsLeft(1)).toBe(30);
    expect(secondsLeft(29_001)).toBe(1);
    expect(secondsLeft(PASS_STEP_MS)).toBe(30);
  });

  it('refuses a malformed secret', () => {
    expect(() => passSecretFromBytes(new Uint8Array(16))).toThrow(RangeError);
    expect(() => makePass({ ...booking, secret: 'short' }, now)).toThrow(RangeError);
    expect(() => makePass({ ...booking, secret: '!'.repeat(43) }, now)).toThrow(RangeError);
  });

  it('base64url round-trips every length and rejects impossible input', () => {
    for (let n = 0; n <= 33; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n) & 0xff);
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
    expect(toBase64Url(Uint8Array.from([0xfb, 0xff]))).toBe('-_8');
    expect(fromBase64Url('A')).toBeNull();
    expect(fromBase64Url('AB+/')).toBeNull();
  });

  it('compares in constant time, refusing different lengths', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false);
  });
});
