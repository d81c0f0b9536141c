/**
 * The box the hub runs on, as `status` and `doctor` show it: free disk under the data directory,
 * memory (MemAvailable from /proc/meminfo where there is one — free memory alone undercounts the
 * page cache a Pi lives on), load, and the SoC temperature where the kernel exposes it (Raspberry
 * Pi: /sys/class/thermal/thermal_zone0/temp, millidegrees). Anything unreadable is null, never 0.
 */
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { freemem, loadavg, totalmem } from 'node:os';

export interface SystemStatus {
  disk: { freeBytes: number; totalBytes: number } | null;
  memory: { availableBytes: number; totalBytes: number; hubRssBytes: number | null };
  load1: number;
  socTempC: number | null;
}

export const THERMAL_ZONE = '/sys/class/thermal/thermal_zone0/temp';

export async function diskOf(path: string): Promise<SystemStatus['disk']> {
  try {
    const fs = await statfs(path);
    return {
      freeBytes: Number(fs.bavail) * Number(fs.bsize),
      totalBytes: Number(fs.blocks) * Number(fs.bsize),
    };
  } catch {
    return null;
  }
}

export function socTemperature(file = THERMAL_ZONE): number | null {
  try {
    const milli = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(milli) ? Math.round(milli / 100) / 10 : null;
  } catch {
    return null;
  }
}

function availableMemory(): number {
  try {
    const line = readFileSync('/proc/meminfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('MemAvailable:'));
    const kb = Number(line?.split(/\s+/)[1]);
    if (Number.isFinite(kb)) return kb * 1024;
  } catch {
    // not Linux: fall back to free memory
  }
  return freemem();
}

/** `hubRssBytes`: the hub process's resident memory when it is this process (null from the CLI). */
export async function systemStatus(dataDir: string, hubRssBytes: number | null): Promise<SystemStatus> {
  return {
    disk: await diskOf(dataDir),
    memory: { availableBytes: availableMemory(), totalBytes: totalmem(), hubRssBytes },
    load1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    socTempC: socTemperature(),
  };
}
