/**
 * The entrance kiosk in real Chromium against a real hub (ADR 0020). A staff member pairs the
 * tablet on the kiosk itself; a member's rotating pass, generated as their phone would show it, is
 * fed to the tablet's camera through Chromium's fake capture device; the kiosk's jsqr reads it,
 * the hub checks the member in, the simulated MQTT door lock acknowledges, and the kiosk says
 * "door open" with the member's name and seat.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageWatch } from '../support/browser.ts';
import {
  launchBrowser,
  openPage,
  screenshotDir,
  screenshotSizes,
  until,
  writeQrY4m,
} from '../support/browser.ts';
import type { AppStack } from './kiosk-support.ts';
import { pairKiosk, startAppStack } from './kiosk-support.ts';

const SHOTS = 'kiosk-camera';

describe('kiosk: a pass shown to the camera opens the door', () => {
  let stack: AppStack;
  let browser: Browser;
  let booking: { bookingId: string; memberId: string };

  beforeAll(async () => {
    stack = await startAppStack('kiosk-camera');
    booking = await stack.book('Meera Iyer', '+919811122233', 3, '10:00');
    const video = writeQrY4m(
      stack.passOf(booking.bookingId, booking.memberId),
      join(screenshotDir, SHOTS, 'pass.y4m'),
    );
    browser = await launchBrowser({ fakeCamera: video });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('pairs, scans the pass, checks in and the lock acknowledges', async () => {
    const { page, watch } = await openPage(browser, `${stack.url}/kiosk/`, 'tablet');
    await page.getByRole('heading', { name: 'Set up this kiosk' }).waitFor();
    await screenshotSizes(page, SHOTS, 'pair');
    const openedBefore = stack.doorOpenings();
    await pairKiosk(page);

    const result = page.getByTestId('entry-result');
    await result.waitFor({ timeout: 15_000 });
    await expect(result.textContent()).resolves.toContain('Welcome, Meera Iyer!');
    await expect(result.textContent()).resolves.toContain('A04');
    await expect(result.textContent()).resolves.toContain('The door is open');
    await screenshotSizes(page, SHOTS, 'granted');
    expect(stack.hub.core.bookings.byId(booking.bookingId)?.state).toBe('checked_in');
    await until(() => stack.doorOpenings() > openedBefore, 5_000, 'the door lock to report unlocked');
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshotSizes(page, SHOTS, 'granted');
    expectClean(watch);
  });

  it('shows the same pass again as already inside, in Hindi too', async () => {
    const { page, watch } = await openPage(browser, `${stack.url}/kiosk/`, 'phone');
    await pairKiosk(page);
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    const result = page.getByTestId('entry-result');
    await until(async () => (await result.count()) > 0, 15_000, 'the scan result');
    await expect(page.locator('[data-reason]').getAttribute('data-reason')).resolves.toBe('already_inside');
    await expect(result.textContent()).resolves.toContain('आप पहले से चेक-इन हैं');
    await screenshotSizes(page, SHOTS, 'denied-hindi');
    expectClean(watch);
  });
});

function expectClean(watch: PageWatch) {
  expect(watch.problems).toEqual([]);
}
