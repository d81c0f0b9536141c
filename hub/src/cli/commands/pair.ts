/**
 * `studyspot-hub pair <code> --cloud <url> [--name <name>] [--force]` (ADR 0016, folded in from
 * hub/src/pairing/cli.ts): generates the hub's key pair in the data directory, registers it with
 * the one-time code, and says where the identity went. Exit 1 with the reason when pairing fails.
 */
import type { Command } from 'commander';
import { hubVersion } from '../../admin/version.ts';
import { identityPath } from '../../pairing/identity.ts';
import { PairingError, pairHub } from '../../pairing/pair.ts';
import { CliError, exitCodes } from '../exit-codes.ts';
import { json } from '../format.ts';
import type { Kit } from '../program.ts';

export const PAIR_USAGE = 'usage: pair <code> --cloud <url> [--name <name>] [--force]';

export function registerPairCommand(program: Command, kit: Kit): void {
  program
    .command('pair')
    .description('pair this hub with the cloud using the one-time code from the owner portal')
    .argument('<code>', 'the pairing code, e.g. ABCD-EFGH')
    .option('--cloud <url>', 'the cloud API, e.g. https://api.studyspot.in (default $HUB_CLOUD_URL)')
    .option('--name <name>', 'how this hub names itself in the cloud (default: the host name)')
    .option('--force', 'pair again although already paired (a new key pair)')
    .option('--json', 'machine-readable output')
    .action(
      async (
        code: string,
        options: { cloud?: string; name?: string; force?: boolean; json?: boolean },
        command: Command,
      ) => {
        const cloud = options.cloud ?? kit.io.env.HUB_CLOUD_URL;
        if (!cloud)
          throw new CliError(
            exitCodes.usage,
            `the cloud URL is missing (--cloud or $HUB_CLOUD_URL)\n${PAIR_USAGE}`,
          );
        const { paths } = kit.context(command);
        let identity: Awaited<ReturnType<typeof pairHub>>;
        try {
          identity = await pairHub({
            cloudUrl: cloud,
            code,
            dataDir: paths.dataDir,
            version: hubVersion,
            ...(options.name ? { name: options.name } : {}),
            ...(options.force ? { force: true } : {}),
            ...(kit.io.fetch ? { fetch: kit.io.fetch } : {}),
          });
        } catch (error) {
          const reason =
            error instanceof PairingError || error instanceof Error ? error.message : String(error);
          throw new CliError(exitCodes.failed, `pairing failed: ${reason}`);
        }
        const { privateKey: _secret, ...shown } = identity;
        if (options.json) {
          kit.io.out(json(shown));
          return;
        }
        kit.io.out(
          `paired: hub ${identity.hubId} of library ${identity.libraryId} (tenant ${identity.tenantId})`,
        );
        kit.io.out(`cloud: ${identity.cloudUrl}`);
        kit.io.out(
          `identity saved to ${identityPath(paths.dataDir)} (mode 0600); restart the hub to start syncing`,
        );
      },
    );
}
