/**
 * Steps the portal tests take on a page: sign in, open a screen and wait for it to settle, check
 * a page logged no problems, read a hub's heartbeat cells (hub-health.tsx), save refund terms; and
 * the heading each library section opens with.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PageWatch } from '../support/browser.ts';

export async function signIn(page: Page, who: { email: string; password: string }, heading: string) {
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** Opens `#path` and waits for its heading (h1, or the section's h2). */
export async function visit(page: Page, path: string, heading: string) {
  // a string: this file is type-checked without the DOM library
  await page.evaluate(`location.hash = ${JSON.stringify(path)}`);
  await page.getByRole('heading', { name: heading }).first().waitFor();
  await page.locator('.state-loading').first().waitFor({ state: 'detached' });
}

export function expectClean(watch: PageWatch) {
  expect(watch.problems).toEqual([]);
}

/**
 * A hub's row shows what its real heartbeats reported (hub-health.tsx): its devices as the hub
 * counts them, how long it has been up, its outbox and its free disk, none of them a dash.
 */
export async function expectHeartbeatCells(row: Locator, devices: { online: number; offline: number }) {
  const cell = (name: string) => row.locator(`td[data-cell="${name}"]`).textContent();
  await expect(cell('devices')).resolves.toBe(`${devices.online} online / ${devices.offline} offline`);
  await expect(cell('uptime')).resolves.toMatch(/^\d+ (s|min \d+ s|h \d+ min|d \d+ h)$/);
  await expect(cell('backlog')).resolves.toMatch(/^\d+ waiting$/);
  await expect(cell('disk')).resolves.toMatch(/^[\d,]+(\.\d)? (MB|GB)(, low)?$/);
  await expect(cell('lastSeen')).resolves.not.toMatch(/never|—/);
}

/** The heading each section of a library opens with, by its path segment. */
export const sectionHeading = {
  details: 'Publishing',
  layout: 'Seat layout',
  shifts: 'Shifts',
  plans: 'Plans and prices',
  policy: 'Booking policy',
  bookings: 'Bookings',
  members: 'Members',
  payments: 'Payments and refunds',
  invoices: 'Invoices',
  reports: 'Occupancy by hour and weekday',
  hubs: 'Hubs',
  staff: 'Staff at this library',
} as const;

/** Sets two of a library's refund terms in its policy section and saves them. */
export async function saveRefundTerms(
  page: Page,
  libraryId: string,
  terms: { fullRefundHours: number; lateRefundPercent: number },
) {
  await visit(page, `/libraries/${libraryId}/policy`, sectionHeading.policy);
  await page
    .getByLabel('Full refund if cancelled (hours before the start)')
    .fill(String(terms.fullRefundHours));
  await page.getByLabel('Refund once it has started (%)').fill(String(terms.lateRefundPercent));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}
