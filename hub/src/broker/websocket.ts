/**
 * MQTT over WebSocket for the staff dashboard, on the hub's existing HTTP server at `/mqtt`. Uses
 * `ws` with `noServer` and the server's 'upgrade' event, and only ever touches upgrades for `/mqtt`:
 * socket.io shares the server and handles its own path. Returns a function that detaches it.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { Broker } from './broker.ts';

export const MQTT_WS_PATH = '/mqtt';

export function attachWebSocket(server: Server, broker: Broker, maxPayload = 64 * 1024): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== MQTT_WS_PATH) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      // The stream may error after the broker closed it (a half-sent frame); aedes has its own handler.
      stream.on('error', () => {});
      broker.handleConnection(stream, req.socket.remoteAddress, req);
    });
  };
  server.on('upgrade', upgrade);
  return () => {
    server.off('upgrade', upgrade);
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}
