/**
 * Where bench/cloud-api's CPU goes, read from /proc (Linux): the cloud server process, the
 * Postgres backends (children of the postmaster), this load generator, and the whole machine.
 * The machine is shared with other engineers' tests, so "others %" — machine CPU used by anything
 * but these three, hypervisor steal included — says how noisy a phase was.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** /proc reports times in USER_HZ, 100 per second on every Linux architecture Node runs on. */
const MS_PER_TICK = 10;

function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** User + system CPU of one process, in ms (0 once it has exited). */
export function processCpuMs(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) * MS_PER_TICK : 0;
}

function childrenOf(ppid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (Number.isInteger(pid) && Number(statFields(pid)?.[1]) === ppid) pids.push(pid);
  }
  return pids;
}

/** A process and its children (the postmaster and its backends), in ms. */
export function treeCpuMs(pid: number): number {
  return childrenOf(pid).reduce((sum, child) => sum + processCpuMs(child), processCpuMs(pid));
}

/** Busy CPU of the whole machine (all cores, steal counted as busy), in ms. */
function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * MS_PER_TICK
  );
}

/** Peak resident set of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

export interface Usage {
  /** CPU ms of the cloud server process. */
  serverMs: number;
  /** CPU ms of the Postgres cluster (null on PGlite, which runs inside the server). */
  dbMs: number | null;
  /** CPU ms of this load generator. */
  generatorMs: number;
  /** Share of the machine's CPU capacity used by other processes during the phase, in %. */
  othersPct: number;
}

/** Measures one phase: `const stop = meter(server, postmaster); …; const usage = stop();`. */
export function meter(serverPid: number, postmasterPid: number | null): () => Usage {
  const wall0 = performance.now();
  const server0 = processCpuMs(serverPid);
  const db0 = postmasterPid === null ? 0 : treeCpuMs(postmasterPid);
  const gen0 = process.cpuUsage();
  const machine0 = machineBusyMs();
  return () => {
    const wallMs = performance.now() - wall0;
    const serverMs = processCpuMs(serverPid) - server0;
    const dbMs = postmasterPid === null ? null : treeCpuMs(postmasterPid) - db0;
    const gen = process.cpuUsage(gen0);
    const generatorMs = (gen.user + gen.system) / 1000;
    const others = machineBusyMs() - machine0 - serverMs - (dbMs ?? 0) - generatorMs;
    const othersPct = Math.max(0, (100 * others) / (wallMs * availableParallelism()));
    return { serverMs, dbMs, generatorMs, othersPct };
  };
}
