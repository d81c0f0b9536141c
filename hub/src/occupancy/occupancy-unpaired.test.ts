import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import type { DriverLogger } from '../drivers/types.ts';
import { buildHubCore } from '../hub.ts';
import { openDb } from '../store/db.ts';
import { OccupancyMonitor } from './occupancy-monitor.ts';
import { OccupancyConfig } from './thresholds.ts';

it('watches nothing and logs nothing on a hub still waiting for its library', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unpaired-'));
  const db = openDb(join(dir, 'hub.db'));
  try {
    const core = buildHubCore(db, new ManualClock(Date.parse('2026-11-30T03:30:00Z')));
    core.catalog.reload();
    expect(core.catalog.loaded).toBe(false);
    const errors: string[] = [];
    const logger: DriverLogger = {
      debug() {},
      info() {},
      warn: (_o, msg) => errors.push(msg),
      error: (_o, msg) => errors.push(msg),
    };
    const monitor = new OccupancyMonitor({ ...core, sensors: [], config: OccupancyConfig.parse({}), logger });
    const controller = new AbortController();
    await monitor.start(controller.signal);
    monitor.evaluate(core.clock.now());
    await monitor.stop();
    controller.abort();
    expect(errors).toEqual([]);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
