/**
 * In-memory `EventLedger` for tests and for a process without a database. The cloud's SQL
 * implementation is `INSERT INTO webhook_events (provider, event_id) … ON CONFLICT DO NOTHING`
 * (true when a row was inserted), ideally in the same transaction as the event's effects.
 */
import type { EventLedger, ProviderName } from './types.ts';

export class MemoryEventLedger implements EventLedger {
  readonly #seen = new Set<string>();

  async recordOnce(provider: ProviderName, eventId: string): Promise<boolean> {
    const key = `${provider}\u0000${eventId}`;
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }

  async release(provider: ProviderName, eventId: string): Promise<void> {
    this.#seen.delete(`${provider}\u0000${eventId}`);
  }

  get size(): number {
    return this.#seen.size;
  }
}
