/**
 * The stack the student app's browser test drives, as `npm start` runs the cloud but on loopback
 * ports and a temp dir: the real cloud (`runCloud`: PGlite, identity with phone OTP, billing with
 * the built-in test provider, the notification worker writing to the local outbox every 200 ms)
 * serving the built app at /app/; a platform admin, a tenant and its owner, who sets up two
 * libraries through the API — one in Bengaluru whose hub (`runHub`) is paired to the cloud and
 * decides requests, one in Delhi without a hub, where requests stay queued. The student's OTP is
 * read where a developer reads it: the admin's notification log (GET /v1/admin/notifications).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPolicy, type PassBooking } from '@studyspot/core';
import { type Call, must, signIn } from '@studyspot/firmware-sim';
import pino from 'pino';
import type { Page } from 'playwright-core';
import type { z } from 'zod';
import { ensureAppsBuilt } from '../../apps/build.ts';
import { type CloudConfig, loadCloudConfig } from '../../cloud/src/config.ts';
import { type RunningCloud, runCloud } from '../../cloud/src/main.ts';
import { type Line, openLine } from '../../cloud/test/support/line.ts';
import { HubConfig } from '../../hub/src/config.ts';

type HubConfigInput = z.input<typeof HubConfig>;

import { type RunningHub, runHub } from '../../hub/src/main.ts';
import { pairHub } from '../../hub/src/pairing/pair.ts';

const admin = { email: 'admin@studyspot.local', password: 'studyspot-admin' };
const owner = { email: 'owner@gyan.example', password: 'studyspot-owner' };
const lifted = { limit: 1_000_000, windowMs: 60_000 };

const day = { open: '06:00', close: '22:00' };
const hours = {
  mon: day,
  tue: day,
  wed: day,
  thu: day,
  fri: day,
  sat: day,
  sun: { open: '08:00', close: '20:00' },
};

interface LibrarySpec {
  name: string;
  openingHours?: typeof hours;
  city: string;
  line1: string;
  geo: { lat: number; lng: number };
  amenities: string[];
}

/** A published library with two zones (6 + 2 seats), two shifts, and hourly, shift, day and monthly plans. */
async function buildLibrary(call: Call, spec: LibrarySpec): Promise<{ id: string; zones: string[] }> {
  const library = await must(
    call('POST', '/manage/libraries', {
      name: spec.name,
      timezone: 'Asia/Kolkata',
      address: { line1: spec.line1, city: spec.city, state: 'India', postalCode: '560095', country: 'IN' },
      geo: spec.geo,
      amenities: spec.amenities,
      openingHours: spec.openingHours ?? hours,
      slotMinutes: 60,
      policy: defaultPolicy,
    }),
    201,
  );
  const base = `/manage/libraries/${library.id}`;
  const hall = await must(call('POST', `${base}/zones`, { name: 'Silent Hall' }), 201);
  const cabins = await must(call('POST', `${base}/zones`, { name: 'AC Cabins' }), 201);
  const seats = [
    ...Array.from({ length: 6 }, (_, i) => ({ number: `A0${i + 1}`, zoneId: hall.id, row: 0, col: i })),
    ...Array.from({ length: 2 }, (_, i) => ({
      number: `C0${i + 1}`,
      zoneId: cabins.id,
      row: 1,
      col: i,
      type: 'cabin',
    })),
  ];
  await must(call('PUT', `${base}/seats`, { seats }), 200);
  const morning = await must(
    call('POST', `${base}/shifts`, { name: 'Morning', start: '06:00', end: '14:00' }),
    201,
  );
  await must(call('POST', `${base}/shifts`, { name: 'Evening', start: '14:00', end: '22:00' }), 201);
  const plans = [
    { name: 'Hourly', kind: 'hourly', pricePaise: 4000, taxRateBp: 1800 },
    { name: 'Morning shift', kind: 'shift', shiftId: morning.id, pricePaise: 15000, taxRateBp: 1800 },
    { name: 'Day pass', kind: 'day_pass', pricePaise: 25000, taxRateBp: 1800 },
    { name: 'Monthly — full day', kind: 'monthly', pricePaise: 300000, taxRateBp: 1800, durationDays: 30 },
  ];
  for (const plan of plans) await must(call('POST', `${base}/plans`, plan), 201);
  await must(call('PATCH', base, { published: true }), 200);
  return { id: String(library.id), zones: [String(hall.id), String(cabins.id)] };
}

export interface MobileStack {
  cloud: RunningCloud;
  hub: RunningHub;
  /** The cloud's origin, e.g. http://127.0.0.1:41234. */
  base: string;
  /** The hub's line to the cloud, when asked for (`options.line`). */
  line: Line | null;
  /** The student app: `${base}/app/`. */
  appUrl: string;
  /** The Bengaluru library (paired hub) and the Delhi one (no hub). */
  libraries: { paired: string; unpaired: string };
  /** The newest OTP the cloud sent to `phone`, from the admin's notification log. */
  otpFor(phone: string): Promise<string>;
  /** What GET /me/bookings/{id}/pass would answer: the booking's pass seed, from the hub that minted it. */
  passSeedOf(bookingId: string): PassBooking;
  stop(): Promise<void>;
}

async function waitFor<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What the journey test adds: hub drivers and entry (a door lock), and the paired library's hours. */
export interface MobileStackOptions {
  hub?: Pick<HubConfigInput, 'drivers' | 'entry'>;
  pairedHours?: typeof hours;
  /** Pair the hub through a loopback line the test can cut (an outage), instead of directly. */
  line?: boolean;
  /** Cloud settings over the stack's: payment provider keys and API hosts, a fixed port for PUBLIC_URL. */
  cloud?: Partial<CloudConfig>;
}

export async function startMobileStack(options: MobileStackOptions = {}): Promise<MobileStack> {
  await ensureAppsBuilt(['mobile']);
  const dir = mkdtempSync(join(tmpdir(), 'e2e-mobile-'));
  const config = loadCloudConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'cloud'),
      logLevel: 'silent',
      adminEmail: admin.email,
      adminPassword: admin.password,
      ...options.cloud,
    },
  );
  const cloud = await runCloud(config, {
    env: {},
    workerIntervalMs: 200,
    deps: { rateLimits: { general: lifted, auth: lifted, booking: lifted } },
  });
  const base = cloud.url;
  const platform = await signIn(base, admin);
  const tenant = await must(
    platform('POST', '/tenants', { name: 'Gyan Study Libraries', slug: 'gyan' }),
    201,
  );
  await must(platform('POST', `/tenants/${tenant.id}/owners`, { name: 'Asha Rao', ...owner }), 201);
  const manager = await signIn(base, owner);
  const paired = await buildLibrary(manager, {
    name: 'Gyan Study Library, Koramangala',
    city: 'Bengaluru',
    line1: '14, 5th Cross, 6th Block, Koramangala',
    geo: { lat: 12.9352, lng: 77.6245 },
    amenities: ['wifi', 'ac', 'power', 'lockers', 'water', 'cctv'],
    ...(options.pairedHours ? { openingHours: options.pairedHours } : {}),
  });
  const unpaired = await buildLibrary(manager, {
    name: 'Lakshya Reading Room',
    city: 'Delhi',
    line1: '22, Main Road, Mukherjee Nagar',
    geo: { lat: 28.7076, lng: 77.2085 },
    amenities: ['wifi', 'power', 'water'],
  });

  const { code } = await must(manager('POST', `/libraries/${paired.id}/hubs`, { name: 'front desk' }), 201);
  const hubDir = join(dir, 'hub');
  const line = options.line ? await openLine(new URL(base)) : null;
  await pairHub({ cloudUrl: line?.url ?? base, code: String(code), dataDir: hubDir, name: 'front desk' });
  const startHub = (extra: MobileStackOptions['hub'] = {}) =>
    runHub(
      HubConfig.parse({
        dataDir: hubDir,
        http: { host: '127.0.0.1', port: 0 },
        mqtt: { port: 0 },
        logLevel: 'silent',
        ...extra,
      }),
      { logger: pino({ level: 'silent' }) },
    );
  let hub = await startHub();
  await waitFor(
    async () => (hub.core.catalog.loaded ? true : null),
    'the hub to load the catalog from the cloud',
  );
  if (options.hub) {
    // a freshly paired hub starts its broker and drivers only once it has a library: restarted
    // after the first sync, as a technician does once the devices are wired
    await hub.stop();
    hub = await startHub(options.hub);
  }

  return {
    cloud,
    hub,
    base,
    line,
    appUrl: `${base}/app/`,
    libraries: { paired: paired.id, unpaired: unpaired.id },
    otpFor: (phone) =>
      waitFor(async () => {
        const log = await must(platform('GET', '/admin/notifications?limit=50'), 200);
        const entries = log.localOutbox as { to: string | null; text: string }[];
        const sent = entries.find((e) => e.to === phone && /\b\d{6}\b/.test(e.text));
        return sent ? (/\b(\d{6})\b/.exec(sent.text)?.[1] ?? null) : null;
      }, `the OTP for ${phone} in the local outbox`),
    passSeedOf(bookingId) {
      const booking = hub.core.bookings.byId(bookingId);
      const secret = hub.core.bookings.passSecret(bookingId);
      if (!booking || !secret) throw new Error(`the hub has no booking ${bookingId}`);
      const { libraryId, memberId, startsAt, endsAt } = booking;
      return { bookingId, libraryId, memberId, secret, startsAt, endsAt };
    },
    async stop() {
      await hub.stop();
      await line?.close();
      cloud.server.server.closeAllConnections();
      await cloud.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new student signs in on the app by OTP: Settings → Sign in → the number as typed → the code
 * `otp()` reads → their name; returns on the search screen.
 */
export async function signInOnPhone(
  page: Page,
  student: { typed: string; name: string; otp: () => Promise<string> },
): Promise<void> {
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Mobile number').fill(student.typed);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByLabel('6-digit code').fill(await student.otp());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading('What is your name?');
  await page.getByLabel('Your name', { exact: true }).fill(student.name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading('Find a study library');
}
