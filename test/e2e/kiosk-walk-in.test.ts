/**
 * The kiosk without a pass, in real Chromium against a real hub: a member checks in by phone + PIN
 * (the door acknowledges), a door QR reader's decisions appear on the kiosk, a visitor holds a day pass to pay at the desk, the free-seat counts
 * follow the bookings live, and after the hub restarts the kiosk reconnects and catches up by
 * itself. This browser has no camera: the kiosk says so and keeps working.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshotSizes, until } from '../support/browser.ts';
import type { AppStack } from './kiosk-support.ts';
import { at, pairKiosk, startAppStack } from './kiosk-support.ts';

const SHOTS = 'kiosk-walk-in';

describe('kiosk: walk-in, day pass, restart', () => {
  let stack: AppStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startAppStack('kiosk-walk-in');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('checks a member in by phone and PIN; a wrong PIN is refused in plain words', async () => {
    const { bookingId, memberId } = await stack.book('Arjun Rao', '+919800011122', 6, '10:00');
    expect((await stack.api('PUT', `/members/${memberId}/pin`, { pin: '7351' })).status).toBe(204);
    const { page, watch } = await openPage(browser, `${stack.url}/kiosk/`, 'tablet');
    await pairKiosk(page);
    await page.getByText('The camera is not available').waitFor();
    await screenshotSizes(page, SHOTS, 'home-no-camera');

    await page.getByRole('button', { name: 'Check in with phone + PIN' }).click();
    await page.getByLabel('Phone number').fill('98000 11122');
    await page.getByLabel('PIN', { exact: true }).fill('1111');
    await screenshotSizes(page, SHOTS, 'walk-in-form');
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    const result = page.getByTestId('entry-result');
    await result.waitFor();
    await expect(page.locator('[data-reason]').getAttribute('data-reason')).resolves.toBe('wrong_pin');
    await screenshotSizes(page, SHOTS, 'walk-in-wrong-pin');
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Check in with phone + PIN' }).click();
    await page.getByLabel('Phone number').fill('9800011122');
    await page.getByLabel('PIN', { exact: true }).fill('7351');
    const openedBefore = stack.doorOpenings();
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await until(
      async () => ((await result.textContent()) ?? '').includes('Arjun Rao'),
      10_000,
      'the welcome',
    );
    await expect(result.textContent()).resolves.toContain('The door is open');
    await screenshotSizes(page, SHOTS, 'walk-in-granted');
    expect(stack.hub.core.bookings.byId(bookingId)?.state).toBe('checked_in');
    await until(() => stack.doorOpenings() > openedBefore, 5_000, 'the door lock to report unlocked');
    expect(watch.problems).toEqual([]);
  });

  it("shows the door reader's decisions, pushed over socket.io", async () => {
    const { bookingId, memberId } = await stack.book('Reader Rani', '+919800044455', 8, '10:00');
    const { page, watch } = await openPage(browser, `${stack.url}/kiosk/`, 'tablet');
    await pairKiosk(page);
    await page.getByText('Connected').waitFor();
    await stack.readerScan(stack.passOf(bookingId, memberId));
    const result = page.getByTestId('entry-result');
    await until(
      async () => ((await result.textContent()) ?? '').includes('Reader Rani'),
      10_000,
      'the reader scan',
    );
    await expect(result.textContent()).resolves.toContain('Scanned at the reader');
    await screenshotSizes(page, SHOTS, 'reader-scan');
    expect(stack.hub.core.bookings.byId(bookingId)?.state).toBe('checked_in');
    expect(watch.problems).toEqual([]);
  });

  it('holds a day pass for a visitor, shown with the amount to pay at the desk', async () => {
    const { page, watch } = await openPage(browser, `${stack.url}/kiosk/`, 'phone');
    await pairKiosk(page);
    await page.getByRole('button', { name: 'Buy a day pass' }).click();
    await page.getByLabel('Your name').fill('Kavya Visitor');
    await page.getByLabel('Phone number').fill('9700012345');
    await page.getByRole('radio', { name: /AC Cabins/ }).check();
    await screenshotSizes(page, SHOTS, 'day-pass-form');
    await page.getByRole('button', { name: 'Hold my seat' }).click();
    const held = page.getByTestId('day-pass-held');
    await held.waitFor();
    await expect(held.textContent()).resolves.toMatch(/Seat C\d+ in AC Cabins is held for you/);
    await expect(held.textContent()).resolves.toMatch(/Please pay ₹[\d,.]+ at the desk within 10 minutes/);
    await screenshotSizes(page, SHOTS, 'day-pass-held');
    const holds = await stack.api('GET', `/bookings?state=held&from=${stack.clock.now()}`);
    expect((holds.body.items as { source: string }[]).map((b) => b.source)).toContain('kiosk');
    expect(watch.problems).toEqual([]);
  });

  it('follows bookings live and recovers by itself after the hub restarts', async () => {
    // Bookings that started at 10:00 occupy their seats now and are not yet no-shows.
    stack.clock.set(at('10:05'));
    const { page, watch } = await openPage(browser, `${stack.url}/kiosk/`, 'tablet');
    await pairKiosk(page);
    const hall = page.getByTestId('zone-Silent Hall');
    const freeNow = async () => Number(/(\d+) of/.exec((await hall.textContent()) ?? '')?.[1] ?? Number.NaN);
    await until(async () => !Number.isNaN(await freeNow()), 10_000, 'the free seats');
    const before = await freeNow();
    await stack.book('Live Update', '+919800022233', 10, '10:00');
    await until(async () => (await freeNow()) === before - 1, 10_000, 'the count to follow the booking');

    // The hub goes away: the kiosk says so; the refused reconnects are expected meanwhile.
    watch.allow(/ERR_CONNECTION_REFUSED|socket\.io|WebSocket/);
    await stack.stopHub();
    await page.getByText('Reconnecting to the hub…').waitFor();
    await screenshotSizes(page, SHOTS, 'hub-down');
    await stack.startHub();
    await page.getByText('Connected').waitFor({ timeout: 15_000 });
    await stack.book('After Restart', '+919800033344', 11, '10:00');
    await until(async () => (await freeNow()) === before - 2, 15_000, 'the count after the restart');
    await screenshotSizes(page, SHOTS, 'home-after-restart');
    expect(watch.problems).toEqual([]);
  });
});
