/**
 * The hub's embedded MQTT broker component (aedes): it owns the listeners, wires the policy hooks
 * (`authenticate`, `authorizePublish`, `authorizeSubscribe`), guards every connection (per-address
 * limit, packet size, drain timeout), tracks devices into the `devices` table, and exposes typed
 * `device:*` events plus `publishCommand` / `request` for the lock drivers. Constructed with its
 * dependencies only; `start(signal)` opens it, `stop()` (or aborting the signal) closes it.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { Command, type CommandAck, deviceTopic, encodePayload } from '@studyspot/core';
import { Aedes, type AedesPublishPacket, type Client } from 'aedes';
import type { Db } from '../store/db.ts';
import { makeAuthenticate } from './authenticate.ts';
import { makeAuthorizePublish } from './authorize-publish.ts';
import { makeAuthorizeSubscribe } from './authorize-subscribe.ts';
import type { BrokerConfig } from './config.ts';
import { AddressGate, guardPacketSize } from './connection-guard.ts';
import { findDevice } from './credentials.ts';
import { DeviceTracker } from './device-tracker.ts';
import { closeServer, listenTcp, listenTls } from './listeners.ts';
import type { BrokerEvents, DeviceRef, Logger, Principals } from './types.ts';

export interface BrokerDeps {
  db: Db;
  /** The library this hub serves; staff tokens grant read access to its devices. */
  libraryId: string;
  config: BrokerConfig;
  verifyStaffToken: (token: string) => boolean | Promise<boolean>;
  logger: Logger;
  now?: () => number;
}

export class Broker extends EventEmitter<BrokerEvents> {
  readonly #deps: BrokerDeps;
  readonly #principals: Principals = new WeakMap();
  readonly #clients = new Map<string, Client>();
  readonly #conns = new Set<Duplex>();
  #aedes: Aedes | undefined;
  #gate: AddressGate | undefined;
  #tracker: DeviceTracker | undefined;
  #servers: Server[] = [];
  #ports: { tcp?: number; tls?: number } = {};

  constructor(deps: BrokerDeps) {
    super();
    // One listener per MQTT driver: a library has tens to a few hundred devices.
    this.setMaxListeners(1_000);
    this.#deps = deps;
  }

  /** Bound ports, once started (useful when configured with port 0). */
  get ports(): { tcp?: number; tls?: number } {
    return { ...this.#ports };
  }

  async start(signal: AbortSignal): Promise<void> {
    const { config, logger } = this.#deps;
    const now = this.#deps.now ?? Date.now;
    this.#gate = new AddressGate(config.maxConnectionsPerAddress);
    this.#tracker = new DeviceTracker({
      db: this.#deps.db,
      logger,
      now,
      emit: (e, ...a) => this.#emitSafely(e, ...a),
    });
    this.#aedes = await Aedes.createBroker({
      drainTimeout: config.drainTimeoutMs,
      connectTimeout: config.connectTimeoutMs,
      maxClientsIdLength: 64,
      authenticate: makeAuthenticate({ ...this.#deps, principals: this.#principals }),
      authorizePublish: makeAuthorizePublish({ principals: this.#principals, logger }),
      authorizeSubscribe: makeAuthorizeSubscribe({ principals: this.#principals, logger }),
    });
    this.#wireEvents(this.#aedes);
    const onConnection = (conn: Duplex, address: string | undefined) => this.handleConnection(conn, address);
    const tcp = await listenTcp(config, onConnection);
    this.#servers.push(tcp.server);
    this.#ports.tcp = tcp.port;
    if (config.tls) {
      const tls = await listenTls(config.tls, config.host, onConnection);
      this.#servers.push(tls.server);
      this.#ports.tls = tls.port;
    }
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    logger.info({ ports: this.#ports }, 'mqtt broker listening');
  }

  async stop(): Promise<void> {
    const aedes = this.#aedes;
    if (!aedes) return;
    this.#aedes = undefined;
    this.#tracker?.allOffline(this.#connectedDevices());
    this.#clients.clear();
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    for (const conn of this.#conns) conn.destroy();
    await Promise.all(this.#servers.map(closeServer));
    this.#servers = [];
    this.#ports = {};
  }

  /** Hands one transport connection (TCP, TLS or WebSocket stream) to aedes, behind the guards. */
  handleConnection(conn: Duplex, remoteAddress: string | undefined, req?: IncomingMessage): void {
    const aedes = this.#aedes;
    const address = remoteAddress ?? 'unknown';
    if (!aedes || !this.#gate?.admit(address, conn)) {
      this.#deps.logger.warn({ address }, 'mqtt connection refused: broker stopped or address at its limit');
      conn.destroy();
      return;
    }
    this.#conns.add(conn);
    conn.once('close', () => this.#conns.delete(conn));
    guardPacketSize(conn, this.#deps.config.maxPacketSize, () =>
      this.#deps.logger.warn({ address }, 'mqtt packet over the size limit; connection closed'),
    );
    aedes.handle(conn, req);
  }

  isOnline(deviceId: string): boolean {
    return this.#tracker?.isOnline(deviceId) ?? false;
  }

  /** Publishes a validated command to a registered, unrevoked device (QoS 1, never retained). */
  async publishCommand(deviceId: string, command: Command): Promise<void> {
    const aedes = this.#aedes;
    if (!aedes) throw new Error('broker is not running');
    const device = findDevice(this.#deps.db, deviceId);
    if (!device || device.revoked_at !== null) throw new Error(`no such device ${deviceId}`);
    const payload = Buffer.from(encodePayload('command', Command.parse(command)));
    const topic = deviceTopic(device.library_id, device.id, 'command');
    await new Promise<void>((resolve, reject) =>
      aedes.publish({ cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  /**
   * Publishes `command` and waits for its ack (matched by transaction id). Null on timeout: the
   * caller must then treat the lock as `unknown`, never guess.
   */
  async request(deviceId: string, command: Command, timeoutMs: number): Promise<CommandAck | null> {
    const { promise, resolve } = withResolvers<CommandAck | null>();
    const onAck = (e: BrokerEvents['device:ack'][0]) => {
      if (e.deviceId === deviceId && e.ack.id === command.id) resolve(e.ack);
    };
    const timer = setTimeout(() => resolve(null), timeoutMs);
    this.on('device:ack', onAck);
    try {
      await this.publishCommand(deviceId, command);
      return await promise;
    } finally {
      clearTimeout(timer);
      this.off('device:ack', onAck);
    }
  }

  /** Closes a device's connection (after revoking it, say); it cannot come back if revoked. */
  disconnectDevice(deviceId: string): boolean {
    const client = this.#clients.get(deviceId);
    client?.close();
    return client !== undefined;
  }

  #wireEvents(aedes: Aedes): void {
    aedes.on('clientReady', (client) => this.#guarded('clientReady', () => this.#onReady(client)));
    aedes.on('clientDisconnect', (client) => this.#guarded('clientDisconnect', () => this.#onGone(client)));
    aedes.on('publish', (packet, client) => this.#guarded('publish', () => this.#onPublish(packet, client)));
    aedes.on('clientError', (client, err) =>
      this.#deps.logger.debug({ clientId: client.id, err: err.message }, 'mqtt client error'),
    );
    aedes.on('connectionError', (client, err) =>
      this.#deps.logger.debug({ clientId: client.id, err: err.message }, 'mqtt connection error'),
    );
  }

  #deviceOf(client: Client | null): DeviceRef | undefined {
    const principal = client ? this.#principals.get(client) : undefined;
    if (principal?.role !== 'device') return undefined;
    return { deviceId: principal.deviceId, libraryId: principal.libraryId, kind: principal.kind };
  }

  #onReady(client: Client): void {
    const device = this.#deviceOf(client);
    if (!device) return;
    this.#clients.set(device.deviceId, client);
    this.#tracker?.setOnline(device, true);
    this.#publishAvailability(device, 'online');
  }

  #onGone(client: Client): void {
    const device = this.#deviceOf(client);
    // A session taken over by a newer connection of the same device is not an outage.
    if (!device || this.#clients.get(device.deviceId) !== client) return;
    this.#clients.delete(device.deviceId);
    this.#tracker?.setOnline(device, false);
    this.#publishAvailability(device, 'offline');
  }

  #onPublish(packet: AedesPublishPacket, client: Client | null): void {
    const device = this.#deviceOf(client);
    if (!device || this.#clients.get(device.deviceId) !== client) return;
    this.#tracker?.onPublish(device, packet.topic, packet.payload as Uint8Array);
  }

  /** The broker speaks for the device too, so availability is right even without a last will. */
  #publishAvailability(device: DeviceRef, word: 'online' | 'offline'): void {
    const topic = deviceTopic(device.libraryId, device.deviceId, 'availability');
    this.#aedes?.publish(
      { cmd: 'publish', topic, payload: Buffer.from(word), qos: 1, retain: true, dup: false },
      (err) => {
        if (err) this.#deps.logger.warn({ err, topic }, 'mqtt availability publish failed');
      },
    );
  }

  #connectedDevices(): DeviceRef[] {
    return [...this.#clients.values()].flatMap((client) => this.#deviceOf(client) ?? []);
  }

  #guarded(what: string, work: () => void): void {
    try {
      work();
    } catch (err) {
      this.#deps.logger.error({ err, what }, 'mqtt broker handler failed');
    }
  }

  /** Each listener runs on its own, so one that throws cannot starve the others or aedes. */
  #emitSafely<K extends keyof BrokerEvents>(event: K, ...args: BrokerEvents[K]): void {
    for (const listener of this.listeners(event)) {
      try {
        (listener as (...a: BrokerEvents[K]) => void)(...args);
      } catch (err) {
        this.#deps.logger.error({ err, event }, 'broker event listener threw');
      }
    }
  }
}

function withResolvers<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
