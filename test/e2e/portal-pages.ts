/**
 * Steps the portal tests take on a page: sign in, open a screen and wait for it to settle, check
 * a page logged no problems, and read a hub's heartbeat cells (hub-health.tsx).
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
