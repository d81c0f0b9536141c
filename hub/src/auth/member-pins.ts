/**
 * Members' kiosk PINs: a walk-in member types phone + PIN at the entrance tablet instead of showing
 * a pass. Staff set the PIN at the desk; only its argon2 hash is kept, in the hub's local `meta`
 * table under `member_pin:<memberId>` — a hub-local secret that never goes to the outbox or the
 * cloud (ADR 0020), so no migration and no replicated column. An unknown member still costs one
 * argon2 verify, so the time taken does not say which phones are members.
 */
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../store/db.ts';

const key = (memberId: string) => `member_pin:${memberId}`;

export class MemberPins {
  readonly #get;
  readonly #set;
  #decoy: Promise<string> | null = null;

  constructor(db: Db) {
    this.#get = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    this.#set = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  async set(memberId: string, pin: string): Promise<void> {
    this.#set.run(key(memberId), await hash(pin));
  }

  has(memberId: string): boolean {
    return this.#get.get(key(memberId)) !== undefined;
  }

  /** True when `memberId` has a PIN and it is `pin`; null `memberId` is an unknown phone. */
  async verify(memberId: string | null, pin: string): Promise<boolean> {
    const stored = memberId ? (this.#get.get(key(memberId)) as string | undefined) : undefined;
    if (!stored) {
      this.#decoy ??= hash('decoy-pin');
      await verify(await this.#decoy, pin).catch(() => false);
      return false;
    }
    return verify(stored, pin).catch(() => false);
  }
}
