/**
 * Web push on the student PWA in real Chromium (ADR 0027), with the cloud's real payload: a
 * student signs in and has a confirmed booking; the cloud enqueues the booking's confirmation
 * (push, because the account holds a subscription) and the notification worker sends it through
 * `web-push` to a local push service, which decrypts it with the subscription's keys as a browser
 * would. That payload is delivered to the app's service worker over the DevTools protocol
 * (`ServiceWorker.deliverPushMessage`, what a push service's delivery looks like to the worker), and
 * the notification is shown with the cloud's title, body, tag and screen. Tapping it is played in
 * the worker: headless Chromium has no notification centre to click, so the test dispatches the
 * `notificationclick` event the browser would and the app moves to the booking's screen.
 *
 * The cloud's own timer is off: the test ticks a worker on the same database (with an https agent
 * that trusts the stand-in's certificate), so every delivery happens when the test says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { ensureAppsBuilt } from '../../apps/build.ts';
import { loadCloudConfig } from '../../cloud/src/config.ts';
import { type RunningCloud, runCloud } from '../../cloud/src/main.ts';
import { createMessaging, type Messaging } from '../../cloud/src/messaging/index.ts';
import { notifyBookingConfirmed } from '../../cloud/src/messaging/notify.ts';
import { type PushStandIn, startPushStandIn } from '../../cloud/test/stand-ins/push-service.ts';
import { type SeededTenant, seedTenant } from '../../cloud/test/support/seed.ts';
import { launchBrowser, openPage, type PageWatch, screenshot, until } from '../support/browser.ts';
import { signInOnPhone } from './mobile-support.ts';

const SHOTS = 'push';
const PHONE = '+919845077001';
const HOUR = 3_600_000;
const vapidKeys = webpush.generateVAPIDKeys();
const lifted = { limit: 1_000_000, windowMs: 60_000 };

/**
 * Runs in the service worker: the `notificationclick` a tap on the first notification dispatches.
 * A script-dispatched event is untrusted and its `waitUntil` throws, so the promises handed to it
 * are collected and awaited here instead; each settles as 'done' or its error's name.
 */
const TAP_NOTIFICATION = `(async () => {
  const [tapped] = await self.registration.getNotifications();
  if (!tapped) return ['no notification'];
  const event = new NotificationEvent('notificationclick', { notification: tapped });
  const waits = [];
  Object.defineProperty(event, 'waitUntil', { value: (p) => waits.push(p) });
  self.dispatchEvent(event);
  return (await Promise.allSettled(waits)).map((r) => (r.status === 'fulfilled' ? 'done' : r.reason.name));
})()`;

/** Runs in the page: the notifications the app's registration is showing. */
const SHOWN = `(async () => (await (await navigator.serviceWorker.ready).getNotifications())
  .map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })))()`;

interface Shown {
  title: string;
  body: string;
  tag: string;
  data: { url?: string } | null;
}

describe('student app: a booking message arrives by web push and opens the booking', () => {
  let dir: string;
  let cloud: RunningCloud;
  let push: PushStandIn;
  let agent: Agent;
  let messaging: Messaging;
  let shop: SeededTenant;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  let appUrl = '';
  let bookingId = '';
  let payload = '';
  const shot = (name: string) => screenshot(page, SHOTS, name);
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-push-'));
    // GET /v1/push/key reads the process environment, as a deployed cloud does
    Object.assign(process.env, {
      VAPID_PUBLIC_KEY: vapidKeys.publicKey,
      VAPID_PRIVATE_KEY: vapidKeys.privateKey,
      VAPID_SUBJECT: 'mailto:ops@studyspot.test',
    });
    const config = loadCloudConfig(
      {},
      { port: 0, host: '127.0.0.1', dataDir: join(dir, 'cloud'), logLevel: 'silent' },
    );
    [cloud, push, browser] = await Promise.all([
      ensureAppsBuilt(['mobile']).then(() =>
        runCloud(config, {
          env: {},
          workerIntervalMs: 24 * HOUR,
          deps: { rateLimits: { general: lifted, auth: lifted, booking: lifted } },
        }),
      ),
      startPushStandIn(),
      launchBrowser(),
    ]);
    agent = new Agent({ ca: push.ca });
    const vapid = { subject: 'mailto:ops@studyspot.test', ...vapidKeys };
    messaging = createMessaging(cloud.db, { config: { webPush: { vapid, agent } } });
    shop = await seedTenant(cloud.db, 'push-e2e');
    appUrl = `${cloud.url}/app/`;
    ({ page, watch } = await openPage(browser, 'about:blank', 'phone'));
    context = page.context();
    await context.grantPermissions(['notifications'], { origin: cloud.url });
    await page.goto(appUrl);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    agent?.destroy();
    await push?.close();
    cloud?.server.server.closeAllConnections();
    await cloud?.stop();
    rmSync(dir, { recursive: true, force: true });
    for (const key of ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT']) delete process.env[key];
  });

  /** The code the worker put in the local outbox for the phone (no SMS keys), once it is there. */
  async function otp(): Promise<string> {
    let code = '';
    await until(
      async () => {
        await messaging.worker.tick(Date.now());
        const sent = (await messaging.localOutbox.list({ limit: 20 })).find((e) => e.to === PHONE);
        code = /\b(\d{6})\b/.exec(sent?.text ?? '')?.[1] ?? '';
        return code !== '';
      },
      10_000,
      'the sign-in code',
    );
    return code;
  }

  it('signs in; the settings show notifications off for this phone', async () => {
    await signInOnPhone(page, { typed: '98450 77001', name: 'Kavya Iyer', otp: otp });
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByText('Notifications are off for this phone: messages come by SMS.').waitFor();
    await page.getByRole('button', { name: 'Turn on notifications' }).scrollIntoViewIfNeeded();
    await shot('01-settings-notifications-off');
  }, 30_000);

  it('the cloud sends the booking confirmation by push, with its title, body and screen', async () => {
    const [user] = await cloud.db.platform((tx) =>
      tx.query<{ id: string }>('SELECT id FROM users WHERE phone = $1', [PHONE]),
    );
    const userId = user?.id ?? '';
    const startsAt = Date.now() + 3 * HOUR;
    bookingId = crypto.randomUUID();
    const { id: subscriptionId, ...subscription } = push.subscribe(vapidKeys.publicKey);
    await cloud.db.platform(async (tx) => {
      const [member] = await tx.query<{ id: string }>(
        `INSERT INTO members (tenant_id, library_id, user_id, name, phone) VALUES ($1, $2, $3, 'Kavya Iyer', $4)
         RETURNING id`,
        [shop.tenantId, shop.libraryId, userId, PHONE],
      );
      await tx.query(
        `INSERT INTO bookings (tenant_id, id, library_id, seat_id, member_id, starts_at, ends_at, state, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'confirmed', 'remote')`,
        [
          shop.tenantId,
          bookingId,
          shop.libraryId,
          shop.seatId,
          member?.id,
          new Date(startsAt),
          new Date(startsAt + 4 * HOUR),
        ],
      );
      // what PATCH /v1/me {pushSubscription} stores once the phone subscribed
      await tx.query('UPDATE users SET push_subscription = $2 WHERE id = $1', [userId, subscription]);
    });
    const message = await cloud.db.tenant(shop.tenantId, (tx) =>
      notifyBookingConfirmed(
        tx,
        { tenantId: shop.tenantId, userId, timeZone: 'Asia/Kolkata' },
        bookingId,
        { libraryName: 'push-e2e reading room', seatLabel: 'A1', startsAt, endsAt: startsAt + 4 * HOUR },
        Date.now(),
      ),
    );
    expect(message.channel).toBe('push');
    expect((await messaging.worker.tick(Date.now())).sent).toBe(1);
    payload = push.inbox(subscriptionId)[0]?.payload ?? '';
    expect(JSON.parse(payload)).toMatchObject({
      title: 'Booking confirmed at push-e2e reading room',
      body: expect.stringContaining('Your seat A1 at push-e2e reading room'),
      url: `#/bookings/${bookingId}`,
      tag: message.id,
    });
  });

  it('the service worker shows it, and tapping it opens the booking', async () => {
    await until(
      () => page.evaluate<boolean>('navigator.serviceWorker.controller !== null'),
      10_000,
      'the service worker to control the page',
    );
    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await until(() => registrations.some((r) => r.scopeURL === appUrl), 5_000, 'the registration');
    const registrationId = registrations.find((r) => r.scopeURL === appUrl)?.registrationId ?? '';
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: cloud.url, registrationId, data: payload });

    const shown = () => page.evaluate<Shown[]>(SHOWN);
    await until(async () => (await shown()).length === 1, 10_000, 'the notification');
    const [notification] = await shown();
    const sent = JSON.parse(payload) as { title: string; body: string; tag: string };
    expect(notification).toEqual({
      title: sent.title,
      body: sent.body,
      tag: sent.tag,
      data: { url: `${appUrl}#/bookings/${bookingId}` },
    });

    // the app is on the settings screen; the tap brings it to the booking
    const [worker] = context.serviceWorkers();
    const outcome = await worker?.evaluate<string[]>(TAP_NOTIFICATION);
    // only a real tap may bring a window forward; moving it to the screen does not need one
    expect(outcome).toEqual([expect.stringMatching(/^(done|InvalidAccessError)$/)]);
    await until(() => page.url().endsWith(`#/bookings/${bookingId}`), 10_000, 'the booking screen');
    await heading('Booking');
    await page.getByText('A1').first().waitFor();
    expect(await shown()).toEqual([]);
    await shot('02-booking-from-notification');
    expect(watch.problems).toEqual([]);
  }, 40_000);
});
