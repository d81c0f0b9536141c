/**
 * Reading the hub's JSON log file for `studyspot-hub logs`: the last N entries that pass a filter
 * (minimum level, component), read backwards in chunks so a large file costs only its tail, and a
 * follower that polls for appended lines — and starts again from the top when logrotate's
 * copytruncate has emptied the file under it. Lines that are not JSON are passed through as text.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

export const levelNumbers = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LevelName = keyof typeof levelNumbers;
export const levelNames = Object.keys(levelNumbers) as LevelName[];

export interface LogEntry {
  level: number;
  time: number | null;
  component: string | null;
  msg: string;
  /** The whole parsed line (or `{ msg }` for a line that was not JSON). */
  raw: Record<string, unknown>;
}

export interface LogFilter {
  /** Minimum level. */
  level?: LevelName | undefined;
  component?: string | undefined;
}

export function parseLogLine(line: string): LogEntry {
  try {
    const raw = JSON.parse(line) as Record<string, unknown>;
    if (typeof raw === 'object' && raw !== null)
      return {
        level: typeof raw.level === 'number' ? raw.level : 30,
        time: typeof raw.time === 'number' ? raw.time : null,
        component: typeof raw.component === 'string' ? raw.component : null,
        msg: typeof raw.msg === 'string' ? raw.msg : '',
        raw,
      };
  } catch {
    // not JSON: keep the text
  }
  return { level: 30, time: null, component: null, msg: line, raw: { msg: line } };
}

export function matches(entry: LogEntry, filter: LogFilter): boolean {
  if (filter.level && entry.level < levelNumbers[filter.level]) return false;
  if (filter.component && entry.component !== filter.component) return false;
  return true;
}

const CHUNK = 64 * 1024;
const MAX_SCAN = 64 * 1024 * 1024;

/** The last `count` entries passing `filter`, oldest first, and the file size they were read at. */
export function tailLog(
  file: string,
  count: number,
  filter: LogFilter,
): { entries: LogEntry[]; size: number } {
  if (!existsSync(file)) return { entries: [], size: 0 };
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  const found: LogEntry[] = [];
  try {
    let end = size;
    let carry = '';
    while (end > 0 && found.length < count && size - end < MAX_SCAN) {
      const start = Math.max(0, end - CHUNK);
      const buffer = Buffer.alloc(end - start);
      readSync(fd, buffer, 0, buffer.length, start);
      const lines = (buffer.toString('utf8') + carry).split('\n');
      carry = start > 0 ? (lines.shift() ?? '') : '';
      for (let i = lines.length - 1; i >= 0 && found.length < count; i--) {
        const line = lines[i]?.trim();
        if (!line) continue;
        const entry = parseLogLine(line);
        if (matches(entry, filter)) found.push(entry);
      }
      end = start;
    }
  } finally {
    closeSync(fd);
  }
  return { entries: found.reverse(), size };
}

/** Calls `onEntry` for every line appended after `from`, until `signal` aborts. */
export async function followLog(
  file: string,
  from: number,
  filter: LogFilter,
  onEntry: (entry: LogEntry) => void,
  signal: AbortSignal,
  pollMs = 200,
): Promise<void> {
  let position = from;
  let partial = '';
  while (!signal.aborted) {
    const size = existsSync(file) ? statSync(file).size : 0;
    if (size < position) {
      position = 0; // truncated by logrotate (copytruncate)
      partial = '';
    }
    if (size > position) {
      const fd = openSync(file, 'r');
      const buffer = Buffer.alloc(size - position);
      try {
        readSync(fd, buffer, 0, buffer.length, position);
      } finally {
        closeSync(fd);
      }
      position = size;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const entry = parseLogLine(line);
        if (matches(entry, filter)) onEntry(entry);
      }
    }
    await pause(pollMs, signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
