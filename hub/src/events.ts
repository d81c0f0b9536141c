/**
 * The hub's typed event bus. Components publish facts after their transaction commits; listeners
 * (socket.io, metrics, device drivers) react. Each listener is isolated: one that throws is logged
 * and the others still run.
 */
import { EventEmitter } from 'node:events';
import type { Booking, WaitlistEntry } from '@studyspot/core';
import type { EntryResult } from './entry/entry-desk.ts';

/** Something staff should see now: ghost occupancy, an abandoned seat, an environment reading out of range, a device fault. */
export interface Alert {
  id: string;
  kind: 'ghost_occupancy' | 'abandoned' | 'environment' | 'device';
  severity: 'info' | 'warning' | 'critical';
  subject: string;
  message: string;
  at: number;
  detail: Record<string, unknown>;
}

export interface HubEvents {
  'booking:changed': [booking: Booking, previous: Booking | null];
  'waitlist:changed': [entry: WaitlistEntry];
  'membership:started': [membershipId: string, memberId: string];
  'alert:raised': [alert: Alert];
  'alert:cleared': [alert: Alert];
  'device:changed': [device: { id: string; role: 'lock' | 'sensor' | 'reader'; state: string; at: number }];
  /** An entrance decision, whoever scanned (a reader device, a kiosk, the desk), for the kiosk screen. */
  'entry:scanned': [scan: EntryScan];
}

/** What the entrance answered a scan, and who scanned it. */
export interface EntryScan {
  via: { kind: string; id: string };
  at: number;
  result: EntryResult;
}

export type HubEventName = keyof HubEvents;

export class HubBus {
  readonly #emitter = new EventEmitter();
  readonly #onError: (event: string, error: unknown) => void;

  constructor(onError: (event: string, error: unknown) => void = () => {}) {
    this.#onError = onError;
    this.#emitter.setMaxListeners(100);
  }

  on<E extends HubEventName>(event: E, listener: (...args: HubEvents[E]) => void): () => void {
    const safe = (...args: HubEvents[E]) => {
      try {
        listener(...args);
      } catch (error) {
        this.#onError(event, error);
      }
    };
    this.#emitter.on(event, safe as (...args: unknown[]) => void);
    return () => this.#emitter.off(event, safe as (...args: unknown[]) => void);
  }

  emit<E extends HubEventName>(event: E, ...args: HubEvents[E]): void {
    this.#emitter.emit(event, ...args);
  }
}
