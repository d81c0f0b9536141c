/**
 * The student's waitlist in real Chromium at 360×740 (issue #6 "join a waitlist and accept an
 * offer", ADR 0026), against a real cloud (PGlite, OTP, test payments) and a real hub paired to it
 * (mobile-support.ts). The desk has sold both AC cabins for a day; the student joins the waitlist
 * from the booking form and sees the join wait for the library, then stand on the list; the desk
 * cancels one cabin at the hub, which offers it; the phone shows the offer with its countdown and
 * price; the student accepts, pays the offer's hold on the test provider's page, and the list shows
 * the seat booked — the hub's entry accepted and its booking confirmed. Then the screen in Hindi.
 */
import { addDays, instantToLocal } from '@studyspot/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { system } from '../../hub/src/store/ledger.ts';
import { launchBrowser, openPage, type PageWatch, screenshot, until } from '../support/browser.ts';
import { type MobileStack, signInOnPhone, startMobileStack } from './mobile-support.ts';

const SHOTS = 'waitlist';
const PHONE = '+919845067890';
const LIBRARY = 'Gyan Study Library, Koramangala';

describe('student app: join a waitlist, get an offer, accept and pay', () => {
  let stack: MobileStack;
  let browser: Browser;
  let page: Page;
  let context: BrowserContext;
  let watch: PageWatch;
  const date = addDays(instantToLocal(Date.now(), 'Asia/Kolkata').date, 2);
  const sold: string[] = [];
  const shot = (name: string) => screenshot(page, SHOTS, name);
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  const entry = () => page.locator('[data-entry]').first();

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startMobileStack(), launchBrowser()]);
    ({ page, watch } = await openPage(browser, stack.appUrl, 'phone'));
    context = page.context();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The desk sells every AC cabin for the whole day to walk-ins (cash). */
  async function sellCabins() {
    const { core } = stack.hub;
    const synced = () =>
      core.catalog.data.seats.length > 0 && core.catalog.data.plans.some((p) => p.kind === 'day_pass');
    await until(synced, 20_000, 'the seats and plans shapes');
    const cabins = core.catalog.data.zones.find((z) => z.name === 'AC Cabins')?.id;
    for (const seat of core.catalog.data.seats.filter((s) => s.zoneId === cabins)) {
      const member = core.db.transaction(() =>
        core.members.create(
          stack.libraries.paired,
          {
            name: `Walk-in ${seat.number}`,
            phone: `+91900000${seat.number.slice(1).padStart(4, '0')}`,
            email: null,
          },
          core.clock.now(),
        ),
      )();
      const booking = core.allocator.book(
        { seatId: seat.id, memberId: member.id, slot: { kind: 'day', date }, source: 'kiosk' },
        { method: 'cash' },
        system,
        core.clock.now(),
      );
      sold.push(booking.id);
    }
  }

  it('signs in and joins the waitlist for a full day; the join waits for the library, then stands', async () => {
    await sellCabins();
    await signInOnPhone(page, { typed: '98450 67890', name: 'Kavya Iyer', otp: () => stack.otpFor(PHONE) });

    await page.getByRole('link', { name: LIBRARY }).click();
    await heading(LIBRARY);
    await page.getByRole('link', { name: 'Book a seat' }).click();
    await heading('Book a seat');
    await page.getByRole('radio', { name: /AC Cabins/ }).check();
    await page.getByRole('radio', { name: 'A day' }).check();
    await page.getByLabel('Date').fill(date);
    await page.getByText('₹295').waitFor();
    await page.getByRole('button', { name: 'Join the waitlist' }).scrollIntoViewIfNeeded();
    await shot('01-book-form-join');
    await page.getByRole('button', { name: 'Join the waitlist' }).click();

    await heading('Waitlist');
    await until(async () => (await entry().getAttribute('data-state')) !== null, 10_000, 'the entry');
    if ((await entry().getAttribute('data-state')) === 'joining') await shot('02-joining');
    await until(async () => (await entry().getAttribute('data-state')) === 'waiting', 20_000, 'the hub');
    await expect(entry().textContent()).resolves.toContain('AC Cabins');
    await expect(entry().getByTestId('place-in-line').textContent()).resolves.toBe('You are next in line.');
    await shot('03-waiting');
    const waiting = stack.hub.core.waitlist.list('waiting', 10);
    expect(waiting).toHaveLength(1);
  }, 60_000);

  it('is offered the seat the desk frees, accepts, pays, and the seat is booked', async () => {
    const entryId = (await entry().getAttribute('data-entry')) as string;
    stack.hub.core.allocator.cancel(sold[0] as string, system, stack.hub.core.clock.now());
    expect(stack.hub.core.waitlist.byId(entryId)?.state).toBe('offered');
    // the offer reaches the cloud with the hub's next push; the screen looks again on Refresh
    await until(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        const offered = page.locator('[data-state="offered"]');
        return offered.waitFor({ timeout: 1_000 }).then(
          () => true,
          () => false,
        );
      },
      20_000,
      'the offer',
    );
    await page.getByTestId('offer-countdown').waitFor();
    await expect(page.getByTestId('offer').textContent()).resolves.toMatch(
      /Seat C0\d is yours if you accept by/,
    );
    await expect(page.getByTestId('offer-countdown').textContent()).resolves.toMatch(
      /^1[45] min \d+ s left$/,
    );
    await expect(page.getByTestId('offer').textContent()).resolves.toContain('Price: ₹295');
    await shot('04-offer');

    await page.getByRole('button', { name: 'Accept' }).click();
    const pay = page.getByRole('link', { name: 'Pay ₹295' });
    await pay.waitFor({ timeout: 15_000 });
    await shot('05-offer-pay');
    const [checkout] = await Promise.all([context.waitForEvent('page'), pay.click()]);
    await checkout.getByRole('button', { name: 'Pay' }).click();
    await checkout.getByText('Payment successful').waitFor();
    await checkout.close();

    await page.getByTestId('waitlist-confirmed').waitFor({ timeout: 20_000 });
    expect(await entry().getAttribute('data-state')).toBe('accepted');
    await shot('06-booked');
    const accepted = stack.hub.core.waitlist.byId(entryId);
    expect(accepted?.state).toBe('accepted');
    expect(stack.hub.core.bookings.byId(accepted?.bookingId as string)).toMatchObject({
      state: 'confirmed',
      source: 'waitlist',
    });
    await page.getByRole('link', { name: 'Show my pass' }).click();
    await page.getByTestId('pass').waitFor({ timeout: 15_000 });
    await shot('07-pass');
  }, 60_000);

  it('lists the waitlist under My bookings, in Hindi too', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'My bookings', exact: true }).click();
    await heading('My bookings');
    await page.getByRole('link', { name: 'Open my waitlist' }).click();
    await heading('Waitlist');
    await page.getByRole('banner').getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('heading', { level: 1, name: 'प्रतीक्षा सूची' }).waitFor();
    await page.getByText('बुक हो गई').first().waitFor();
    await shot('08-waitlist-hindi');
    expect(watch.problems).toEqual([]);
  }, 30_000);
});
