/**
 * The broker's TCP and optional TLS listeners. Each accepted socket is handed to `onConnection`
 * (which applies the connection guards and gives it to aedes); `listen` resolves with the bound
 * port (so port 0 works in tests) and rejects on EADDRINUSE and friends instead of crashing.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { BrokerConfig } from './config.ts';

export type OnConnection = (conn: Socket, remoteAddress: string | undefined) => void;

export interface Listening {
  server: Server;
  port: number;
}

function listen(server: Server, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

export function listenTcp(config: BrokerConfig, onConnection: OnConnection): Promise<Listening> {
  // noDelay: commands and acks are tiny; Nagle plus delayed ACKs added ~40 ms to every unlock.
  const server = createServer({ noDelay: true }, (socket) => onConnection(socket, socket.remoteAddress));
  return listen(server, config.port, config.host);
}

export async function listenTls(
  tls: NonNullable<BrokerConfig['tls']>,
  host: string,
  onConnection: OnConnection,
): Promise<Listening> {
  const [cert, key] = await Promise.all([readFile(tls.certPath), readFile(tls.keyPath)]);
  const server = createTlsServer({ cert, key, minVersion: 'TLSv1.2' }, (socket) => {
    socket.setNoDelay(true);
    onConnection(socket, socket.remoteAddress);
  });
  // A failed handshake is the client's problem, not ours; the socket is already destroyed.
  server.on('tlsClientError', () => {});
  return listen(server, tls.port, host);
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
