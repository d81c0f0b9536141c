/**
 * The library's slowly-changing setup — library, policy, zones, seats, shifts, plans — read into
 * memory once and reloaded when it changes (seed, shape sync, seat out-of-service), so each
 * booking decision does not re-read and re-parse it.
 */
import type { Library, Plan, Policy, Seat, Shift, Zone } from '@studyspot/core';
import type { Db } from './db.ts';
import type { LibraryRow, PlanRow, SeatRow } from './rows.ts';
import { toLibrary, toPlan, toSeat, toShift, toZone } from './rows.ts';

export interface CatalogData {
  library: Library;
  policy: Policy;
  zones: Zone[];
  seats: Seat[];
  shifts: Shift[];
  plans: Plan[];
}

export class Catalog {
  readonly #db: Db;
  #data: CatalogData | null = null;
  #seatsById = new Map<string, Seat>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** Re-reads everything; call after any write to the tables above. */
  reload(): void {
    const row = this.#db.prepare('SELECT * FROM libraries LIMIT 1').get() as LibraryRow | undefined;
    if (!row) {
      this.#data = null;
      this.#seatsById.clear();
      return;
    }
    const { library, policy } = toLibrary(row);
    const all = <T>(sql: string) => this.#db.prepare(sql).all(library.id) as T[];
    const seats = all<SeatRow>('SELECT * FROM seats WHERE library_id = ? ORDER BY number').map(toSeat);
    this.#data = {
      library,
      policy,
      zones: all<Parameters<typeof toZone>[0]>('SELECT * FROM zones WHERE library_id = ? ORDER BY name').map(
        toZone,
      ),
      seats,
      shifts: all<Parameters<typeof toShift>[0]>(
        'SELECT * FROM shifts WHERE library_id = ? ORDER BY start',
      ).map(toShift),
      plans: all<PlanRow>('SELECT * FROM plans WHERE library_id = ? ORDER BY name').map(toPlan),
    };
    this.#seatsById = new Map(seats.map((s) => [s.id, s]));
  }

  get loaded(): boolean {
    return this.#data !== null;
  }

  get data(): CatalogData {
    if (!this.#data) this.reload();
    if (!this.#data) throw new Error('no library is set up on this hub yet');
    return this.#data;
  }

  seat(id: string): Seat | undefined {
    if (!this.#data) this.reload();
    return this.#seatsById.get(id);
  }
}
