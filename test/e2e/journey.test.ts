/**
 * The whole journey of issue #6 in real Chromium against one stack: a cloud (PGlite, OTP, test
 * payments) and a hub paired to it that drives a simulated MQTT door lock. A student signs in on
 * the PWA by OTP, books today's day pass, pays on the test provider's page; the hub confirms and
 * the pass is shown. The drawn code is fed to the entrance kiosk's camera (a second Chromium, its
 * fake capture device playing that QR — the file is fixed per launch); the kiosk's jsqr reads it,
 * the hub checks the student in, the lock acknowledges, and the staff dashboard, open meanwhile,
 * shows the seat checked in over socket.io. Passes rotate every 30 s and the hub takes ±1 step,
 * so the kiosk browser is launched as soon as the code is read.
 * Then the outage journey: the hub's line to the cloud (a loopback proxy) is cut; the desk books a
 * walk-in and the kiosk checks them in by phone + PIN, the door opens, nothing reaches the cloud;
 * the line comes back and the owner's portal lists the booking checked in.
 */
import { join } from 'node:path';
import { instantToLocal } from '@studyspot/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppsBuilt } from '../../apps/build.ts';
import type { OpenedPage } from '../support/browser.ts';
import { launchBrowser, openPage, screenshot, screenshotDir, until, writeQrY4m } from '../support/browser.ts';
import {
  addDeskLogin,
  type DeskCall,
  type Door,
  journeyOptions,
  signInAtDesk,
  startDoor,
} from './journey-support.ts';
import { pairKiosk } from './kiosk-support.ts';
import { type MobileStack, startMobileStack } from './mobile-support.ts';
import { client, logins } from './portal-owner-support.ts';

const SHOTS = 'journey';
const PHONE = '+919845012399';
const LIBRARY = 'Gyan Study Library, Koramangala';

/** On the phone: signs in by OTP, books today's day pass, pays, and opens the pass; its booking id. */
async function bookTodayOnPhone(page: Page, otpFor: (phone: string) => Promise<string>): Promise<string> {
  const shot = (name: string, on: Page = page) => screenshot(on, SHOTS, name);
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

  await heading('Find a study library');
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Mobile number').fill('98450 12399');
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByLabel('6-digit code').fill(await otpFor(PHONE));
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
  await shot('06-pass');
  return /#\/pass\/(.+)$/.exec(page.url())?.[1] ?? '';
}

describe('the journey: phone to door to desk, and a check-in during an outage reaching the owner', () => {
  let stack: MobileStack;
  let door: Door;
  let phoneBrowser: Browser;
  let kioskBrowser: Browser | undefined;
  let phone: OpenedPage;
  let desk: DeskCall;

  beforeAll(async () => {
    await ensureAppsBuilt(['kiosk', 'portal']);
    [stack, phoneBrowser] = await Promise.all([
      startMobileStack({ ...journeyOptions, line: true }),
      launchBrowser(),
    ]);
    door = await startDoor(stack.hub, stack.libraries.paired);
    desk = await addDeskLogin(stack.hub, stack.libraries.paired);
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
    const bookingId = await bookTodayOnPhone(page, stack.otpFor);
    const booking = stack.hub.core.bookings.byId(bookingId);
    expect(booking?.state).toBe('confirmed');
    const seat = stack.hub.core.catalog.seat(booking?.seatId ?? '')?.number ?? '';

    // the desk is watching before the student reaches the door
    const dashboard = await openPage(phoneBrowser, `${stack.hub.url}/`, 'tablet');
    await signInAtDesk(dashboard.page);
    const seatTile = dashboard.page.getByTestId(`seat-${seat}`);
    await until(
      async () => (await seatTile.getAttribute('data-state')) === 'booked',
      10_000,
      `${seat} booked`,
    );
    await shot('07-desk-booked', dashboard.page);

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
    await shot('09-desk-checked-in', dashboard.page);
    expect(phone.watch.problems).toEqual([]);
    expect(dashboard.watch.problems).toEqual([]);
    expect(kiosk.watch.problems).toEqual([]);
  }, 90_000);

  it('checks a walk-in in at the kiosk while the line to the cloud is cut; the owner sees it once it is back', async () => {
    const line = stack.line;
    if (!line) throw new Error('the stack has no line to cut');
    const libraryId = stack.libraries.paired;
    const owner = client(
      stack.base,
      String((await client(stack.base)('POST', '/auth/login', logins.owner)).body.accessToken),
    );
    const inCloud = async (bookingId: string) =>
      (
        (await owner('GET', `/libraries/${libraryId}/bookings`)).body.items as { id: string; state: string }[]
      ).find((b) => b.id === bookingId);
    line.cut();

    // the desk books a day for a walk-in and sets their kiosk PIN: the hub alone decides
    const member = await desk('POST', '/members', { name: 'Sunil Das', phone: '+919845077777' });
    const memberId = String(member.body.id);
    expect((await desk('PUT', `/members/${memberId}/pin`, { pin: '7351' })).status).toBe(204);
    const seat = stack.hub.core.catalog.data.seats.find((s) => s.number === 'A02');
    const booked = await desk('POST', '/bookings', {
      seatId: seat?.id,
      memberId,
      slot: { kind: 'day', date: instantToLocal(Date.now(), 'Asia/Kolkata').date },
      payment: { method: 'cash' },
    });
    expect(booked.status).toBe(201);
    const bookingId = String(booked.body.id);

    // the kiosk (this browser has no camera) checks them in by phone + PIN; the door opens
    const kiosk = await openPage(phoneBrowser, `${stack.hub.url}/kiosk/`, 'tablet');
    await pairKiosk(kiosk.page);
    await kiosk.page.getByRole('button', { name: 'Check in with phone + PIN' }).click();
    await kiosk.page.getByLabel('Phone number').fill('98450 77777');
    await kiosk.page.getByLabel('PIN', { exact: true }).fill('7351');
    // the door has shut behind the student before the walk-in arrives
    await until(() => !door.isOpen(), 5_000, 'the door to relock');
    const openedBefore = door.openings();
    await kiosk.page.getByRole('button', { name: 'Check in', exact: true }).click();
    const result = kiosk.page.getByTestId('entry-result');
    await until(
      async () => ((await result.textContent()) ?? '').includes('Sunil Das'),
      10_000,
      'the welcome',
    );
    await expect(result.textContent()).resolves.toContain('The door is open');
    await screenshot(kiosk.page, SHOTS, '10-outage-kiosk-walk-in');
    await until(() => door.openings() > openedBefore, 5_000, 'the door lock to open');
    expect(stack.hub.core.bookings.byId(bookingId)?.state).toBe('checked_in');
    // nothing crossed the cut line
    expect(await inCloud(bookingId)).toBeUndefined();

    // the line comes back: the hub's outbox drains, and the owner's portal lists the check-in
    line.heal();
    await until(
      async () => (await inCloud(bookingId))?.state === 'checked_in',
      30_000,
      'the booking in the cloud',
    );
    const portal = await openPage(phoneBrowser, `${stack.base}/admin/`, 'desktop');
    await portal.page.getByLabel('Email').fill(logins.owner.email);
    await portal.page.getByLabel('Password').fill(logins.owner.password);
    await portal.page.getByRole('button', { name: 'Sign in' }).click();
    await portal.page.getByRole('heading', { name: 'Your libraries', level: 1 }).waitFor();
    await portal.page.evaluate(`location.hash = ${JSON.stringify(`/libraries/${libraryId}/bookings`)}`);
    const row = portal.page.locator(`tr[data-booking="${bookingId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Sunil Das');
    await expect(row.textContent()).resolves.toContain('A02');
    await row.getByText('Checked in').waitFor();
    await screenshot(portal.page, SHOTS, '11-owner-portal-bookings');
    expect(kiosk.watch.problems).toEqual([]);
    expect(portal.watch.problems).toEqual([]);
  }, 90_000);
});
