/**
 * Live updates for the desk and kiosks: socket.io on the HTTP server. A client authenticates with
 * its staff or kiosk bearer token in `auth.token` (refused otherwise); every committed booking
 * change is pushed as `seat:changed` and every waitlist change as `waitlist:changed` to all
 * authenticated sockets, with device changes, alerts and entrance decisions (`entry:scanned`).
 */
import type { Server as HttpServer } from 'node:http';
import type { WaitlistEntry } from '@studyspot/core';
import { Server } from 'socket.io';
import type { Authenticator } from './auth/authenticator.ts';
import type { Alert, EntryScan, HubBus, HubEvents } from './events.ts';

export interface SeatChanged {
  seatId: string;
  state: string;
  bookingId: string;
  startsAt: number;
  endsAt: number;
}

export interface ServerToClient {
  'seat:changed': (change: SeatChanged) => void;
  'waitlist:changed': (entry: WaitlistEntry) => void;
  'alert:raised': (alert: Alert) => void;
  'alert:cleared': (alert: Alert) => void;
  'device:changed': (device: HubEvents['device:changed'][0]) => void;
  'entry:scanned': (scan: EntryScan) => void;
}

export interface Realtime {
  io: Server<Record<string, never>, ServerToClient>;
  close(): Promise<void>;
}

const ROOM = 'authenticated';

export function attachRealtime(server: HttpServer, bus: HubBus, auth: Authenticator): Realtime {
  const io = new Server<Record<string, never>, ServerToClient>(server, { serveClient: false });
  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    const principal = typeof token === 'string' ? auth.resolve(token) : null;
    if (!principal) return next(new Error('unauthorized'));
    socket.data = { actor: principal.actor };
    return next();
  });
  io.on('connection', (socket) => {
    void socket.join(ROOM);
  });
  const off = [
    bus.on('booking:changed', (b) => {
      io.to(ROOM).emit('seat:changed', {
        seatId: b.seatId,
        state: b.state,
        bookingId: b.id,
        startsAt: b.startsAt,
        endsAt: b.endsAt,
      });
    }),
    bus.on('waitlist:changed', (entry) => {
      io.to(ROOM).emit('waitlist:changed', entry);
    }),
    // Jammed, unavailable and unknown locks, offline sensors and alerts reach the dashboard live.
    bus.on('device:changed', (device) => {
      io.to(ROOM).emit('device:changed', device);
    }),
    bus.on('alert:raised', (alert) => {
      io.to(ROOM).emit('alert:raised', alert);
    }),
    bus.on('alert:cleared', (alert) => {
      io.to(ROOM).emit('alert:cleared', alert);
    }),
    // The kiosk shows what a serial or MQTT reader at the door decided.
    bus.on('entry:scanned', (scan) => {
      io.to(ROOM).emit('entry:scanned', scan);
    }),
  ];
  return {
    io,
    close: async () => {
      for (const unsubscribe of off) unsubscribe();
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}
