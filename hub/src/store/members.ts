/**
 * Members and their memberships on this hub. Members are replicated from the cloud and can also be
 * created at the desk (pushed up through the outbox); memberships likewise.
 */
import type { Member, Membership } from '@studyspot/core';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from './db.ts';
import { nextRev } from './db.ts';
import { appendOutbox } from './outbox.ts';
import type { MemberRow, MembershipRow } from './rows.ts';
import { toMember, toMembership } from './rows.ts';

export interface NewMember {
  name: string;
  phone: string;
  email: string | null;
}

export class MemberStore {
  readonly #db: Db;
  readonly #byId;
  readonly #byPhone;
  readonly #memberships;

  constructor(db: Db) {
    this.#db = db;
    this.#byId = db.prepare('SELECT * FROM members WHERE id = ?');
    this.#byPhone = db.prepare('SELECT * FROM members WHERE library_id = ? AND phone = ?');
    this.#memberships = db.prepare(
      `SELECT * FROM memberships WHERE member_id = ? AND status IN ('active','provisional') ORDER BY starts_on`,
    );
  }

  byId(id: string): Member | null {
    const row = this.#byId.get(id) as MemberRow | undefined;
    return row ? toMember(row) : null;
  }

  byPhone(libraryId: string, phone: string): Member | null {
    const row = this.#byPhone.get(libraryId, phone) as MemberRow | undefined;
    return row ? toMember(row) : null;
  }

  /** Name or phone contains `query`, ordered by name, keyset-paged by (name, id). */
  search(query: string, limit: number, after?: { name: string; id: string }): Member[] {
    const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.#db
      .prepare(
        `SELECT * FROM members WHERE (name LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\')
         AND (? IS NULL OR name > ? OR (name = ? AND id > ?))
         ORDER BY name, id LIMIT ?`,
      )
      .all(
        like,
        like,
        after?.name ?? null,
        after?.name ?? null,
        after?.name ?? null,
        after?.id ?? null,
        limit,
      );
    return (rows as MemberRow[]).map(toMember);
  }

  /** Creates a member; call inside a write transaction. */
  create(libraryId: string, input: NewMember, now: number): Member {
    const member: Member = { id: uuidv7(), libraryId, ...input, status: 'active', createdAt: now };
    this.#db
      .prepare(
        `INSERT INTO members (id, library_id, name, phone, email, status, created_at, rev)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        member.id,
        libraryId,
        member.name,
        member.phone,
        member.email,
        member.status,
        now,
        nextRev(this.#db),
      );
    appendOutbox(this.#db, 'member.upsert', member.id, member, now);
    return member;
  }

  memberships(memberId: string): Membership[] {
    return (this.#memberships.all(memberId) as MembershipRow[]).map(toMembership);
  }
}
