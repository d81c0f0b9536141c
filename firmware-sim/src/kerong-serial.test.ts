import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackoffPolicy } from '../../hub/src/drivers/backoff.ts';
import { eventually, realTime } from '../../hub/src/drivers/contract-support.ts';
import { lockContract } from '../../hub/src/drivers/lock.contract.ts';
import { KerongBus } from '../../hub/src/drivers/serial/kerong-bus.ts';
import { KerongLock } from '../../hub/src/drivers/serial/kerong-lock.ts';
import { ensureDebianPackage } from '../../test/support/debian.ts';
import { SerialLockBoard } from './serial-lock-board.ts';

beforeAll(() => ensureDebianPackage('socat', 'socat'));

async function rig(channel = 3, relatchMs = 400) {
  const dir = mkdtempSync(join(tmpdir(), 'kerong-'));
  const hubPath = join(dir, 'usb-Kerong_KR-CU16-if00-port0');
  const board = new SerialLockBoard({ hubPath, devicePath: join(dir, 'device'), board: 1, relatchMs });
  await board.start();
  const bus = new KerongBus({
    path: hubPath,
    responseTimeoutMs: 150,
    presenceCheckMs: 100,
    backoff: BackoffPolicy.parse({ initialMs: 20, maxMs: 200 }),
  });
  const lock = new KerongLock({
    id: `locker-${channel}`,
    bus,
    board: 1,
    channel,
    pollIntervalMs: 50,
    heartbeatMs: 2_000,
  });
  const dispose = async () => {
    await board.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { board, bus, lock, dispose };
}

lockContract('kerong serial board vs firmware-sim over a socat pty', async () => {
  const { board, bus, lock, dispose } = await rig();
  return {
    driver: lock,
    time: realTime(3_000, 20),
    unlockMs: 400,
    device: {
      setDrop: (on) => board.setFaults({ drop: on }),
      setJam: (on) => board.setFaults({ jam: on }),
      disconnect: () => board.unplug(),
    },
    released: () => !bus.holding && !lock.holdsTimer,
    dispose,
  };
});

describe('KerongLock against the simulated board', () => {
  it('survives garbage and duplicate answers on the line', async () => {
    const { board, lock, dispose } = await rig(0);
    await lock.start(new AbortController().signal);
    await eventually(realTime(), () => lock.state === 'locked', 'locked');
    board.setFaults({ garbage: true, duplicate: true });
    expect(await lock.unlock(400)).toBe('unlocked');
    expect(board.hooks & 1).toBe(0);
    await eventually(realTime(), () => lock.state === 'locked', 'relock');
    await lock.stop();
    await dispose();
  });

  it('a repeated answer to the previous request is not read as the answer to the next', async () => {
    const { board, lock, dispose } = await rig(0, 60);
    board.setFaults({ duplicate: true });
    await lock.start(new AbortController().signal);
    for (let round = 0; round < 5; round++) {
      await eventually(realTime(), () => lock.state === 'locked', `locked before round ${round}`);
      expect(await lock.lock()).toBe('locked');
      expect(await lock.unlock(60)).toBe('unlocked');
    }
    await lock.stop();
    await dispose();
  });

  it('two channels share one port and both see the board status', async () => {
    const { board, bus, lock, dispose } = await rig(0, 300);
    const other = new KerongLock({
      id: 'locker-b',
      bus,
      board: 1,
      channel: 5,
      pollIntervalMs: 50,
      heartbeatMs: 2_000,
    });
    await lock.start(new AbortController().signal);
    await other.start(new AbortController().signal);
    await eventually(realTime(), () => lock.state === 'locked' && other.state === 'locked', 'both locked');
    expect(await other.unlock(300)).toBe('unlocked');
    expect(lock.state).toBe('locked');
    await lock.stop();
    expect(bus.holding).toBe(true);
    await other.stop();
    expect(bus.holding).toBe(false);
    expect(board.hooks).toBeGreaterThan(0);
    await dispose();
  });

  it('comes back after the adapter is replugged', async () => {
    const { board, lock, dispose } = await rig(2);
    await lock.start(new AbortController().signal);
    await eventually(realTime(), () => lock.state === 'locked', 'locked');
    await board.unplug();
    await eventually(realTime(), () => lock.state === 'unavailable', 'unavailable');
    await board.plug();
    await eventually(realTime(), () => lock.state === 'locked', 'locked again');
    await lock.stop();
    await dispose();
  });
});
