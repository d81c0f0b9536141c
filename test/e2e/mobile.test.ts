/**
 * The student PWA in real Chromium at 360×740 against a real cloud (PGlite, OTP, test payments)
 * and a real hub paired to it (issue #6, ADR 0020/0022). One student's day, in order: signs in by
 * OTP read from the admin's notification log; finds libraries near their location with an amenity
 * filter; asks for a day at a library whose hub is offline (it stays queued) and at one whose hub
 * decides; pays the hold on the test provider's checkout page; sees it confirmed and the rotating
 * pass — which the hub's secret verifies and which still shows after a reload with the network off
 * (service worker + the pass kept on the phone); cancels with the policy's refund shown first and
 * then made; buys a membership; cancels the queued request; and the screens in Hindi.
 * The pass seed comes from the cloud (GET /me/bookings/{id}/pass, ADR 0023), which received the
 * secret from the hub; the drawn code is checked against the seed the hub itself holds.
 */

import { addDays, instantToLocal, makePass, PASS_STEP_MS, parsePass } from '@studyspot/core';
import jsQRModule from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageWatch } from '../support/browser.ts';
import { launchBrowser, openPage, screenshot, until } from '../support/browser.ts';
import { type MobileStack, startMobileStack } from './mobile-support.ts';

const SHOTS = 'mobile';
const PHONE = '+919845012345';
const BENGALURU = { latitude: 12.9716, longitude: 77.5946 };

// jsqr is CommonJS whose function is both module.exports and its `default`
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

/** Rasterises the pass's SVG path (`M{x} {y}h1v1h-1z` per dark module) and reads it back with jsQR. */
function decodeQrPath(d: string, side: number): string | null {
  const scale = 6;
  const size = side * scale;
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * size + Number(x) * scale + dx) * 4;
        rgba.fill(0, at, at + 3);
      }
    }
  }
  return jsQR(rgba, size, size)?.data ?? null;
}

describe('student app: sign in, find, book, pay, pass (offline too), cancel with refund', () => {
  let stack: MobileStack;
  let browser: Browser;
  let page: Page;
  let context: BrowserContext;
  let watch: PageWatch;
  let bookingId = '';
  const shot = (name: string) => screenshot(page, SHOTS, name);
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  /** A tab of the bottom bar. */
  const tab = (name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startMobileStack(), launchBrowser()]);
    // everything about the context is set before the app loads (a route added later races the
    // service worker's registration)
    ({ page, watch } = await openPage(browser, 'about:blank', 'phone'));
    context = page.context();
    await context.grantPermissions(['geolocation'], { origin: stack.base });
    await context.setGeolocation(BENGALURU);
    await page.goto(stack.appUrl);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in with the code from the notification log, and finds libraries near the phone', async () => {
    await heading('Find a study library');
    await page.getByRole('link', { name: 'Gyan Study Library, Koramangala' }).waitFor();
    await shot('01-find');
    await tab('Settings').click();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await heading('Sign in');
    await page.getByLabel('Mobile number').fill('98450 12345');
    await shot('02-sign-in-phone');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('6-digit code').fill(await stack.otpFor(PHONE));
    await shot('03-sign-in-code');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('What is your name?');
    await page.getByLabel('Your name', { exact: true }).fill('Priya Sharma');
    await shot('04-sign-in-name');
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading('Find a study library');
    await page.getByRole('button', { name: 'Use my location' }).click();
    await page.getByText('Near your location').waitFor();
    // within 25 km of the phone: Bengaluru's library with its distance, not Delhi's
    const hits = page.locator('.hit');
    await until(
      async () => (await hits.count()) === 1 && /km away/.test((await hits.textContent()) ?? ''),
      10_000,
      'distances',
    );
    await expect(hits.textContent()).resolves.toContain('Gyan Study Library');
    await shot('05-find-near');
    await page.getByRole('button', { name: 'Clear' }).click();
    await until(async () => (await hits.count()) === 2, 10_000, 'both libraries');
    await page.getByText('Filters').click();
    await page.getByLabel('AC').check();
    await until(async () => (await hits.count()) === 1, 10_000, 'the AC filter');
    await expect(hits.textContent()).resolves.toContain('Gyan Study Library');
    await shot('06-find-filtered');
    await tab('My bookings').click();
    await page.getByText('No bookings yet.').waitFor();
    await shot('07-bookings-empty');
  }, 40_000);

  it('asks a library whose hub is offline, and the request waits', async () => {
    await tab('Find').click();
    await page.getByLabel('AC').uncheck();
    await page.getByRole('link', { name: 'Lakshya Reading Room' }).click();
    await heading('Lakshya Reading Room');
    await page.getByRole('link', { name: 'Book a seat' }).click();
    await heading('Book a seat');
    await page.getByRole('button', { name: 'Send booking request' }).click();
    await page.getByText('Sent. Waiting for the library to decide').waitFor();
    await shot('08-request-pending');
  });

  it('books a day at the paired library; the hub holds a seat; pays; confirmed; the pass verifies', async () => {
    await tab('Find').click();
    await page.getByRole('link', { name: 'Gyan Study Library, Koramangala' }).click();
    await heading('Gyan Study Library, Koramangala');
    await page.getByText('Free seats today').waitFor();
    await shot('09-library');
    await page.getByRole('link', { name: 'Book a seat' }).click();
    await heading('Book a seat');
    const date = addDays(instantToLocal(Date.now(), 'Asia/Kolkata').date, 2);
    await page.getByLabel('Date').fill(date);
    await page.getByText('₹295').waitFor();
    await shot('10-book');
    await page.getByRole('button', { name: 'Send booking request' }).click();

    const pay = page.getByRole('link', { name: 'Pay ₹295' });
    await pay.waitFor({ timeout: 20_000 });
    await shot('11-request-held');
    const [checkout] = await Promise.all([context.waitForEvent('page'), pay.click()]);
    await checkout.getByRole('button', { name: 'Pay' }).click();
    await checkout.getByText('Payment successful').waitFor();
    await screenshot(checkout, SHOTS, '12-test-checkout-paid');
    await checkout.close();

    await page.getByTestId('confirmed').waitFor({ timeout: 20_000 });
    await shot('13-request-confirmed');
    await page.getByRole('link', { name: 'Show my pass' }).click();
    const pass = page.getByTestId('pass');
    await pass.waitFor();
    bookingId = /#\/pass\/(.+)$/.exec(page.url())?.[1] ?? '';
    expect(stack.hub.core.bookings.byId(bookingId)?.state).toBe('confirmed');
    await shot('14-pass');

    // the QR drawn is the code shown, and it is the code the hub's secret signs for that 30 s step
    const code = (await pass.getAttribute('data-code')) ?? '';
    const svg = page.locator('svg.qr');
    const side = Number((await svg.getAttribute('viewBox'))?.split(' ')[2]);
    expect(decodeQrPath((await svg.locator('path').getAttribute('d')) ?? '', side)).toBe(code);
    const parsed = parsePass(code);
    expect(makePass(stack.passSeedOf(bookingId), (parsed?.counter ?? 0) * PASS_STEP_MS)).toBe(code);
  }, 60_000);

  it('shows the pass with the network off, from the service worker and the phone', async () => {
    await until(
      () => page.evaluate<boolean>('navigator.serviceWorker.controller !== null'),
      10_000,
      'the service worker',
    );
    watch.allow(/ERR_INTERNET_DISCONNECTED|ERR_ABORTED|ERR_FAILED/);
    await context.setOffline(true);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByTestId('pass').waitFor();
    await page.getByText('You are offline').waitFor();
    await expect(
      page.evaluate(() =>
        fetch('/v1/health').then(
          () => 'reached',
          () => 'offline',
        ),
      ),
    ).resolves.toBe('offline');
    await shot('15-pass-offline');
    await context.setOffline(false);
  });

  it('cancels with the refund the policy gives, shown before and made after', async () => {
    await tab('My bookings').click();
    await page.getByText('Waiting for the library').first().waitFor();
    await shot('16-bookings');
    await page.locator(`[data-booking="${bookingId}"]`).getByRole('link', { name: 'Details' }).click();
    await heading('Booking');
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    const preview = page.getByTestId('refund-preview');
    await preview.waitFor();
    await expect(preview.textContent()).resolves.toContain('You paid ₹295. Cancelling now refunds ₹295.');
    await shot('17-cancel-confirm');
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByTestId('refunded').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('refunded').textContent()).resolves.toBe('Refunded ₹295.');
    expect(stack.hub.core.bookings.byId(bookingId)?.state).toBe('cancelled');
    await shot('18-cancelled-refunded');
  }, 40_000);

  it('buys a membership, and the queued request says so and can be cancelled', async () => {
    await tab('Find').click();
    await page.getByRole('link', { name: 'Gyan Study Library, Koramangala' }).click();
    await page.getByRole('link', { name: 'Buy: Monthly — full day' }).click();
    await heading('Buy a membership');
    await page.getByRole('button', { name: 'Buy for ₹3,540' }).click();
    const pay = page.getByRole('link', { name: 'Pay ₹3,540' });
    const [checkout] = await Promise.all([context.waitForEvent('page'), pay.click()]);
    await checkout.getByRole('button', { name: 'Pay' }).click();
    await checkout.getByText('Payment successful').waitFor();
    await checkout.close();
    await page.getByTestId('membership-active').waitFor({ timeout: 15_000 });
    await shot('19-membership-bought');

    await tab('My bookings').click();
    await page.getByRole('link', { name: 'Renew' }).waitFor();
    await page
      .locator('.card', { hasText: 'Lakshya Reading Room' })
      .getByRole('link', { name: 'Details' })
      .click();
    await page.getByTestId('queued').waitFor({ timeout: 20_000 });
    await shot('20-request-queued');
    await page.getByRole('button', { name: 'Cancel request' }).click();
    await page.getByText('You cancelled this request.').waitFor();

    // a pass this phone never had, for a booking that is not the student's: said plainly
    await page.goto(`${stack.appUrl}#/pass/${crypto.randomUUID()}`);
    await page.getByText('Your pass is not on this phone yet').waitFor();

    // notifications: this cloud has no VAPID keys, and the phone is told so
    await tab('Settings').click();
    await page.getByText('This server does not send push notifications yet').waitFor();
    await shot('21-settings');

    // an email address for receipts and messages; then WhatsApp off and quiet hours, all saved on
    // the account the cloud's sender reads
    await page.getByText('Email needs an email address on your account.').waitFor();
    await page.getByRole('textbox', { name: /^Email/ }).fill('Priya@Example.test');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    await until(
      async () => (await page.getByText('Email needs an email address on your account.').count()) === 0,
      5_000,
      'the email to reach the message settings',
    );
    await page.getByRole('checkbox', { name: 'WhatsApp' }).uncheck();
    await page.getByRole('checkbox', { name: /Quiet hours/ }).check();
    await page.getByLabel('From').fill('22:30');
    await page.getByLabel('Until').fill('06:30');
    await shot('21b-settings-messages');
    await page.getByRole('button', { name: 'Save message settings' }).click();
    await page.getByText('Message settings saved.').waitFor();
    const [saved] = await stack.cloud.db.platform((tx) =>
      tx.query<{
        email: string;
        opted_out: string[];
        quiet_start: string;
        quiet_end: string;
        time_zone: string;
      }>('SELECT email, opted_out, quiet_start, quiet_end, time_zone FROM users WHERE phone = $1', [PHONE]),
    );
    expect(saved).toMatchObject({
      email: 'priya@example.test',
      opted_out: ['whatsapp'],
      quiet_start: '22:30',
      quiet_end: '06:30',
    });
    expect(saved?.time_zone).toBeTruthy(); // taken from the phone: quiet hours need one
    await page.reload();
    await heading('Settings');
    expect(await page.getByRole('checkbox', { name: 'WhatsApp' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'SMS' }).isChecked()).toBe(true);
    await expect(page.getByLabel('Until').inputValue()).resolves.toBe('06:30');

    await tab('My bookings').click();
    await heading('My bookings');
    await page.getByRole('banner').getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('heading', { level: 1, name: 'मेरी बुकिंग' }).waitFor();
    await shot('22-bookings-hindi');
    await tab('सेटिंग्स').click();
    await page.getByRole('heading', { level: 1, name: 'सेटिंग्स' }).waitFor();
    await shot('23-settings-hindi');
    expect(watch.problems).toEqual([]);
  }, 40_000);
});
