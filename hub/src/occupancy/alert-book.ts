/**
 * The open alerts, keyed by what each one is about (`ghost_occupancy:<seat>`,
 * `environment:<sensor>:co2Ppm:above`, …), so one episode raises one alert however many readings
 * repeat it. Raising writes the audit row in its own transaction first and publishes
 * `alert:raised` only after it commits; if the write fails nothing is opened, and the next
 * evaluation tries again. Clearing publishes `alert:cleared` with the instant in `detail.clearedAt`.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Alert, HubBus } from '../events.ts';
import type { Db } from '../store/db.ts';
import { decide } from '../store/db.ts';
import { audit, system } from '../store/ledger.ts';

export type AlertDraft = Omit<Alert, 'id' | 'at'>;

export class AlertBook {
  readonly #db: Db;
  readonly #bus: HubBus;
  readonly #open = new Map<string, Alert>();

  constructor(db: Db, bus: HubBus) {
    this.#db = db;
    this.#bus = bus;
  }

  has(key: string): boolean {
    return this.#open.has(key);
  }

  get(key: string): Alert | undefined {
    return this.#open.get(key);
  }

  /** Open alerts, oldest first. */
  list(): Alert[] {
    return [...this.#open.values()];
  }

  /** Opens the alert unless one is already open under `key`; returns it only when newly raised. */
  raise(key: string, draft: AlertDraft, now: number): Alert | null {
    if (this.#open.has(key)) return null;
    const alert: Alert = { id: uuidv7(), at: now, ...draft };
    const { kind, severity, message, detail } = alert;
    decide(this.#db, () =>
      audit(
        this.#db,
        system,
        'alert.raised',
        alert.subject,
        { alertId: alert.id, kind, severity, message, detail },
        now,
      ),
    );
    this.#open.set(key, alert);
    this.#bus.emit('alert:raised', alert);
    return alert;
  }

  /** Closes the alert open under `key`, if any. */
  clear(key: string, now: number): Alert | null {
    const alert = this.#open.get(key);
    if (!alert) return null;
    this.#open.delete(key);
    const cleared = { ...alert, detail: { ...alert.detail, clearedAt: now } };
    this.#bus.emit('alert:cleared', cleared);
    return cleared;
  }
}
