/**
 * Power-cut durability: a real hub child process takes a stream of bookings over HTTP and is killed
 * with SIGKILL at a random moment. Every booking it acknowledged (201) must be there after restart,
 * confirmed, and the database must pass `PRAGMA integrity_check`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubData } from '../../test/support/hub-data.ts';
import { distinctBooking, prepareHubData } from '../../test/support/hub-data.ts';
import { startHubProcess } from '../../test/support/hub-process.ts';
import { demoLogin } from '../src/seed.ts';

const CLIENTS = 8;

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: demoLogin.username, password: demoLogin.password }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** Streams bookings from `first` until the process dies; returns the ids it acknowledged. */
async function streamUntilKilled(
  url: string,
  token: string,
  data: HubData,
  first: number,
  killAfter: number,
  kill: () => void,
) {
  const acked: string[] = [];
  let next = first;
  let dead = false;
  const worker = async () => {
    while (!dead && next < first + 5_000) {
      const k = next++;
      try {
        const res = await fetch(`${url}/api/v1/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(distinctBooking(data, k)),
        });
        const body = (await res.json()) as { id?: string };
        if (res.status === 201 && body.id) acked.push(body.id);
        if (acked.length === killAfter) kill();
      } catch {
        dead = true; // connection refused or reset: the hub is gone
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  return { acked, next };
}

describe('hub durability under SIGKILL', () => {
  let dir: string;
  let data: HubData;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-kill-'));
    data = await prepareHubData(dir, 60, { advanceDays: 60, maxBookingsPerDay: 48 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged booking across three kills at random moments', async () => {
    const allAcked: string[] = [];
    let cursor = 0;
    for (const killAfter of [37, 211, 95]) {
      const hub = await startHubProcess(dir);
      const token = await login(hub.url);
      const exited = new Promise((r) => hub.child.once('exit', r));
      const { acked, next } = await streamUntilKilled(hub.url, token, data, cursor, killAfter, () =>
        hub.child.kill('SIGKILL'),
      );
      await exited;
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      allAcked.push(...acked);
      cursor = next;

      const db = new Database(data.file);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const present = db
        .prepare(`SELECT id FROM bookings WHERE state = 'confirmed'`)
        .pluck()
        .all() as string[];
      const missing = allAcked.filter((id) => !new Set(present).has(id));
      expect(missing).toEqual([]);
      db.close();
    }
    // And the hub comes back healthy on the same files.
    const hub = await startHubProcess(dir);
    const health = await fetch(`${hub.url}/health`);
    await hub.stop();
    expect(health.status).toBe(200);
  });
});
