/**
 * The `reminders` task on Postgres and PGlite: a confirmed booking within the lead time of a
 * linked member gets one reminder however often (and however many replicas) run; later, cancelled,
 * started and unlinked bookings get none; a membership whose last day is 5 days after the
 * library's local today (Asia/Kolkata, which is a day ahead of UTC at NOW) gets one renewal notice,
 * renewed ones and 4 or 6 days none; a backlog beyond the batch drains run by run; and
 * runCloud's background component runs it.
 */
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SeededTenant, seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { startBillingRuntime } from '../billing/runtime.ts';
import { loadCloudConfig } from '../config.ts';
import type { Database } from '../db/types.ts';
import { messageId } from './notify.ts';
import { remindersTask } from './reminders.ts';
import { SqlNotificationOutbox } from './sql-outbox.ts';

const MINUTE = 60_000;
/** 01:30 on 11 March in Asia/Kolkata (the seeded libraries' zone), still 10 March in UTC. */
const NOW = Date.parse('2026-03-10T20:00:00Z');

interface Student extends SeededTenant {
  userId: string;
  /** The member linked to `userId` (the seeded `memberId` has no account). */
  linkedMemberId: string;
  planId: string;
}

let seq = 0;

async function seedStudent(db: Database, kind: string): Promise<Student> {
  seq++;
  const t = await seedTenant(db, `reminders-${kind}-${seq}`);
  return db.platform(async (tx) => {
    const phone = `+9190000${String(seq).padStart(5, '0')}`;
    const [user] = await tx.query<{ id: string }>(
      `INSERT INTO users (role, phone) VALUES ('student', $1) RETURNING id`,
      [phone],
    );
    const [member] = await tx.query<{ id: string }>(
      `INSERT INTO members (tenant_id, library_id, user_id, name, phone) VALUES ($1, $2, $3, 'Ravi', $4) RETURNING id`,
      [t.tenantId, t.libraryId, user?.id, phone],
    );
    const [plan] = await tx.query<{ id: string }>('SELECT id FROM plans WHERE tenant_id = $1', [t.tenantId]);
    if (!user || !member || !plan) throw new Error('seed failed');
    return { ...t, userId: user.id, linkedMemberId: member.id, planId: plan.id };
  });
}

async function book(
  db: Database,
  s: Student,
  startsAt: number,
  state = 'confirmed',
  memberId = s.linkedMemberId,
) {
  const id = crypto.randomUUID();
  await db.platform((tx) =>
    tx.query(
      `INSERT INTO bookings (tenant_id, id, library_id, seat_id, member_id, starts_at, ends_at, state, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'remote')`,
      [
        s.tenantId,
        id,
        s.libraryId,
        s.seatId,
        memberId,
        new Date(startsAt),
        new Date(startsAt + 60 * MINUTE),
        state,
      ],
    ),
  );
  return id;
}

async function membership(db: Database, s: Student, startsOn: string, endsOn: string): Promise<string> {
  const [row] = await db.platform((tx) =>
    tx.query<{ id: string }>(
      `INSERT INTO memberships (tenant_id, library_id, member_id, plan_id, starts_on, ends_on, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'active') RETURNING id`,
      [s.tenantId, s.libraryId, s.linkedMemberId, s.planId, startsOn, endsOn],
    ),
  );
  if (!row) throw new Error('no membership');
  return row.id;
}

describe.each(backends)('reminders on %s', (kind) => {
  const t = useTestDatabase(kind);
  const messagesOf = (s: Student) => new SqlNotificationOutbox(t().db).list({ tenantId: s.tenantId });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('a confirmed booking 45 minutes ahead gets exactly one reminder across three runs', async () => {
    const s = await seedStudent(t().db, kind);
    const bookingId = await book(t().db, s, NOW + 45 * MINUTE);
    const task = remindersTask(t().db);
    const runs = [await task.run(NOW), await task.run(NOW + MINUTE), await task.run(NOW + 2 * MINUTE)];
    expect(runs.map((r) => r.reminders)).toEqual([1, 0, 0]);
    const messages = await messagesOf(s);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      id: messageId('booking_reminder', bookingId, 'sms'),
      userId: s.userId,
      timeZone: 'Asia/Kolkata',
      status: 'pending',
      nextAttemptAt: NOW,
      expiresAt: NOW + 45 * MINUTE,
      content: {
        kind: 'booking_reminder',
        vars: { seatLabel: 'A1', startsAt: NOW + 45 * MINUTE, minutesBefore: 45 },
      },
    });
  });

  it('a booking 3 hours ahead gets none yet, and one once it is within the lead time', async () => {
    const s = await seedStudent(t().db, kind);
    const startsAt = NOW + 3 * 60 * MINUTE;
    await book(t().db, s, startsAt);
    const task = remindersTask(t().db);
    await task.run(NOW);
    expect(await messagesOf(s)).toEqual([]);
    await task.run(startsAt - 60 * MINUTE);
    expect((await messagesOf(s)).map((m) => m.content)).toEqual([
      expect.objectContaining({ vars: expect.objectContaining({ minutesBefore: 60 }) }),
    ]);
  });

  it('cancelled, already started and unlinked-member bookings get none', async () => {
    const s = await seedStudent(t().db, kind);
    await book(t().db, s, NOW + 30 * MINUTE, 'cancelled');
    await book(t().db, s, NOW - 5 * MINUTE, 'checked_in');
    await book(t().db, s, NOW - 70 * MINUTE, 'confirmed');
    const other = { ...s, seatId: await secondSeat(t().db, s) };
    await book(t().db, other, NOW + 20 * MINUTE, 'confirmed', s.memberId);
    await remindersTask(t().db).run(NOW);
    expect(await messagesOf(s)).toEqual([]);
  });

  it('two replicas running at once enqueue one reminder', async () => {
    const s = await seedStudent(t().db, kind);
    await book(t().db, s, NOW + 10 * MINUTE);
    await Promise.all([remindersTask(t().db).run(NOW), remindersTask(t().db).run(NOW)]);
    expect(await messagesOf(s)).toHaveLength(1);
  });

  it('a backlog larger than the batch drains over the following runs', async () => {
    const s = await seedStudent(t().db, kind);
    await book(t().db, s, NOW + 10 * MINUTE);
    await book(t().db, { ...s, seatId: await secondSeat(t().db, s) }, NOW + 20 * MINUTE);
    const task = remindersTask(t().db, { batchSize: 1 });
    const runs = [await task.run(NOW), await task.run(NOW), await task.run(NOW)];
    expect(runs.map((r) => r.reminders)).toEqual([1, 1, 0]);
    expect(await messagesOf(s)).toHaveLength(2);
  });

  it('a membership ending 5 local days from today gets one renewal notice; 4 or 6 days none', async () => {
    const s = await seedStudent(t().db, kind);
    // Local today is 2026-03-11 in Asia/Kolkata; the 15th is 5 days after UTC's today, 4 after the library's.
    await membership(t().db, s, '2026-02-15', '2026-03-15');
    const due = await membership(t().db, s, '2026-02-16', '2026-03-16');
    await membership(t().db, s, '2026-02-17', '2026-03-17');
    const task = remindersTask(t().db);
    const runs = [await task.run(NOW), await task.run(NOW + 60 * MINUTE), await task.run(NOW + 120 * MINUTE)];
    expect(runs.map((r) => r.renewals)).toEqual([1, 0, 0]);
    const messages = await messagesOf(s);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      id: messageId('membership_renewal_due', due, 'sms'),
      userId: s.userId,
      // 09:00 IST on 11 March; the notice expires with the membership's last minute (23:59 IST on the 16th).
      nextAttemptAt: Date.parse('2026-03-11T03:30:00Z'),
      expiresAt: Date.parse('2026-03-16T18:29:00Z'),
      content: {
        kind: 'membership_renewal_due',
        vars: { planName: 'Monthly morning', amount: 177_000, expiresAt: Date.parse('2026-03-16T18:29:00Z') },
      },
    });
  });

  it('a membership already renewed gets no renewal notice', async () => {
    const s = await seedStudent(t().db, kind);
    await membership(t().db, s, '2026-02-16', '2026-03-16');
    await membership(t().db, s, '2026-03-17', '2026-04-15');
    await remindersTask(t().db).run(NOW);
    expect(await messagesOf(s)).toEqual([]);
  });

  it('runs in the background component startBillingRuntime builds', async () => {
    const s = await seedStudent(t().db, kind);
    const bookingId = await book(t().db, s, NOW + 30 * MINUTE);
    const config = loadCloudConfig({}, { logLevel: 'silent' });
    const runtime = startBillingRuntime(t().db, pino({ level: 'silent' }), config, { env: {} });
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    await runtime.background.tick();
    vi.useRealTimers();
    const message = await runtime.messaging.outbox.get(messageId('booking_reminder', bookingId, 'sms'));
    expect(message?.content.kind).toBe('booking_reminder');
  });
});

async function secondSeat(db: Database, s: Student): Promise<string> {
  const [row] = await db.platform((tx) =>
    tx.query<{ id: string }>(
      `INSERT INTO seats (tenant_id, library_id, zone_id, number) VALUES ($1, $2, $3, 'A2') RETURNING id`,
      [s.tenantId, s.libraryId, s.zoneId],
    ),
  );
  if (!row) throw new Error('no seat');
  return row.id;
}
