/**
 * The rotating QR entry pass, TOTP-style and verifiable on the hub with no cloud in the path.
 * Each booking has a secret (32 random bytes, base64url, minted by the hub); the member's app shows
 * `SS1.<bookingId>.<counter>.<mac>` where counter = floor(now / 30 s) and mac is the first 96 bits
 * of HMAC-SHA256(secret, `SS1|libraryId|memberId|bookingId|counter`), base64url. The verifier takes
 * the current step ±1 for clock skew only, so a screenshot stops working within about a minute.
 * Pure (time is passed in) and browser-safe: @noble/hashes, no node:crypto, no Buffer.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

export const PASS_STEP_MS = 30_000;
/** Steps either side of the verifier's own step that still count as current. */
export const PASS_SKEW_STEPS = 1;
/** 12 bytes = 96 bits of MAC = 16 base64url characters. */
const MAC_BYTES = 12;
const SECRET_BYTES = 32;

export interface PassSubject {
  libraryId: string;
  memberId: string;
  bookingId: string;
  /** base64url of 32 random bytes. */
  secret: string;
}
export interface PassBooking extends PassSubject {
  startsAt: number;
  endsAt: number;
}
export interface PassContext {
  /** The library doing the scanning. */
  libraryId: string;
  /** How long before `startsAt` the pass opens the door. */
  earlyMs: number;
}
export interface ParsedPass {
  bookingId: string;
  counter: number;
  mac: string;
}
export type PassRejection = 'expired' | 'not_yet' | 'wrong_library' | 'bad_signature' | 'unknown_pass';
export type PassVerdict = { ok: true } | { ok: false; reason: PassRejection };

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += B64URL[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += B64URL[(acc << (6 - bits)) & 63];
  return out;
}

/** Strict: unpadded base64url only; null on any other character or an impossible length. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let i = 0;
  for (const ch of text) {
    const v = B64URL.indexOf(ch);
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[i++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Encodes 32 random bytes (the hub's `randomBytes(32)`) as a pass secret. */
export function passSecretFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== SECRET_BYTES) throw new RangeError(`a pass secret is ${SECRET_BYTES} bytes`);
  return toBase64Url(bytes);
}

export function passCounter(now: number): number {
  return Math.floor(now / PASS_STEP_MS);
}

/** Seconds until the shown code rotates, for the app's countdown (1..30). */
export function secondsLeft(now: number): number {
  return Math.ceil((PASS_STEP_MS - (now % PASS_STEP_MS)) / 1000);
}

function macFor(subject: PassSubject, counter: number): Uint8Array {
  const key = fromBase64Url(subject.secret);
  if (!key || key.length !== SECRET_BYTES) throw new RangeError('pass secret is not 32 bytes of base64url');
  const message = `SS1|${subject.libraryId}|${subject.memberId}|${subject.bookingId}|${counter}`;
  return hmac(sha256, key, new TextEncoder().encode(message)).subarray(0, MAC_BYTES);
}

export function makePass(subject: PassSubject, now: number): string {
  const counter = passCounter(now);
  return `SS1.${subject.bookingId}.${counter}.${toBase64Url(macFor(subject, counter))}`;
}

const PASS_RE =
  /^SS1\.([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{16})$/;

/** Parses a scanned string; null for anything that is not exactly a v1 pass. */
export function parsePass(text: string): ParsedPass | null {
  const m = PASS_RE.exec(text.trim());
  if (!m) return null;
  const [, bookingId = '', counter = '', mac = ''] = m;
  return { bookingId, counter: Number(counter), mac };
}

/** Compares without an early exit, so timing does not reveal how much of a forged MAC was right. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * Verifies a parsed pass against the booking it names. Order: identity (booking, library), then the
 * signature, and only then time, so a forged pass never learns anything about the booking's window.
 */
export function verifyPass(
  pass: ParsedPass,
  booking: PassBooking,
  ctx: PassContext,
  now: number,
): PassVerdict {
  if (pass.bookingId.toLowerCase() !== booking.bookingId.toLowerCase()) return reject('unknown_pass');
  if (booking.libraryId !== ctx.libraryId) return reject('wrong_library');
  const given = fromBase64Url(pass.mac) as Uint8Array; // parsePass admits only 16 base64url chars
  if (!constantTimeEqual(given, macFor(booking, pass.counter))) return reject('bad_signature');
  if (Math.abs(pass.counter - passCounter(now)) > PASS_SKEW_STEPS) return reject('expired');
  if (now >= booking.endsAt) return reject('expired');
  if (now < booking.startsAt - ctx.earlyMs) return reject('not_yet');
  return { ok: true };
}

function reject(reason: PassRejection): PassVerdict {
  return { ok: false, reason };
}
