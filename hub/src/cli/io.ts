/**
 * Where the CLI writes: injected, so tests run commands in-process and read what a technician
 * would see. Results go to `out` (stdout), messages and progress to `err` (stderr). The progress
 * line redraws itself in place on a terminal and stays silent in pipes and logs, where a stream of
 * carriage returns would only be noise.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Raw stderr, for redrawing the progress line in place. */
  errRaw(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stderr is a terminal: draw progress. */
  errIsTTY: boolean;
  /** Ends streaming commands (watch, logs --follow); the bin wires it to SIGINT. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export const processIo = (signal?: AbortSignal): CliIo => ({
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  errRaw: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  errIsTTY: process.stderr.isTTY === true,
  ...(signal ? { signal } : {}),
});

export interface ProgressLine {
  update(done: number, total: number, detail?: string): void;
  done(message: string): void;
}

/** A one-line progress bar on stderr: `label [#####.....] 50% detail`. */
export function progressLine(io: CliIo, label: string): ProgressLine {
  let last = '';
  const draw = (text: string) => {
    if (!io.errIsTTY || text === last) return;
    last = text;
    io.errRaw(`\r\x1b[2K${text}`);
  };
  return {
    update(done, total, detail) {
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const width = 24;
      const filled = Math.round(ratio * width);
      draw(
        `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}%${detail ? ` ${detail}` : ''}`,
      );
    },
    done(message) {
      if (io.errIsTTY && last) io.errRaw('\r\x1b[2K');
      io.err(message);
    },
  };
}
