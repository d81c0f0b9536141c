/**
 * `studyspot-hub logs [-f] [--level warn] [--component drivers] [-n 50] [--json]`: the hub's JSON
 * log file, filtered and made readable — read straight from the file, so it works whether or not
 * the hub is running. `--follow` keeps printing new lines (across logrotate truncations) until
 * Ctrl-C or `--for` a duration.
 */
import { type Command, Option } from 'commander';
import { followLog, type LevelName, type LogEntry, levelNames, tailLog } from '../../admin/log-tail.ts';
import { CliError, exitCodes } from '../exit-codes.ts';
import { durationMs, nonNegativeInt } from '../parse.ts';
import type { Kit } from '../program.ts';

const LABEL: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const SHOWN_ELSEWHERE = new Set(['level', 'time', 'pid', 'hostname', 'name', 'component', 'msg']);

export function renderEntry(e: LogEntry): string {
  const time = e.time === null ? ''.padEnd(24) : new Date(e.time).toISOString();
  const extra = Object.entries(e.raw)
    .filter(([k]) => !SHOWN_ELSEWHERE.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const component = e.component ? `[${e.component}] ` : '';
  return `${time} ${(LABEL[e.level] ?? String(e.level)).padEnd(5)} ${component}${e.msg}${extra ? `  ${extra}` : ''}`;
}

interface LogsOptions {
  follow?: boolean;
  level?: LevelName;
  component?: string;
  lines: number;
  for?: number;
  json?: boolean;
}

export function registerLogsCommand(program: Command, kit: Kit): void {
  program
    .command('logs')
    .description("the hub's log: the last lines, filtered, and -f to follow")
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .addOption(new Option('-l, --level <level>', 'this level and above').choices(levelNames))
    .option('--component <name>', 'only this component (drivers, broker, shape-consumer, …)')
    .option('-n, --lines <n>', 'how many past lines', nonNegativeInt, 50)
    .option('--for <duration>', 'with --follow: stop after this long', durationMs)
    .option('--json', 'the raw JSON lines')
    .action(async (options: LogsOptions, command: Command) => {
      const { paths } = kit.context(command);
      const file = paths.logFile;
      if (!file)
        throw new CliError(
          exitCodes.failed,
          'this hub logs to stdout only (logFile: null); read them with: journalctl -u studyspot-hub',
        );
      const filter = { level: options.level, component: options.component };
      const print = (e: LogEntry) => kit.io.out(options.json ? JSON.stringify(e.raw) : renderEntry(e));
      const { entries, size } = tailLog(file, options.lines, filter);
      if (entries.length === 0 && size === 0 && !options.follow) kit.io.err(`no log lines yet in ${file}`);
      for (const e of entries) print(e);
      if (!options.follow) return;
      const signals = [
        ...(kit.io.signal ? [kit.io.signal] : []),
        ...(options.for ? [AbortSignal.timeout(options.for)] : []),
      ];
      if (signals.length === 0)
        throw new CliError(
          exitCodes.usage,
          '--follow needs a terminal to stop it (Ctrl-C) or --for <duration>',
        );
      await followLog(file, size, filter, print, AbortSignal.any(signals));
    });
}
