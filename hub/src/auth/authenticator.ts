/**
 * Who is calling: resolves a bearer token to a principal — a staff member (via their session) or a
 * kiosk device — shared by the HTTP middleware and the socket.io handshake. Roles are coarse:
 * `staff` (which includes owners) may do everything; `kiosk` only what a route allows it; `member`
 * (a student with a cloud access token, HTTP only) only their own data. `resolveBearer` also
 * accepts cloud access tokens, verified offline (cloud-tokens.ts, ADR 0024).
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import type { Actor } from '../store/ledger.ts';
import { CloudTokens, isJwtShaped } from './cloud-tokens.ts';
import { KioskDevices } from './kiosk-devices.ts';
import type { StaffRole } from './staff-sessions.ts';
import { StaffSessions } from './staff-sessions.ts';

export type Role = 'staff' | 'kiosk' | 'member';

export interface Principal {
  actor: Actor;
  role: Role;
  name: string;
  staffRole: StaffRole | null;
}

export class Authenticator {
  readonly sessions: StaffSessions;
  readonly kiosks: KioskDevices;
  readonly cloudTokens: CloudTokens;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.sessions = new StaffSessions(db);
    this.kiosks = new KioskDevices(db);
    this.cloudTokens = new CloudTokens(db, clock);
    this.#clock = clock;
  }

  /** `resolve`, plus a cloud access token: an owner or staff of this library, or a member. */
  async resolveBearer(token: string): Promise<Principal | null> {
    if (!isJwtShaped(token)) return this.resolve(token);
    const caller = await this.cloudTokens.resolve(token);
    if (caller?.kind === 'staff')
      return {
        actor: { kind: 'staff', id: caller.staffId },
        role: 'staff',
        name: caller.name,
        staffRole: caller.role,
      };
    if (caller?.kind === 'member')
      return {
        actor: { kind: 'member', id: caller.memberId },
        role: 'member',
        name: caller.name,
        staffRole: null,
      };
    return null;
  }

  resolve(token: string): Principal | null {
    if (token.length === 0 || token.length > 128) return null;
    const staff = this.sessions.resolve(token, this.#clock.now());
    if (staff) {
      return {
        actor: { kind: 'staff', id: staff.id },
        role: 'staff',
        name: staff.name,
        staffRole: staff.role,
      };
    }
    const kiosk = this.kiosks.resolve(token);
    if (kiosk)
      return { actor: { kind: 'kiosk', id: kiosk.id }, role: 'kiosk', name: kiosk.name, staffRole: null };
    return null;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
