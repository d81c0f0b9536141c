/**
 * `npm start`: the demo hub. Seeds the demo library into the data directory on first run (default
 * ./.data), starts the hub with it, and prints where to look and how to log in. Ctrl-C stops it.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { runHub } from './main.ts';
import { demoLogin, seedDemo } from './seed.ts';
import { openDb } from './store/db.ts';

async function demo(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const db = openDb(join(dataDir, 'hub.db'));
  const ids = await seedDemo(db);
  db.close();
  const hub = await runHub(config).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /EADDRINUSE/.test(message)
      ? ' (another program uses that port: set HUB_HTTP_PORT / HUB_MQTT_PORT)'
      : '';
    console.error(`the demo hub failed to start: ${message}${hint}`);
    process.exit(1);
  });
  const base = hub.url.replace('0.0.0.0', 'localhost');
  console.log(`
StudySpot demo hub — ${ids ? 'Gyan Study Library, Koramangala (demo data)' : 'existing library'}
  data directory   ${dataDir}
  LAN API          ${base}/api/v1      (OpenAPI: ${base}/api/v1/openapi.json)
  health, metrics  ${base}/health  ${base}/metrics
  live updates     socket.io at ${base}   MQTT over WebSocket at ${base.replace('http', 'ws')}/mqtt
  MQTT (devices)   mqtt://localhost:${hub.mqttPort ?? '-'}
  staff login      username '${demoLogin.username}', password '${demoLogin.password}' (PIN ${demoLogin.pin})

  try:  curl -s -XPOST ${base}/api/v1/auth/login -H 'content-type: application/json' \\
          -d '{"username":"${demoLogin.username}","password":"${demoLogin.password}"}'
Ctrl-C stops the hub.`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    hub.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await demo();
