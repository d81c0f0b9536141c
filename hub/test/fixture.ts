/**
 * A real hub core on a real SQLite file in a temp directory, seeded with the demo library, with a
 * manual clock set to a Monday 09:00 in Kolkata. Tests advance the clock instead of sleeping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Policy } from '@studyspot/core';
import { localToInstant } from '@studyspot/core';
import { ManualClock } from '../src/clock.ts';
import type { HubCore } from '../src/hub.ts';
import { buildHubCore } from '../src/hub.ts';
import type { DemoIds } from '../src/seed.ts';
import { seedDemo } from '../src/seed.ts';
import { openDb } from '../src/store/db.ts';
import { system } from '../src/store/ledger.ts';

export const TODAY = '2026-11-30'; // a Monday
export const at = (time: string, date = TODAY) =>
  localToInstant(date, Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)), 'Asia/Kolkata');

export interface Fixture extends HubCore {
  ids: DemoIds;
  dir: string;
  file: string;
  clock: ManualClock;
  newMember(name?: string): string;
  close(): void;
}

export async function hubFixture(policy: Partial<Policy> = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'studyspot-hub-'));
  const file = join(dir, 'hub.db');
  const db = openDb(file);
  const ids = await seedDemo(db, { policy });
  if (!ids) throw new Error('seed failed');
  const clock = new ManualClock(at('09:00'));
  const core = buildHubCore(db, clock);
  core.catalog.reload();
  let n = 0;
  return {
    ...core,
    clock,
    ids,
    dir,
    file,
    newMember(name?: string) {
      n++;
      const phone = `+9190${String(n).padStart(8, '0')}`;
      return db.transaction(() =>
        core.members.create(ids.libraryId, { name: name ?? `Member ${n}`, phone, email: null }, clock.now()),
      )().id;
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { system };
