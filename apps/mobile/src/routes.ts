/**
 * The app's screens by `#/…` path (ADR 0020: hash routes, so one build serves under any prefix),
 * and where to go back to after signing in.
 */
export type Route =
  | { screen: 'find' }
  | { screen: 'sign-in' }
  | { screen: 'library'; id: string }
  | { screen: 'book'; libraryId: string }
  | { screen: 'membership'; libraryId: string; planId: string }
  | { screen: 'request'; id: string }
  | { screen: 'bookings' }
  | { screen: 'booking'; id: string }
  | { screen: 'pass'; bookingId: string }
  | { screen: 'waitlist' }
  | { screen: 'payment'; id: string; cancelled: boolean }
  | { screen: 'settings' }
  | { screen: 'not-found' };

/** Screens that need a signed-in student (the pass does not: it must open offline). */
export const privateScreens: ReadonlySet<Route['screen']> = new Set([
  'book',
  'membership',
  'request',
  'bookings',
  'booking',
  'payment',
  'waitlist',
]);

const UUID = '([0-9a-fA-F-]{36})';
const patterns: [RegExp, (m: string[]) => Route][] = [
  [/^\/$/, () => ({ screen: 'find' })],
  [/^\/sign-in$/, () => ({ screen: 'sign-in' })],
  [new RegExp(`^/library/${UUID}$`), (m) => ({ screen: 'library', id: m[1] as string })],
  [new RegExp(`^/library/${UUID}/book$`), (m) => ({ screen: 'book', libraryId: m[1] as string })],
  [
    new RegExp(`^/library/${UUID}/plan/${UUID}$`),
    (m) => ({ screen: 'membership', libraryId: m[1] as string, planId: m[2] as string }),
  ],
  [new RegExp(`^/requests/${UUID}$`), (m) => ({ screen: 'request', id: m[1] as string })],
  [/^\/bookings$/, () => ({ screen: 'bookings' })],
  [new RegExp(`^/bookings/${UUID}$`), (m) => ({ screen: 'booking', id: m[1] as string })],
  [new RegExp(`^/pass/${UUID}$`), (m) => ({ screen: 'pass', bookingId: m[1] as string })],
  // where Stripe Checkout returns (pay/return-screen.tsx)
  [
    new RegExp(`^/payments/${UUID}(/cancelled)?$`),
    (m) => ({ screen: 'payment', id: m[1] as string, cancelled: m[2] !== undefined }),
  ],
  [/^\/settings$/, () => ({ screen: 'settings' })],
  [/^\/waitlist$/, () => ({ screen: 'waitlist' })],
];

export function routeOf(path: string): Route {
  for (const [pattern, make] of patterns) {
    const m = pattern.exec(path);
    if (m) return make(m);
  }
  return { screen: 'not-found' };
}

const NEXT_KEY = 'studyspot.mobile.next';

/** Remembers where a signed-out student was going, for after sign-in. */
export function rememberNext(path: string): void {
  try {
    sessionStorage.setItem(NEXT_KEY, path);
  } catch {
    // after sign-in the app opens the search
  }
}

export function takeNext(): string {
  try {
    const next = sessionStorage.getItem(NEXT_KEY);
    sessionStorage.removeItem(NEXT_KEY);
    return next ?? '/';
  } catch {
    return '/';
  }
}
