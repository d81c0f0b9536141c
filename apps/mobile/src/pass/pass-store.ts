/**
 * The passes kept on the phone for the door: each booking's pass seed (its secret and the ids the
 * code signs) with what the pass screen shows beside it, in localStorage, so the rotating code is
 * drawn with no network at all (core `makePass` is pure). A pass is dropped once its booking has
 * ended, and all of them on sign-out.
 */
import type { PassSeed } from '../api/schemas.ts';

const KEY = 'studyspot.mobile.passes';

export interface StoredPass {
  seed: PassSeed;
  libraryName: string | null;
  seatNumber: string | null;
}

type Stored = Record<string, StoredPass>;

function read(): Stored {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : {};
  } catch {
    return {};
  }
}

function write(passes: Stored): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(passes));
  } catch {
    // storage full or disabled: the pass works while the page stays open
  }
}

export function savePass(pass: StoredPass, now = Date.now()): void {
  const passes = read();
  passes[pass.seed.bookingId] = pass;
  for (const [id, p] of Object.entries(passes)) if (p.seed.endsAt <= now) delete passes[id];
  write(passes);
}

export function loadPass(bookingId: string): StoredPass | null {
  return read()[bookingId] ?? null;
}

export function forgetPass(bookingId: string): void {
  const passes = read();
  delete passes[bookingId];
  write(passes);
}

export function forgetPasses(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
