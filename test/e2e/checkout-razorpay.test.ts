/**
 * Paying with Razorpay Standard Checkout on the student PWA in real Chromium (ADR 0027), against
 * the real cloud configured with Razorpay keys — its official SDK talking to a loopback stand-in of
 * api.razorpay.com — and a paired hub that confirms. The browser loads checkout.js from Razorpay's
 * URL (served by the test's stand-in, razorpay-browser.ts), so the page's content policy decides
 * whether the script, its frame and its call may run: none is refused, while a script from any
 * other host is. The student opens the modal, closes it, opens it again and pays; the handler's
 * signed response goes to the cloud's verify route, which checks the signature and fetches the
 * payment from "Razorpay"; the hub confirms the booking.
 */
import { addDays, instantToLocal } from '@studyspot/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RazorpayStandIn, startRazorpayStandIn } from '../../cloud/test/stand-ins/razorpay-api.ts';
import type { PageWatch } from '../support/browser.ts';
import { launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { type MobileStack, signInOnPhone, startMobileStack } from './mobile-support.ts';
import { routeRazorpay } from './razorpay-browser.ts';

const SHOTS = 'checkout-razorpay';
const PHONE = '+919845033001';
const keys = { keyId: 'rzp_test_StudySpotE2E', keySecret: 'e2e_key_secret', webhookSecret: 'e2e_whsec' };

describe('student app: pay a held seat with Razorpay Checkout', () => {
  let razorpay: RazorpayStandIn;
  let stack: MobileStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let scriptLoads: () => number;
  const policyErrors: string[] = [];
  const shot = (name: string) => screenshot(page, SHOTS, name);
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  beforeAll(async () => {
    razorpay = await startRazorpayStandIn(keys);
    [stack, browser] = await Promise.all([
      startMobileStack({
        cloud: {
          razorpayKeyId: keys.keyId,
          razorpayKeySecret: keys.keySecret,
          razorpayWebhookSecret: keys.webhookSecret,
          razorpayApiBaseUrl: razorpay.url,
        },
      }),
      launchBrowser(),
    ]);
    ({ page, watch } = await openPage(browser, 'about:blank', 'phone'));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) policyErrors.push(m.text());
    });
    ({ scriptLoads } = await routeRazorpay(page, razorpay, keys));
    await page.goto(stack.appUrl);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await razorpay?.close();
  });

  it('signs in and asks for a day at the paired library; the hub holds a seat', async () => {
    await signInOnPhone(page, { typed: '98450 33001', name: 'Rohan Das', otp: () => stack.otpFor(PHONE) });
    await page.getByRole('link', { name: 'Gyan Study Library, Koramangala' }).click();
    await page.getByRole('link', { name: 'Book a seat' }).click();
    await heading('Book a seat');
    await page.getByLabel('Date').fill(addDays(instantToLocal(Date.now(), 'Asia/Kolkata').date, 2));
    await page.getByText('₹295').waitFor();
    await page.getByRole('button', { name: 'Send booking request' }).click();
    await page.getByRole('button', { name: 'Pay ₹295' }).waitFor({ timeout: 20_000 });
    await page.getByText('Pay by UPI, card or net banking').waitFor();
    await shot('01-held-razorpay');
  }, 60_000);

  it('opens Razorpay, closes it, pays: the cloud verifies the signature and the hub confirms', async () => {
    await page.getByRole('button', { name: 'Pay ₹295' }).click();
    const modal = page.getByRole('dialog', { name: 'Razorpay Checkout' });
    await modal.waitFor();
    await modal.getByText(`Paying as ${PHONE}`).waitFor();
    await modal.getByTitle('Razorpay payment form').waitFor();
    expect(
      await page
        .frameLocator('iframe[title="Razorpay payment form"]')
        .getByText('Razorpay payment form')
        .count(),
    ).toBe(1);
    await shot('02-razorpay-modal');
    await modal.getByRole('button', { name: 'Close' }).click();
    await page.getByText('The payment was not completed').waitFor();

    await page.getByRole('button', { name: 'Pay ₹295' }).click();
    // the form's frame loads before the student pays (paying at once closes the modal on a frame
    // still loading, and Chromium reports its cancelled request)
    await page
      .frameLocator('iframe[title="Razorpay payment form"]')
      .getByText('Razorpay payment form')
      .waitFor();
    await modal.getByRole('button', { name: 'Pay with UPI' }).click();
    await page.getByTestId('confirmed').waitFor({ timeout: 20_000 });
    await shot('03-confirmed');
    expect(scriptLoads()).toBe(1);
    const payments = [...razorpay.payments.values()];
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 'captured', amount: 29_500 });
    await page.getByRole('link', { name: 'Show my pass' }).click();
    await page.getByTestId('pass').waitFor();
    const bookingId = /#\/pass\/(.+)$/.exec(page.url())?.[1] ?? '';
    expect(stack.hub.core.bookings.byId(bookingId)?.state).toBe('confirmed');
  }, 40_000);

  it('the content policy let Razorpay in, and refuses any other host', async () => {
    expect(policyErrors).toEqual([]);
    const header = await page.evaluate(() =>
      fetch('./').then((r) => r.headers.get('content-security-policy')),
    );
    expect(header).toContain('script-src');
    watch.allow(/evil\.example|Content Security Policy/);
    await page.addScriptTag({ url: 'https://evil.example/x.js' }).catch(() => undefined);
    expect(policyErrors.join('\n')).toMatch(
      /evil\.example.*Content Security Policy|Content Security Policy.*evil\.example/s,
    );
    expect(watch.problems).toEqual([]);
  });
});
