/**
 * The staff dashboard (the portal's hub home) in real Chromium against a real hub, with the kiosk
 * open beside it: a member's pass is shown to the kiosk camera (Chromium's fake capture device),
 * the hub checks them in, the simulated MQTT door lock acknowledges, and the dashboard's seat map,
 * updated over socket.io, shows the seat checked in. Then the desk's own work: today's arrivals
 * (taking cash for a kiosk day pass), member search with paging, a kiosk PIN and a cash
 * membership, devices with an audited manual unlock, alerts and sync state.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogin } from '../../hub/src/seed.ts';
import {
  launchBrowser,
  openPage,
  screenshotDir,
  screenshotSizes,
  until,
  writeQrY4m,
} from '../support/browser.ts';
import type { AppStack } from './kiosk-support.ts';
import { at, pairKiosk, startAppStack } from './kiosk-support.ts';

const SHOTS = 'staff-dashboard';

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('Username').fill(demoLogin.username);
  await page.getByLabel('Password').fill(demoLogin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Seats' }).waitFor();
}

const bothSizes = (page: Page, name: string) => screenshotSizes(page, SHOTS, name);

describe('staff dashboard', () => {
  let stack: AppStack;
  let browser: Browser;
  let booking: { bookingId: string; memberId: string };

  beforeAll(async () => {
    stack = await startAppStack('staff-dashboard');
    booking = await stack.book('Meera Iyer', '+919811122233', 3, '10:00');
    // The seat map shows what occupies seats now: look at 10:05, inside the booking.
    stack.clock.set(at('10:05'));
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

  it('shows the seat checked in after the kiosk camera scans the pass and the door acknowledges', async () => {
    const desk = await openPage(browser, `${stack.url}/`, 'tablet');
    await desk.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await bothSizes(desk.page, 'login');
    await signIn(desk.page);
    const seat = desk.page.getByTestId('seat-A04');
    await until(async () => (await seat.getAttribute('data-state')) === 'booked', 10_000, 'A04 booked');

    const openedBefore = stack.doorOpenings();
    const kiosk = await openPage(browser, `${stack.url}/kiosk/`, 'tablet');
    await pairKiosk(kiosk.page);
    await kiosk.page.getByTestId('entry-result').waitFor({ timeout: 15_000 });
    await expect(kiosk.page.getByTestId('entry-result').textContent()).resolves.toContain('The door is open');
    await until(() => stack.doorOpenings() > openedBefore, 5_000, 'the door lock to report unlocked');

    await until(
      async () => (await seat.getAttribute('data-state')) === 'checked_in',
      5_000,
      'A04 checked in',
    );
    await bothSizes(desk.page, 'seats');
    expect(desk.watch.problems).toEqual([]);
    expect(kiosk.watch.problems).toEqual([]);
  });

  it("takes cash for a kiosk day pass from today's arrivals", async () => {
    const held = await stack.api('POST', '/kiosk/day-pass', {
      name: 'Kavya Visitor',
      phone: '+919700012345',
      zoneId: stack.ids.zoneIds[1],
    });
    expect(held.status).toBe(201);
    const seatNumber = (held.body as { seatNumber: string }).seatNumber;
    const { page, watch } = await openPage(browser, `${stack.url}/`, 'tablet');
    await signIn(page);
    await page.getByRole('link', { name: "Today's arrivals" }).click();
    const row = page.getByTestId(`arrival-${seatNumber}`);
    await row.getByRole('button', { name: /Take cash/ }).click();
    await until(
      async () => ((await row.textContent()) ?? '').includes('Confirmed'),
      10_000,
      'the booking confirmed',
    );
    const meera = page.getByTestId('arrival-A04');
    await expect(meera.textContent()).resolves.toContain('Checked in');
    await bothSizes(page, 'arrivals');
    await meera.getByRole('button', { name: 'Check out' }).click();
    await until(
      async () => ((await meera.textContent()) ?? '').includes('Completed'),
      10_000,
      'the check-out',
    );
    expect(watch.problems).toEqual([]);
  });

  it('finds members page by page, sets a kiosk PIN and starts a cash membership', async () => {
    for (let i = 0; i < 23; i++) {
      const phone = `+91977700${String(i).padStart(4, '0')}`;
      expect(
        (await stack.api('POST', '/members', { name: `Pager ${String(i).padStart(2, '0')}`, phone })).status,
      ).toBe(201);
    }
    const { page, watch } = await openPage(browser, `${stack.url}/`, 'tablet');
    await signIn(page);
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Search by name or phone').fill('Pager');
    const items = page.locator('.member-list > li');
    await until(async () => (await items.count()) === 20, 10_000, 'the first page');
    await page.getByRole('button', { name: 'Load more' }).click();
    await until(async () => (await items.count()) === 23, 10_000, 'the second page');
    await page.getByRole('button', { name: 'Select: Pager 07' }).click();
    await page.getByLabel('New PIN (4 to 8 digits)').fill('5555');
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await page.getByText('The kiosk PIN is set.').waitFor();
    await page.getByRole('button', { name: 'Take cash and start' }).click();
    await page.getByText(/Membership started/).waitFor();
    await page.getByLabel('Hours').fill('3');
    await page.getByRole('button', { name: 'Book and take cash' }).click();
    await page.getByText(/Booked seat A\d+\./).waitFor();
    await bothSizes(page, 'members');
    expect(watch.problems).toEqual([]);
  });

  it('lists devices and unlocks the door by hand with a reason that is audited', async () => {
    const { page, watch } = await openPage(browser, `${stack.url}/`, 'tablet');
    await signIn(page);
    await page.getByRole('link', { name: 'Devices' }).click();
    const door = page.getByTestId('driver-door-main');
    await door.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Reason (goes into the audit log)').fill('Delivery at the back door');
    await bothSizes(page, 'devices-unlock');
    await page.getByRole('button', { name: 'Unlock now' }).click();
    await page.getByText('door-main answered: unlocked').waitFor();
    // A lost tablet: staff revoke every paired kiosk; an open kiosk's next request is refused and
    // it goes back to its pairing screen.
    const tablet = await openPage(browser, `${stack.url}/kiosk/`, 'phone');
    await pairKiosk(tablet.page);
    await page.reload();
    await page.getByRole('heading', { name: 'Entrance kiosks' }).waitFor();
    const kiosks = page.getByRole('button', { name: 'Revoke' });
    await until(async () => (await kiosks.count()) > 0, 10_000, 'the paired kiosks');
    while ((await kiosks.count()) > 0) {
      const count = await kiosks.count();
      await kiosks.first().click();
      await until(async () => (await kiosks.count()) < count, 10_000, 'the kiosk revoked');
    }
    tablet.watch.allow(/401|Unauthorized/);
    await stack.book('Wakes The Kiosk', '+919800055566', 30, '10:00');
    await tablet.page.getByRole('heading', { name: 'Set up this kiosk' }).waitFor();
    expect(tablet.watch.problems).toEqual([]);
    const audited = stack.hub.core.db
      .prepare(`SELECT detail FROM audit WHERE action = 'device.manual_unlock' AND subject = 'door-main'`)
      .pluck()
      .get() as string;
    expect(JSON.parse(audited)).toMatchObject({ reason: 'Delivery at the back door', state: 'unlocked' });

    // Someone sits at A20 without a booking: the seat sensor says so, the hub raises an alert.
    await page.getByRole('link', { name: 'Seats' }).click();
    const a20 = page.getByTestId('seat-A20');
    await a20.waitFor();
    await stack.seatA20(true);
    await until(async () => (await a20.getAttribute('data-state')) === 'occupied', 10_000, 'A20 occupied');
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByText('Seat occupied without a booking').waitFor();
    await bothSizes(page, 'alerts');
    await page.getByRole('link', { name: 'Devices' }).click();
    await expect(page.getByTestId('battery-seat-20').textContent()).resolves.toBe('12% — replace soon');
    await bothSizes(page, 'devices-battery');
    await page.getByRole('link', { name: 'Sync' }).click();
    await until(
      async () => Number(await page.getByTestId('sync-backlog').textContent()) > 0,
      10_000,
      'the backlog',
    );
    await bothSizes(page, 'sync');
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('link', { name: 'सीटें' }).click();
    await page.getByTestId('seat-A04').waitFor();
    await bothSizes(page, 'seats-hindi');
    expect(watch.problems).toEqual([]);
  });
});
