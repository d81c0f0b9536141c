/**
 * The broker's other transports with real clients: TLS with a self-signed certificate made by
 * openssl at test time, and MQTT over WebSocket at `/mqtt` on a shared http.Server that leaves every
 * other path's upgrades alone (socket.io lives there).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ensureDebianPackage, type Harness, LIB, STAFF_TOKEN, startHarness } from './test-harness.ts';
import { attachWebSocket } from './websocket.ts';

describe('broker transports', () => {
  let h: Harness | undefined;
  let http: Server | undefined;
  const dirs: string[] = [];
  beforeAll(() => ensureDebianPackage('openssl', 'openssl'));
  afterEach(async () => {
    if (http) await new Promise((r) => http?.close(r));
    http = undefined;
    await h?.close();
    h = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('serves MQTT over TLS with the configured certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studyspot-tls-'));
    dirs.push(dir);
    const certPath = join(dir, 'cert.pem');
    const keyPath = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: 'ignore' },
    );
    h = await startHarness({ tls: { port: 0, certPath, keyPath } });
    const port = h.broker.ports.tls as number;
    expect(port).toBeGreaterThan(0);
    const secret = await h.addDevice('door-1', 'lock');
    const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${port}`, {
      username: 'door-1',
      password: secret,
      clientId: 'door-1',
      ca: readFileSync(certPath),
      servername: 'localhost',
      reconnectPeriod: 0,
    });
    expect(client.connected).toBe(true);
    await client.endAsync(true);
  });

  it('serves MQTT over WebSocket at /mqtt only, leaving other upgrade paths alone', async () => {
    h = await startHarness();
    const server = createServer();
    http = server;
    const detach = attachWebSocket(server, h.broker);
    const others: string[] = [];
    server.on('upgrade', (req, socket) => {
      if (req.url?.startsWith('/socket.io')) {
        others.push(req.url);
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const staff = await mqtt.connectAsync(`ws://127.0.0.1:${port}/mqtt`, {
      username: 'staff',
      password: STAFF_TOKEN,
      reconnectPeriod: 0,
    });
    const granted = await staff.subscribeAsync(`studyspot/${LIB}/devices/#`, { qos: 1 });
    expect(granted[0]?.qos).toBe(1);
    await staff.endAsync(true);

    const other = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    const outcome = await new Promise<string>((resolve) => {
      other.once('open', () => resolve('open'));
      other.once('error', (err) => resolve(err.message));
    });
    expect(outcome).toMatch(/404/);
    expect(others).toHaveLength(1);
    detach();
  });
});
