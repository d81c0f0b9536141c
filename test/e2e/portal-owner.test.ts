/**
 * The owner/admin portal in real Chromium against the real cloud (issue #6, ADR 0020). The owner
 * signs in, creates a library, draws and moves seats in the layout editor (by keyboard and by mouse), adds a
 * shift and a plan, publishes, and creates a hub pairing code; a real hub pairs with that code,
 * and a booking made at its desk reaches the cloud. With the hub off, the owner cancels it: the
 * portal shows the cancel waiting for the hub until the hub is back and applies it. On the
 * library with three weeks of history the charts render, a CSV export downloads the report's
 * numbers, and a payment is refunded. Both hub lists (the owner's and the admin's fleet, which
 * also names the library and tenant) show what the hub's real heartbeats reported. The platform
 * admin sees the tenant, the hub fleet, revenue and the notification log. Every screen is saved at
 * 1366×768 and 360×740.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../hub/src/store/db.ts';
import type { ViewportName } from '../support/browser.ts';
import { launchBrowser, openPage, screenshot, until } from '../support/browser.ts';
import { client, istDate, logins, type PortalStack, startPortalStack } from './portal-owner-support.ts';
import {
  expectClean,
  expectHeartbeatCells,
  saveRefundTerms,
  sectionHeading,
  signIn,
  visit,
} from './portal-pages.ts';

const SHOTS = 'portal-owner';

/** A date at least two days ahead that is not a Sunday (the new library is closed on Sundays). */
function upcomingWeekday(): string {
  for (let k = 2; ; k++) {
    const d = new Date(Date.now() + k * 86_400_000);
    if (d.getUTCDay() !== 0) return d.toISOString().slice(0, 10);
  }
}

describe('owner and admin portal', () => {
  let stack: PortalStack;
  let browser: Browser;
  let libraryId = '';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startPortalStack(), launchBrowser()]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('builds a library, pairs a hub, cancels a booking through it, reports and exports', async () => {
    const { page, watch } = await openPage(browser, `${stack.url}/admin/`, 'desktop');
    await page.getByRole('heading', { name: 'Sign in to StudySpot' }).waitFor();
    await screenshot(page, SHOTS, 'login-desktop');
    await signIn(page, logins.owner, 'Your libraries');
    await screenshot(page, SHOTS, 'libraries-desktop');

    // a new library
    await page.getByRole('link', { name: 'New library' }).click();
    await page.getByRole('heading', { name: 'New library' }).waitFor();
    const fill = (label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
    await fill('Library name', 'Vidya Reading Room, Indiranagar');
    await fill('Address', '100 Feet Road');
    await fill('City', 'Bengaluru');
    await fill('State', 'Karnataka');
    await fill('PIN code', '560038');
    await fill('Latitude', '12.9719');
    await fill('Longitude', '77.6412');
    await screenshot(page, SHOTS, 'library-new-desktop');
    await page.getByRole('button', { name: 'Create library' }).click();
    await page.getByRole('heading', { name: 'Seat layout' }).waitFor();
    libraryId = /#\/libraries\/([0-9a-f-]{36})\/layout/.exec(page.url())?.[1] ?? '';
    expect(libraryId).not.toBe('');

    // the layout: a zone, two seats by keyboard and two by mouse, saved in one upsert
    await page.getByLabel('New zone name').fill('Reading Hall');
    await page.getByRole('button', { name: 'Add zone' }).click();
    await page.getByRole('radio', { name: /Reading Hall/ }).waitFor();
    await page.locator('[data-cell="0:0"]').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.locator('[data-cell="0:3"]').click();
    await page.locator('[data-cell="1:0"]').click();
    const summary = page.getByTestId('layout-summary');
    await expect(summary.textContent()).resolves.toBe('4 seats in service · 4 unsaved changes');
    // moving: A04 dragged by mouse from 1:0 to 2:2; A03 moved by keyboard (Move tool) from 0:3 to 0:5
    await page.locator('[data-cell="1:0"]').dragTo(page.locator('[data-cell="2:2"]'));
    await expect(page.locator('[data-cell="2:2"]').textContent()).resolves.toBe('A04');
    await expect(page.locator('[data-cell="1:0"]').textContent()).resolves.toBe('');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await page.locator('[data-cell="0:3"]').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-cell="0:5"]').textContent()).resolves.toBe('A03');
    await screenshot(page, SHOTS, 'layout-drawn-desktop');
    await page.getByRole('button', { name: 'Save layout' }).click();
    await until(
      async () => (await summary.textContent()) === '4 seats in service · 0 unsaved changes',
      10_000,
      'the saved layout',
    );
    const seats = (await stack.owner('GET', `/manage/libraries/${libraryId}/seats`)).body.items as {
      id: string;
      number: string;
      row: number;
      col: number;
    }[];
    expect(seats.map((s) => [s.number, s.row, s.col]).sort()).toEqual([
      ['A01', 0, 0],
      ['A02', 0, 1],
      ['A03', 0, 5],
      ['A04', 2, 2],
    ]);
    await screenshot(page, SHOTS, 'layout-saved-desktop');

    // a shift and a plan
    await page.getByRole('link', { name: 'Shifts' }).click();
    await page.getByLabel('Shift name').fill('Morning');
    await page.getByLabel('Starts').fill('08:00');
    await page.getByLabel('Ends').fill('14:00');
    await page.getByRole('button', { name: 'Add shift' }).click();
    await page.getByRole('cell', { name: 'Morning', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Plans & prices' }).click();
    await page.getByLabel('Plan name').fill('Morning shift');
    await page.getByLabel('Kind').selectOption('shift');
    await page.getByLabel('Price (₹, before GST)').fill('150');
    await page.getByRole('combobox', { name: /^Shift/ }).selectOption({ label: 'Morning (08:00–14:00)' });
    await page.getByRole('button', { name: 'Add plan' }).click();
    await page.getByRole('cell', { name: '₹150.00' }).waitFor();
    const plans = (await stack.owner('GET', `/manage/libraries/${libraryId}/plans`)).body.items;
    expect(plans).toEqual([
      expect.objectContaining({ name: 'Morning shift', kind: 'shift', pricePaise: 15000, taxRateBp: 1800 }),
    ]);
    await screenshot(page, SHOTS, 'plans-desktop');
    await page.getByRole('link', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('button', { name: 'Unpublish' }).waitFor();

    // a pairing code, typed into a real hub; a booking at its desk reaches the cloud
    await page.getByRole('link', { name: 'Hubs' }).click();
    await page.getByLabel('Hub name (e.g. front desk)').fill('Front desk');
    await page.getByRole('button', { name: 'Create pairing code' }).click();
    const code = (await page.getByTestId('code').textContent()) ?? '';
    await screenshot(page, SHOTS, 'hubs-pairing-code-desktop');
    let hub = await stack.startHub(code);
    await until(
      // every shape has arrived: the seats, and the shift plan the booking is priced with
      () =>
        hub.core.catalog.loaded &&
        hub.core.catalog.data.seats.length === 4 &&
        hub.core.catalog.data.plans.some((p) => p.kind === 'shift' && p.active),
      20_000,
      'the hub catalog',
    );
    const now = hub.core.clock.now();
    const meera = decide(hub.core.db, () =>
      hub.core.members.create(libraryId, { name: 'Meera Iyer', phone: '+919811122233', email: null }, now),
    );
    const shiftId = (plans as { shiftId: string }[])[0]?.shiftId ?? '';
    const slot = { kind: 'shift' as const, date: upcomingWeekday(), shiftId };
    const seatA01 = seats.find((s) => s.number === 'A01')?.id ?? '';
    const booked = hub.core.allocator.book(
      { seatId: seatA01, memberId: meera.id, slot, source: 'staff' },
      { method: 'cash' },
      { kind: 'staff', id: 'e2e' },
      now,
    );
    const inCloud = async () =>
      ((await stack.owner('GET', `/libraries/${libraryId}/bookings`)).body.items as { id: string }[]).some(
        (b) => b.id === booked.id,
      );
    await until(inCloud, 20_000, 'the booking in the cloud');
    await hub.stop();

    // the owner cancels while the hub is off: visibly waiting; applied once the hub is back
    await page.getByRole('link', { name: 'Bookings' }).click();
    await page.getByRole('button', { name: 'Cancel the booking of seat A01 for Meera Iyer' }).click();
    await page.getByLabel('Reason (the member sees it)').fill('Library closed for repairs');
    await page.getByLabel('Refund').selectOption('full');
    await screenshot(page, SHOTS, 'bookings-cancel-dialog-desktop');
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByTestId('pending-cancel').waitFor();
    await page.getByTestId('waiting-for-hub').waitFor();
    await screenshot(page, SHOTS, 'bookings-waiting-for-hub-desktop');
    hub = await stack.startHub();
    await page.getByTestId('waiting-for-hub').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator(`tr[data-booking="${booked.id}"]`).getByText('Cancelled').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('pending-cancel').count()).toBe(0);
    expect(hub.core.bookings.byId(booked.id)?.state).toBe('cancelled');
    await screenshot(page, SHOTS, 'bookings-applied-desktop');
    await page.getByRole('link', { name: 'Hubs' }).click();
    await page.locator('tr[data-hub="Front desk"]').getByText('Online', { exact: true }).waitFor();
    const drivers = hub.hardware.statuses();
    const running = drivers.filter((d) => d.status === 'running').length;
    await expectHeartbeatCells(page.locator('tr[data-hub="Front desk"]'), {
      online: running,
      offline: drivers.length - running,
    });
    await screenshot(page, SHOTS, 'hubs-online-desktop');

    // the library with history: charts, a CSV export, a refund
    const gyan = stack.gyan.libraryId;
    await visit(page, `/libraries/${gyan}/reports`, 'Occupancy by hour and weekday');
    const api = (
      await stack.owner('GET', `/libraries/${gyan}/reports/usage?from=${istDate(27)}&to=${istDate(0)}`)
    ).body as {
      occupancy: { weekday: number; hour: number; bookedHours: number; rate: number }[];
      noShows: { rate: number };
    };
    expect(api.occupancy.length).toBeGreaterThan(20);
    const filled = page.locator('[data-testid="heatmap"] rect[data-value]:not([data-value="0.000"])');
    // The heading shows before the report has loaded: wait for the chart, then count its cells.
    await page.locator('[data-testid="revenue-by-shift"] rect.bar').first().waitFor({ timeout: 10_000 });
    expect(await filled.count()).toBe(api.occupancy.filter((c) => c.hour >= 6 && c.hour <= 21).length);
    expect(await page.locator('[data-testid="revenue-by-plan"] rect.bar').count()).toBe(2);
    expect(await page.locator('[data-testid="revenue-by-shift"] rect.bar').count()).toBe(2);
    await expect(page.getByTestId('no-show-rate').textContent()).resolves.toBe(
      `${Math.round(api.noShows.rate * 100)}%`,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export occupancy CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`occupancy-${istDate(27)}-to-${istDate(0)}.csv`);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('weekday,hour,booked_seat_hours,days,seats,occupancy');
    expect(csv).toHaveLength(api.occupancy.length + 1);
    const first = api.occupancy[0];
    expect(csv[1]).toBe(
      `${first?.weekday},${first?.hour},${first?.bookedHours},4,40,${first?.rate.toFixed(4)}`,
    );
    await screenshot(page, SHOTS, 'reports-desktop');
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('heading', { name: 'घंटे और दिन के अनुसार भराव' }).waitFor();
    await screenshot(page, SHOTS, 'reports-hindi-desktop');
    await page.getByRole('button', { name: 'English' }).click();

    await visit(page, `/libraries/${gyan}/payments`, 'Payments and refunds');
    await page.getByRole('button', { name: 'Refund the payment of Priya Sharma' }).click();
    await page.getByLabel('Amount in ₹ (empty: all that is left)').fill('100');
    await page.getByRole('dialog').getByRole('button', { name: 'Refund' }).click();
    await page.locator('td .badge', { hasText: 'Partly refunded' }).waitFor();
    await screenshot(page, SHOTS, 'payments-refunded-desktop');

    // the refund terms students are quoted before a cancel: saved with the library's policy
    await saveRefundTerms(page, gyan, { fullRefundHours: 48, lateRefundPercent: 10 });
    await screenshot(page, SHOTS, 'policy-refunds-desktop');
    const library = (await stack.owner('GET', `/manage/libraries/${gyan}`)).body as {
      policy: { refund?: unknown };
    };
    expect(library.policy.refund).toEqual({
      fullRefundHours: 48,
      partialRefundPercent: 50,
      lateRefundPercent: 10,
    });
    await visit(page, `/libraries/${gyan}/bookings`, 'Bookings');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2').waitFor();
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByText('Page 1').waitFor();
    expectClean(watch);
  }, 150_000);

  it('shows the platform admin the tenants, the hub fleet, revenue and the notification log', async () => {
    await client(stack.url)('POST', '/auth/otp/request', { phone: '+919800099999', channel: 'sms' });
    const { page, watch } = await openPage(browser, `${stack.url}/admin/`, 'desktop');
    await signIn(page, logins.admin, 'Tenants');
    await page.getByRole('cell', { name: 'Gyan Study Libraries' }).waitFor();
    // a stale access token: the first request is refused, the refresh token rotates, the retry succeeds
    const key = 'studyspot.portal.session';
    const stored = JSON.parse(String(await page.evaluate(`localStorage.getItem('${key}')`)));
    await page.evaluate(
      `localStorage.setItem('${key}', ${JSON.stringify(JSON.stringify({ ...stored, accessToken: 'stale' }))})`,
    );
    watch.allow(/status of 401/);
    await page.reload();
    await page.getByRole('cell', { name: 'Gyan Study Libraries' }).waitFor();
    const renewed = JSON.parse(String(await page.evaluate(`localStorage.getItem('${key}')`)));
    expect(renewed.refreshToken).not.toBe(stored.refreshToken);
    await visit(page, '/admin/hubs', 'Hub fleet');
    const fleetRow = page.locator('tr[data-hub="Front desk"]');
    await fleetRow.getByText('Online', { exact: true }).waitFor();
    const listed = (await stack.admin('GET', '/admin/hubs?limit=200')).body.items as {
      name: string;
      devicesOnline: number;
      devicesOffline: number;
    }[];
    const frontDesk = listed.find((h) => h.name === 'Front desk');
    expect(frontDesk).toMatchObject({
      tenantName: 'Gyan Study Libraries',
      libraryName: 'Vidya Reading Room, Indiranagar',
    });
    const library = fleetRow.locator('td[data-cell="library"]');
    await expect(library.textContent()).resolves.toMatch(/^Vidya Reading Room, Indiranagar/);
    await expect(library.locator('.muted').textContent()).resolves.toBe('Gyan Study Libraries');
    await expectHeartbeatCells(fleetRow, {
      online: frontDesk?.devicesOnline ?? -1,
      offline: frontDesk?.devicesOffline ?? -1,
    });
    await visit(page, '/admin/notifications', 'Notification log');
    await until(
      async () => {
        if ((await page.getByTestId('local-outbox').locator('li').count()) > 0) return true;
        await page.getByRole('button', { name: 'Refresh' }).click();
        return false;
      },
      15_000,
      'a message in the local outbox',
    );
    await expect(page.getByTestId('local-outbox').textContent()).resolves.toContain('+919800099999');
    expectClean(watch);
  }, 60_000);

  it('creates a staff account, gives it a new password, disables it and enables it again', async () => {
    const { page, watch } = await openPage(browser, `${stack.url}/admin/`, 'desktop');
    await signIn(page, logins.owner, 'Your libraries');
    await visit(page, '/staff', 'Staff accounts');
    const email = 'leela.desk@gyan.example';
    await page.getByLabel('Name', { exact: true }).fill('Leela');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Initial password (10+ characters)').fill('first desk password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(`Account ${email} created.`).waitFor();
    const row = page.locator(`tr[data-staff="${email}"]`);
    await row.getByText('Active').waitFor();
    const login = (password: string) =>
      fetch(`${stack.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      }).then((r) => r.status);
    expect(await login('first desk password')).toBe(200);

    await row.getByRole('button', { name: 'New password' }).click();
    await page.getByLabel('New password (10+ characters)').fill('second desk password');
    await screenshot(page, SHOTS, 'staff-new-password-desktop');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await login('first desk password')).toBe(401);
    expect(await login('second desk password')).toBe(200);

    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    await screenshot(page, SHOTS, 'staff-disabled-desktop');
    expect(await login('second desk password')).not.toBe(200);
    await row.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Enable' }).click();
    await row.getByText('Active').waitFor();
    expect(await login('second desk password')).toBe(200);
    expectClean(watch);
    await page.context().close();
  }, 60_000);

  it('fits every screen on a 360 px phone and a 1366 px desktop', async () => {
    // the sections with data drawn in the first test show the new library; the rest the one with history
    const drawn = new Set(['layout', 'shifts', 'plans', 'hubs', 'bookings']);
    const owner: [string, string, string][] = [
      ['/', 'Your libraries', 'libraries'],
      ['/libraries/new', 'New library', 'library-new'],
      ...Object.entries(sectionHeading).map(([s, heading]): [string, string, string] => [
        `/libraries/${drawn.has(s) ? libraryId : stack.gyan.libraryId}/${s}`,
        heading,
        `section-${s}`,
      ]),
      ['/staff', 'Staff accounts', 'staff-accounts'],
    ];
    const admin: [string, string, string][] = [
      ['/', 'Tenants', 'admin-tenants'],
      ['/admin/hubs', 'Hub fleet', 'admin-fleet'],
      ['/admin/revenue', 'Platform revenue', 'admin-revenue'],
      ['/admin/notifications', 'Notification log', 'admin-notifications'],
    ];
    for (const size of ['phone', 'desktop'] as ViewportName[]) {
      for (const [who, routes] of [
        [logins.owner, owner],
        [logins.admin, admin],
      ] as const) {
        const { page, watch } = await openPage(browser, `${stack.url}/admin/`, size);
        if (size === 'phone' && who === logins.owner) await screenshot(page, SHOTS, 'login-phone');
        await signIn(page, who, who === logins.owner ? 'Your libraries' : 'Tenants');
        for (const [path, heading, name] of routes) {
          await visit(page, path, heading);
          await screenshot(page, SHOTS, `${name}-${size}`);
          const overflow = Number(
            await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
          );
          expect(overflow, `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(0);
        }
        expectClean(watch);
        await page.context().close();
      }
    }
  }, 90_000);
});
