/**
 * Paying with Stripe Checkout on the student PWA in real Chromium (ADR 0027), against the real
 * cloud configured with Stripe keys — its official SDK talking to a loopback stand-in of
 * api.stripe.com, which also serves the hosted payment page — and a paired hub that confirms. The
 * app sends the student to the session's page; leaving it unpaid returns to the app's payment
 * screen saying so; paying returns there too, and the screen waits until Stripe's signed webhook
 * (`checkout.session.completed`, Stripe's signature format) has reached the cloud, then shows the
 * payment and leads on to the request, which the hub confirms.
 */

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { addDays, instantToLocal } from '@studyspot/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeStandIn, startStripeStandIn } from '../../cloud/test/stand-ins/stripe-api.ts';
import type { PageWatch } from '../support/browser.ts';
import { launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { type MobileStack, signInOnPhone, startMobileStack } from './mobile-support.ts';

const SHOTS = 'checkout-stripe';
const PHONE = '+919845044001';
const keys = { secretKey: 'sk_test_StudySpotE2E', webhookSecret: 'whsec_e2e' };

/** A loopback port nobody listens on now, so the cloud's PUBLIC_URL can name it before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('student app: pay a held seat with Stripe Checkout', () => {
  let stripe: StripeStandIn;
  let stack: MobileStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const shot = (name: string) => screenshot(page, SHOTS, name);
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  beforeAll(async () => {
    const port = await freePort();
    stripe = await startStripeStandIn(keys);
    [stack, browser] = await Promise.all([
      startMobileStack({
        cloud: {
          port,
          publicUrl: `http://127.0.0.1:${port}`,
          stripeSecretKey: keys.secretKey,
          stripeWebhookSecret: keys.webhookSecret,
          stripeApiBaseUrl: stripe.url,
        },
      }),
      launchBrowser(),
    ]);
    ({ page, watch } = await openPage(browser, stack.appUrl, 'phone'));
    // leaving the app for Stripe's page cuts the app's polls short
    watch.allow(/ERR_ABORTED/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await stripe?.close();
  });

  it('signs in and asks for a day at the paired library; the hub holds a seat', async () => {
    await signInOnPhone(page, {
      typed: '98450 44001',
      name: 'Sneha Kulkarni',
      otp: () => stack.otpFor(PHONE),
    });
    await page.getByRole('link', { name: 'Gyan Study Library, Koramangala' }).click();
    await page.getByRole('link', { name: 'Book a seat' }).click();
    await heading('Book a seat');
    await page.getByLabel('Date').fill(addDays(instantToLocal(Date.now(), 'Asia/Kolkata').date, 2));
    await page.getByText('₹295').waitFor();
    await page.getByRole('button', { name: 'Send booking request' }).click();
    await page.getByRole('link', { name: 'Pay ₹295' }).waitFor({ timeout: 20_000 });
    await page.getByText('You pay on Stripe’s secure page').waitFor();
    await shot('01-held-stripe');
  }, 60_000);

  it('goes to Stripe and back without paying: the app says so and offers to try again', async () => {
    await page.getByRole('link', { name: 'Pay ₹295' }).click();
    await page.waitForURL(`${stripe.url}/c/pay/**`);
    await page.getByRole('heading', { name: 'Pay ₹295.00' }).waitFor();
    await shot('02-stripe-page');
    await page.getByRole('link', { name: 'Back' }).click();
    await page.waitForURL(/#\/payments\/[0-9a-f-]{36}\/cancelled$/);
    await page.getByText('You left the payment page without paying.').waitFor();
    await shot('03-returned-unpaid');
    await page.getByRole('link', { name: 'Back, to try again' }).click();
    await page.getByRole('link', { name: 'Pay ₹295' }).waitFor();
  }, 30_000);

  it('pays on Stripe; back in the app the payment shows once the webhook arrived; the hub confirms', async () => {
    await page.getByRole('link', { name: 'Pay ₹295' }).click();
    await page.waitForURL(`${stripe.url}/c/pay/**`);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/#\/payments\/[0-9a-f-]{36}$/);
    const paymentId = /#\/payments\/(.+)$/.exec(page.url())?.[1] ?? '';
    await page.getByText('Waiting for the confirmation from Stripe').waitFor();
    await shot('04-returned-waiting');

    const [session] = [...stripe.sessions.values()];
    expect(session).toMatchObject({ status: 'complete', payment_status: 'paid', amount_total: 29_500 });
    expect(session?.success_url).toBe(`${stack.appUrl}#/payments/${paymentId}`);
    const hook = stripe.webhook('checkout.session.completed', stripe.settle(session?.id ?? '', 'paid'));
    const delivered = await stripe.send(`${stack.base}/v1/webhooks/payments/stripe`, hook);
    expect(await delivered.json()).toEqual({ status: 'accepted' });

    await page.getByText('Payment received: ₹295.').waitFor({ timeout: 10_000 });
    await shot('05-payment-received');
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByTestId('confirmed').waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'Show my pass' }).click();
    await page.getByTestId('pass').waitFor();
    const bookingId = /#\/pass\/(.+)$/.exec(page.url())?.[1] ?? '';
    expect(stack.hub.core.bookings.byId(bookingId)?.state).toBe('confirmed');
    expect(stripe.counts.sessionsCreated).toBe(1);
    expect(watch.problems).toEqual([]);
  }, 40_000);
});
