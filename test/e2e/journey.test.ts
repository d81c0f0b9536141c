/**
 * The whole journey of issue #6 in real Chromium against one stack: a cloud (PGlite, OTP, test
 * payments) and a hub paired to it that drives a simulated MQTT door lock. A student signs in on
 * the PWA by OTP, books today's day pass, pays on the test provider's page; the hub confirms and
 * the pass is shown. The drawn code is fed to the entrance kiosk's camera (a second Chromium, its
 * fake capture device playing that QR — the file is fixed per launch); the kiosk's jsqr reads it,
 * the hub checks the student in, the lock acknowledges, and the staff dashboard, open meanwhile,
 * shows the seat checked in over socket.io. Passes rotate every 30 s and the hub takes ±1 step,
 * so the kiosk browser is launched as soon as the code is read.
 */
import { join } from 'node:path';
import { instantToLocal } from '@studyspot/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppsBuilt } from '../../apps/build.ts';
import type { OpenedPage } from '../support/browser.ts';
import { launchBrowser, openPage, screenshot, screenshotDir, until, writeQrY4m } from '../support/browser.ts';
import { addDeskLogin, type Door, journeyOptions, signInAtDesk, startDoor } from './journey-support.ts';
import { pairKiosk } from './kiosk-support.ts';
import { type MobileStack, startMobileStack } from './mobile-support.ts';

const SHOTS = 'journey';
const PHONE = '+919845012399';
const LIBRARY = 'Gyan Study Library, Koramangala';

describe('the journey: book and pay on the phone, scan at the kiosk, the door opens, the desk sees it', () => {
  let stack: MobileStack;
  let door: Door;
  let phoneBrowser: Browser;
  let kioskBrowser: Browser | undefined;
  let phone: OpenedPage;

  beforeAll(async () => {
    await ensureAppsBuilt(['kiosk', 'portal']);
    [stack, phoneBrowser] = await Promise.all([startMobileStack(journeyOptions), launchBrowser()]);
    door = await startDoor(stack.hub, stack.libraries.paired);
    await addDeskLogin(stack.hub, stack.libraries.paired);
    phone = await openPage(phoneBrowser, stack.appUrl, 'phone');
  }, 90_000);

  afterAll(async () => {
    await kioskBrowser?.close();
    await phoneBrowser?.close();
    await door?.stop();
    await stack?.stop();
  });

  it('signs in, books and pays; the hub confirms; the kiosk scans the pass; the lock opens; the desk shows the seat checked in', async () => {
    const { page } = phone;
    const shot = (name: string, on: Page = page) => screenshot(on, SHOTS, name);
    const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

    await heading('Find a study library');
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Mobile number').fill('98450 12399');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('6-digit code').fill(await stack.otpFor(PHONE));
    await shot('01-sign-in-code');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('What is your name?');
    await page.getByLabel('Your name', { exact: true }).fill('Rohan Verma');
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading('Find a study library');

    await page.getByRole('link', { name: LIBRARY }).click();
    await heading(LIBRARY);
    await page.getByRole('link', { name: 'Book a seat' }).click();
    await heading('Book a seat');
    await page.getByLabel('Date').fill(instantToLocal(Date.now(), 'Asia/Kolkata').date);
    await page.getByText('₹295').waitFor();
    await shot('02-book-today');
    await page.getByRole('button', { name: 'Send booking request' }).click();
    const pay = page.getByRole('link', { name: 'Pay ₹295' });
    await pay.waitFor({ timeout: 20_000 });
    await shot('03-held');
    const [checkout] = await Promise.all([page.context().waitForEvent('page'), pay.click()]);
    await checkout.getByRole('button', { name: 'Pay' }).click();
    await checkout.getByText('Payment successful').waitFor();
    await shot('04-paid', checkout);
    await checkout.close();
    await page.getByTestId('confirmed').waitFor({ timeout: 20_000 });
    await shot('05-confirmed');

    await page.getByRole('link', { name: 'Show my pass' }).click();
    await page.getByTestId('pass').waitFor();
    const bookingId = /#\/pass\/(.+)$/.exec(page.url())?.[1] ?? '';
    const booking = stack.hub.core.bookings.byId(bookingId);
    expect(booking?.state).toBe('confirmed');
    const seat = stack.hub.core.catalog.seat(booking?.seatId ?? '')?.number ?? '';
    await shot('06-pass');

    // the desk is watching before the student reaches the door
    const desk = await openPage(phoneBrowser, `${stack.hub.url}/`, 'tablet');
    await signInAtDesk(desk.page);
    const seatTile = desk.page.getByTestId(`seat-${seat}`);
    await until(
      async () => (await seatTile.getAttribute('data-state')) === 'booked',
      10_000,
      `${seat} booked`,
    );
    await shot('07-desk-booked', desk.page);

    // the code on the phone now goes to the kiosk's camera: a fresh browser, launched at once
    const code = (await page.getByTestId('pass').getAttribute('data-code')) ?? '';
    const video = writeQrY4m(code, join(screenshotDir, SHOTS, 'pass.y4m'));
    kioskBrowser = await launchBrowser({ fakeCamera: video });
    const kiosk = await openPage(kioskBrowser, `${stack.hub.url}/kiosk/`, 'tablet');
    const openedBefore = door.openings();
    await pairKiosk(kiosk.page);
    const result = kiosk.page.getByTestId('entry-result');
    await result.waitFor({ timeout: 15_000 });
    await shot('08-kiosk-granted', kiosk.page);
    await expect(result.textContent()).resolves.toContain('Welcome, Rohan Verma!');
    await expect(result.textContent()).resolves.toContain(seat);
    await expect(result.textContent()).resolves.toContain('The door is open');
    await until(() => door.openings() > openedBefore, 5_000, 'the door lock to open');
    expect(stack.hub.core.bookings.byId(bookingId)?.state).toBe('checked_in');

    // socket.io carries the check-in to the dashboard; a bounded wait, not a timing assertion
    await until(
      async () => (await seatTile.getAttribute('data-state')) === 'checked_in',
      5_000,
      `${seat} checked in on the dashboard`,
    );
    await shot('09-desk-checked-in', desk.page);
    expect(phone.watch.problems).toEqual([]);
    expect(desk.watch.problems).toEqual([]);
    expect(kiosk.watch.problems).toEqual([]);
  }, 90_000);
});
