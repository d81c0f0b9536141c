/**
 * `studyspot-hub`, the technician's CLI (issue #7, ADR 0018), built with commander: one program per
 * run, so tests run it in-process. Every command's wrong argument prints the error and that
 * command's usage and exits 2; a CliError prints its one-line message and exits with its code;
 * anything else unexpected prints `error: <message>` (the stack only with STUDYSPOT_DEBUG=1).
 */
import { DomainError } from '@studyspot/core';
import { Command, CommanderError } from 'commander';
import { RefusedError } from '../admin/backup.ts';
import { hubVersion } from '../admin/version.ts';
import { registerConfigCommands } from './commands/config.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerDeviceCommands } from './commands/devices.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerLogsCommand } from './commands/logs.ts';
import { registerPairCommand } from './commands/pair.ts';
import { registerStaffCommands } from './commands/staff.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerSyncCommands } from './commands/sync.ts';
import { type GlobalOptions, type HubContext, hubContext } from './context.ts';
import { CliError, type ExitCode, exitCodes } from './exit-codes.ts';
import type { CliIo } from './io.ts';

const EXIT_CODES = `
Exit codes:
  0  done (checks: all passed)        3  the hub is not running and the command needs it
  1  it ran and something failed      4  refused to protect data (see the message; --force)
  2  wrong command, argument, option  5  the configuration is invalid

Files: the config is --config, else $STUDYSPOT_HUB_CONFIG, else /etc/studyspot/hub.json; the data
directory is --data-dir, else $STUDYSPOT_DATA_DIR, else the config's dataDir.`;

/** What each command module gets to build its commands. */
export interface Kit {
  io: CliIo;
  /** The hub context for the running command (its global options applied). */
  context(command: Command): HubContext;
  globals(command: Command): GlobalOptions;
  exit(code: ExitCode): void;
}

export function createProgram(io: CliIo, onExit: (code: ExitCode) => void): Command {
  const program = new Command('studyspot-hub')
    .description("The StudySpot hub technician's tool: status, checks, devices, sync, backups, logs.")
    .version(hubVersion, '-V, --version')
    .option('-c, --config <file>', 'the hub config file')
    .option('-d, --data-dir <dir>', 'the hub data directory (overrides the config)')
    .addHelpText('after', EXIT_CODES)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();
  const kit: Kit = {
    io,
    globals,
    context: (command) => hubContext(globals(command), io),
    exit: onExit,
  };
  registerStatusCommand(program, kit);
  registerDoctorCommand(program, kit);
  registerDeviceCommands(program, kit);
  registerPairCommand(program, kit);
  registerSyncCommands(program, kit);
  registerDataCommands(program, kit);
  registerLogsCommand(program, kit);
  registerConfigCommands(program, kit);
  registerStaffCommands(program, kit);
  return program;
}

function commanderExit(error: CommanderError): ExitCode {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return exitCodes.ok;
  if (error.exitCode === 0) return exitCodes.ok;
  return exitCodes.usage;
}

/** Runs one command line (without `node` and the script); resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = exitCodes.ok;
  const program = createProgram(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return exitCodes.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error);
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    if (error instanceof RefusedError) {
      io.err(`refused: ${error.message}`);
      return exitCodes.refused;
    }
    if (error instanceof DomainError) {
      io.err(`error: ${error.message}`);
      return error.code === 'validation_failed' ? exitCodes.usage : exitCodes.failed;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (io.env.STUDYSPOT_DEBUG === '1' && error instanceof Error && error.stack) io.err(error.stack);
    return exitCodes.failed;
  }
}
