/**
 * `studyspot-hub devices list|add|remove|test|watch`. `add` issues a device credential and prints
 * it once; `remove` revokes it (the running hub also drops the device's session); both work on a
 * stopped hub's database. `test` pulses a lock through the running hub and waits for the device's
 * acknowledgement (exit 0 only when it confirms it opened); `watch` streams what the hub hears from
 * a device (or all of them) until Ctrl-C, `--count` events or `--for` a duration.
 */

import { DeviceKind } from '@studyspot/core';
import { Argument, type Command, Option } from 'commander';
import { addDevice, type IssuedCredential, removeDevice } from '../../admin/device-registry.ts';
import type { LockTestResult } from '../../admin/device-test.ts';
import type { DeviceEvent } from '../../admin/device-watch.ts';
import { withDb } from '../context.ts';
import { exitCodes } from '../exit-codes.ts';
import { ago, json, table } from '../format.ts';
import { durationMs, positiveInt } from '../parse.ts';
import type { Kit } from '../program.ts';
import { readStatus } from './status.ts';

function renderCredential(c: IssuedCredential, mqttPort: number): string {
  return [
    `device ${c.deviceId} registered (${c.kind}, "${c.name}"). Its password is shown only now — put it in the device:`,
    `  broker    mqtt://<this hub's address>:${mqttPort}`,
    `  username  ${c.username}`,
    `  password  ${c.secret}`,
    `  topics    ${c.topicRoot}#`,
  ].join('\n');
}

function renderEvent(e: DeviceEvent): string {
  const time = new Date(e.at).toISOString().slice(11, 23);
  const data = e.data === null ? '' : ` ${JSON.stringify(e.data)}`;
  return `${time}  ${e.device}  ${e.source}/${e.type}${data}`;
}

function registerList(devices: Command, kit: Kit): void {
  devices
    .command('list')
    .description('every configured device and MQTT credential, with its health')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const status = await readStatus(kit.context(command));
      if (options.json) {
        kit.io.out(json({ running: status.running, ...status.devices }));
        return;
      }
      const rows = status.devices.list.map((d) => [
        d.id,
        d.kind,
        d.deviceId && d.deviceId !== d.id ? d.deviceId : (d.path ?? ''),
        d.health,
        d.detail,
        d.lastSeen ? ago(d.lastSeen, status.at) : '',
        d.batteryPct === null ? '' : `${d.batteryPct}%`,
      ]);
      kit.io.out(
        rows.length
          ? table(['id', 'kind', 'binding', 'health', 'detail', 'last seen', 'battery'], rows)
          : 'no devices',
      );
      if (!status.running) kit.io.err('(the hub is not running: health is unknown)');
    });
}

function registerAddRemove(devices: Command, kit: Kit): void {
  devices
    .command('add')
    .description('register an MQTT device and print its credential (once)')
    .argument('<id>', 'device id: 1-64 of A-Z a-z 0-9 _ -')
    .addOption(
      new Option('--kind <kind>', 'what the device is').choices(DeviceKind.options).makeOptionMandatory(),
    )
    .option('--name <name>', 'a name staff recognise, e.g. "Locker C07"')
    .option('--json', 'machine-readable output')
    .action(
      async (id: string, options: { kind: string; name?: string; json?: boolean }, command: Command) => {
        const ctx = kit.context(command);
        const input = { id, kind: options.kind, name: options.name };
        const client = await ctx.running();
        const credential = client
          ? await client.call<IssuedCredential>('POST', '/devices', input)
          : await withDb(ctx.writeDb, (db) => addDevice(db, input, Date.now()));
        kit.io.out(options.json ? json(credential) : renderCredential(credential, ctx.config.mqtt.port));
      },
    );
  devices
    .command('remove')
    .description("revoke a device's credential; it cannot connect again")
    .argument('<id>', 'device id')
    .action(async (id: string, _options: object, command: Command) => {
      const ctx = kit.context(command);
      const client = await ctx.running();
      if (client) await client.call('DELETE', `/devices/${encodeURIComponent(id)}`);
      else await withDb(ctx.writeDb, (db) => removeDevice(db, id, Date.now()));
      kit.io.out(`device ${id} removed: its credential is revoked${client ? ' and its session closed' : ''}`);
    });
}

function registerTest(devices: Command, kit: Kit): void {
  devices
    .command('test')
    .description('pulse a lock and wait for its acknowledgement (needs the running hub)')
    .argument('<lock>', 'a lock driver id, or the MQTT device id of a lock')
    .option('--duration <ms>', 'how long to keep it open', positiveInt, 1_000)
    .option('--json', 'machine-readable output')
    .action(async (lock: string, options: { duration: number; json?: boolean }, command: Command) => {
      const client = await kit.context(command).requireRunning();
      kit.io.err(`pulsing ${lock}…`);
      const r = await client.call<LockTestResult>('POST', `/devices/${encodeURIComponent(lock)}/test`, {
        durationMs: options.duration,
      });
      if (options.json) kit.io.out(json(r));
      else if (r.ok) kit.io.out(`${r.lock}: acknowledged — opened (${r.ms} ms)`);
      else if (r.acknowledged) kit.io.out(`${r.lock}: answered "${r.state}" — it did not open (${r.ms} ms)`);
      else
        kit.io.out(
          `${r.lock}: no acknowledgement (state ${r.state} after ${r.ms} ms) — check power and connection`,
        );
      kit.exit(r.ok ? exitCodes.ok : exitCodes.failed);
    });
}

function registerWatch(devices: Command, kit: Kit): void {
  devices
    .command('watch')
    .description('stream what the hub hears from a device (or every device) until Ctrl-C')
    .addArgument(new Argument('[device]', 'a driver id or MQTT device id; all devices when omitted'))
    .option('--count <n>', 'stop after n events', positiveInt)
    .option('--for <duration>', 'stop after this long, e.g. 30s', durationMs)
    .option('--json', 'one JSON object per line')
    .action(
      async (
        device: string | undefined,
        options: { count?: number; for?: number; json?: boolean },
        command: Command,
      ) => {
        const client = await kit.context(command).requireRunning();
        const stop = new AbortController();
        const signals = [
          stop.signal,
          ...(kit.io.signal ? [kit.io.signal] : []),
          ...(options.for ? [AbortSignal.timeout(options.for)] : []),
        ];
        let seen = 0;
        const query = device ? `?device=${encodeURIComponent(device)}` : '';
        await client.stream(
          'GET',
          `/devices/watch${query}`,
          undefined,
          (e) => {
            if (e.type === 'watching') {
              if (!options.json) kit.io.err(`watching ${device ?? 'every device'} (Ctrl-C to stop)`);
              return;
            }
            const event = e.event as DeviceEvent;
            kit.io.out(options.json ? JSON.stringify(event) : renderEvent(event));
            if (options.count && ++seen >= options.count) stop.abort();
          },
          AbortSignal.any(signals),
        );
      },
    );
}

export function registerDeviceCommands(program: Command, kit: Kit): void {
  const devices = program.command('devices').description('list, add, remove, test and watch devices');
  registerList(devices, kit);
  registerAddRemove(devices, kit);
  registerTest(devices, kit);
  registerWatch(devices, kit);
}
