import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCli } from './cli.ts';

describe('studyspot-firmware-sim command line', () => {
  it('parses devices, faults and paths', () => {
    const cli = parseCli(
      ['--mqtt-url', 'mqtt://127.0.0.1:1883', '--locks', '3', '--seats', '0', '--jam', '--delay-ms', '250'],
      { STUDYSPOT_DEVICE_SECRET: 's3cret' },
    );
    if (cli.help) throw new Error('unexpected help');
    expect(cli.options).toMatchObject({
      mqttUrl: 'mqtt://127.0.0.1:1883',
      libraryId: 'demo-library',
      locks: 3,
      seatSensors: 0,
      ptyDir: '.firmware-sim',
      faults: { jam: true, drop: false, delayMs: 250 },
    });
    expect(cli.options.secretFor('lock-1')).toBe('s3cret');
  });

  it('rejects bad numbers and unknown options', () => {
    expect(() => parseCli(['--locks', 'many'])).toThrow(/--locks/);
    expect(() => parseCli(['--bogus'])).toThrow();
  });

  it('the bin prints its usage with --help', async () => {
    const bin = fileURLToPath(new URL('../bin/studyspot-firmware-sim.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, '--help'], { timeout: 20_000 });
    expect(stdout).toContain('Usage: studyspot-firmware-sim');
  });
});
