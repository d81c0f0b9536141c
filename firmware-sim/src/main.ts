/**
 * Entry point of the `studyspot-firmware-sim` command (run through tsx by `bin/`).
 */
import { resolve } from 'node:path';
import { parseCli, usage } from './cli.ts';
import { startSimulator } from './simulator.ts';

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  if (cli.help) {
    process.stdout.write(usage);
    return;
  }
  const options = { ...cli.options, ...(cli.options.ptyDir ? { ptyDir: resolve(cli.options.ptyDir) } : {}) };
  const sim = await startSimulator(options);
  const lines = [
    `serial lock board (hub side): ${sim.paths.board ?? '-'}`,
    `serial QR reader  (hub side): ${sim.paths.qr ?? '-'}`,
    `MQTT devices: ${[...sim.locks, ...sim.sensors].map((d) => d.deviceId).join(', ') || '-'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`studyspot-firmware-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
