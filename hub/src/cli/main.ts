/**
 * The `studyspot-hub` executable: runs one command line and exits with its code. Ctrl-C ends a
 * streaming command (watch, logs -f) cleanly the first time and exits 130 the second. Bundled by
 * hub/src/build.ts into hub/dist/studyspot-hub-cli.mjs; hub/src/cli/bin.js runs it from source.
 */
import { pathToFileURL } from 'node:url';
import { processIo } from './io.ts';
import { runCli } from './program.ts';

export async function main(argv: string[]): Promise<never> {
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  });
  const code = await runCli(argv, processIo(interrupt.signal));
  process.exit(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv.slice(2));
