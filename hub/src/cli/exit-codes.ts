/**
 * The CLI's exit codes (ADR 0018), one meaning each so scripts can branch on them:
 *
 *   0  done; for checks (doctor, devices test, config validate): everything passed
 *   1  it ran and something failed — a check, a device that did not confirm, the cloud refusing
 *   2  usage: a wrong command, argument or option (the expected usage is printed)
 *   3  the hub is not running and the command needs it (device test/watch, sync push, resync…)
 *   4  refused to protect data: restore of a corrupt file, over a healthy database without
 *      --force, while the hub runs; a backup over an existing file without --force
 *   5  the configuration is invalid (the problems are listed)
 */
export const exitCodes = {
  ok: 0,
  failed: 1,
  usage: 2,
  hubNotRunning: 3,
  refused: 4,
  badConfig: 5,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** An error the CLI reports as one plain message and an exit code, never a stack trace. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
