/**
 * Runs a real hub as a child process on a prepared data directory, the way the kill test and the
 * benchmarks need it: separate from the load generator, so they do not share one event loop.
 */
import { type ChildProcess } from 'node:child_process';
export declare function freePort(): Promise<number>;
export interface HubProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}
/** Starts `hub/src/main.ts` on `dataDir` and waits until `/health` answers. */
export declare function startHubProcess(dataDir: string, env?: NodeJS.ProcessEnv): Promise<HubProcess>;
