/**
 * The old standalone pairing entry, kept for the pairing tests and scripts that call it: `pair` is
 * now a command of `studyspot-hub` (hub/src/cli, issue #7), and this forwards to it. Exit 0 when
 * paired, 1 with the reason on failure, 2 on a usage error.
 */
import { pathToFileURL } from 'node:url';
import { processIo } from '../cli/io.ts';
import { runCli } from '../cli/program.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

/** Runs `pair …` through the studyspot-hub CLI; returns the exit code. */
export async function runPairingCli(argv: string[], io: CliIo): Promise<number> {
  return runCli(argv, {
    ...processIo(),
    out: io.out,
    err: io.err,
    errRaw: () => {},
    errIsTTY: false,
    env: io.env,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await runCli(process.argv.slice(2), processIo()));
}
