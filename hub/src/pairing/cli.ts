/**
 * `tsx hub/src/pairing/cli.ts pair <code> --cloud <url> [--data-dir <dir>] [--name <name>] [--force]`
 * pairs this hub (issue #7 folds it into `studyspot-hub`). Prints what happened; exits 1 with the
 * reason on failure, 2 on a usage error.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { identityPath } from './identity.ts';
import { PairingError, pairHub } from './pair.ts';

const USAGE = 'usage: pair <code> --cloud <url> [--data-dir <dir>] [--name <name>] [--force]';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

/** Runs the CLI; returns the exit code. */
export async function runPairingCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === '--force') flags.force = true;
    else if (arg.startsWith('--')) {
      const value = rest[++i];
      if (value === undefined) {
        io.err(`${arg} needs a value\n${USAGE}`);
        return 2;
      }
      flags[arg.slice(2)] = value;
    } else positional.push(arg);
  }
  const cloud = typeof flags.cloud === 'string' ? flags.cloud : io.env.HUB_CLOUD_URL;
  if (command !== 'pair' || positional.length !== 1 || !cloud) {
    io.err(USAGE);
    return 2;
  }
  const dataDir = resolve(
    typeof flags['data-dir'] === 'string' ? flags['data-dir'] : (io.env.STUDYSPOT_DATA_DIR ?? './.data'),
  );
  try {
    const identity = await pairHub({
      cloudUrl: cloud,
      code: positional[0] as string,
      dataDir,
      ...(typeof flags.name === 'string' ? { name: flags.name } : {}),
      ...(flags.force ? { force: true } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    io.out(`paired: hub ${identity.hubId} of library ${identity.libraryId} (tenant ${identity.tenantId})`);
    io.out(`cloud: ${identity.cloudUrl}`);
    io.out(`identity saved to ${identityPath(dataDir)} (mode 0600); restart the hub to start syncing`);
    return 0;
  } catch (error) {
    io.err(
      `pairing failed: ${error instanceof PairingError || error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runPairingCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: process.env,
  });
  process.exit(code);
}
