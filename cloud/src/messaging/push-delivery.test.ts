/**
 * Student messages by web push (ADR 0027) on Postgres and PGlite, through the real enqueue helpers
 * (in a tenant transaction, under RLS), the real worker and the `web-push` library against a local
 * push service that decrypts what it receives with the subscription's private key, as a browser
 * would: a subscribed student's booking confirmation goes by push with its title, body and app
 * screen; a student without a subscription, or opted out of push, gets SMS; a subscription the
 * push service calls gone (410) is cleared from the account and the message goes by SMS instead;
 * a redelivered cause is one message whichever channel the student has by then.
 */
import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { type PushStandIn, startPushStandIn } from '../../test/stand-ins/push-service.ts';
import { type SeededTenant, seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import type { Database } from '../db/types.ts';
import { renderMessage } from '../notifications/templates/render.ts';
import { createMessaging, forgetPushSubscription, type Messaging } from './index.ts';
import {
  notifyBookingConfirmed,
  notifyBookingReminder,
  notifyNoShowWarning,
  notifyPaymentReceipt,
  notifyWaitlistOffer,
} from './notify.ts';

const HOUR = 3_600_000;
const vapidKeys = webpush.generateVAPIDKeys();
const vapid = { subject: 'mailto:ops@studyspot.test', ...vapidKeys };

let push: PushStandIn;
let agent: Agent;
beforeAll(async () => {
  push = await startPushStandIn();
  agent = new Agent({ ca: push.ca });
});
afterAll(async () => {
  agent.destroy();
  await push.close();
});

interface Student extends SeededTenant {
  userId: string;
  phone: string;
}

let seq = 0;

async function seedStudent(db: Database, kind: string): Promise<Student> {
  seq++;
  const t = await seedTenant(db, `push-${kind}-${seq}`);
  const phone = `+9191100${String(seq).padStart(5, '0')}`;
  const userId = await db.platform(async (tx) => {
    const [user] = await tx.query<{ id: string }>(
      `INSERT INTO users (role, phone, name) VALUES ('student', $1, 'Meera') RETURNING id`,
      [phone],
    );
    if (!user) throw new Error('no user');
    await tx.query(
      `INSERT INTO members (tenant_id, library_id, user_id, name, phone) VALUES ($1, $2, $3, 'Meera', $4)`,
      [t.tenantId, t.libraryId, user.id, phone],
    );
    return user.id;
  });
  return { ...t, userId, phone };
}

/** What PATCH /v1/me stores: the subscription JSON, and the opted-out channels. */
async function setAccount(db: Database, s: Student, subscription: object | null, optedOut: string[] = []) {
  await db.platform((tx) =>
    tx.query('UPDATE users SET push_subscription = $2, opted_out = $3 WHERE id = $1', [
      s.userId,
      subscription,
      optedOut,
    ]),
  );
}

const storedSubscription = (db: Database, s: Student) =>
  db.platform(async (tx) => {
    const [row] = await tx.query<{ push_subscription: { endpoint: string } | null }>(
      'SELECT push_subscription FROM users WHERE id = $1',
      [s.userId],
    );
    return row?.push_subscription ?? null;
  });

describe.each(backends)('student messages by push on %s', (kind) => {
  const t = useTestDatabase(kind);
  let messaging: Messaging;
  const now = Date.now();
  const vars = {
    libraryName: 'Gyan Library',
    seatLabel: 'A-07',
    startsAt: now + 2 * HOUR,
    endsAt: now + 6 * HOUR,
  };

  beforeAll(() => {
    messaging = createMessaging(t().db, { config: { webPush: { vapid, agent } } });
  });

  /** Enqueues a booking confirmation in the tenant's transaction, as the cloud's producers do. */
  const confirm = (s: Student, bookingId: string) =>
    t().db.tenant(s.tenantId, (tx) =>
      notifyBookingConfirmed(
        tx,
        { tenantId: s.tenantId, userId: s.userId, timeZone: 'Asia/Kolkata' },
        bookingId,
        vars,
        now,
      ),
    );
  const smsTo = async (s: Student) =>
    (await messaging.localOutbox.list({ limit: 100 })).filter((e) => e.to === s.phone);

  it('a subscribed student gets the confirmation by push: title, body and the booking screen', async () => {
    const s = await seedStudent(t().db, kind);
    const { id: subscriptionId, ...subscription } = push.subscribe(vapidKeys.publicKey);
    await setAccount(t().db, s, subscription);
    const bookingId = crypto.randomUUID();
    const message = await confirm(s, bookingId);
    expect(message.channel).toBe('push');

    expect((await messaging.worker.tick(now)).sent).toBeGreaterThanOrEqual(1);
    expect(await messaging.outbox.get(message.id)).toMatchObject({ status: 'sent', provider: 'web-push' });
    const [delivered] = push.inbox(subscriptionId);
    const rendered = renderMessage({
      id: message.id,
      content: message.content,
      language: 'en',
      timeZone: 'Asia/Kolkata',
    });
    expect(JSON.parse(delivered?.payload ?? '{}')).toEqual({
      id: message.id,
      kind: 'booking_confirmed',
      title: rendered.subject,
      body: rendered.text,
      url: `#/bookings/${bookingId}`,
      tag: message.id,
    });
    expect(rendered.text).toContain('A-07');
    expect(await smsTo(s)).toEqual([]);
  });

  it('a student without a subscription, or opted out of push, gets SMS', async () => {
    const plain = await seedStudent(t().db, kind);
    const optedOut = await seedStudent(t().db, kind);
    const { id: subscriptionId, ...subscription } = push.subscribe(vapidKeys.publicKey);
    await setAccount(t().db, optedOut, subscription, ['push']);
    const [first, second] = [
      await confirm(plain, crypto.randomUUID()),
      await confirm(optedOut, crypto.randomUUID()),
    ];
    expect([first?.channel, second?.channel]).toEqual(['sms', 'sms']);
    await messaging.worker.tick(now);
    expect((await smsTo(plain)).map((e) => e.kind)).toEqual(['booking_confirmed']);
    expect((await smsTo(optedOut)).map((e) => e.kind)).toEqual(['booking_confirmed']);
    expect(push.inbox(subscriptionId)).toEqual([]);
  });

  it('a gone subscription (410) is cleared and the message goes by SMS instead', async () => {
    const s = await seedStudent(t().db, kind);
    const { id: subscriptionId, ...subscription } = push.subscribe(vapidKeys.publicKey);
    await setAccount(t().db, s, subscription);
    const message = await confirm(s, crypto.randomUUID());
    expect(message.channel).toBe('push');
    push.unsubscribe(subscriptionId); // the browser dropped it: the push service answers 410

    await messaging.worker.tick(now);
    const skipped = await messaging.outbox.get(message.id);
    expect(skipped?.status).toBe('skipped');
    expect(skipped?.lastError).toMatch(/^subscription_gone: push 410.*; sent by sms instead$/);
    expect(await storedSubscription(t().db, s)).toBeNull();

    await messaging.worker.tick(now);
    const sms = await smsTo(s);
    expect(sms.map((e) => [e.channel, e.kind, e.subject])).toEqual([
      ['sms', 'booking_confirmed', expect.any(String)],
    ]);
    expect(sms[0]?.text).toContain('A-07');
    // the next message for this student is chosen as SMS straight away
    expect((await confirm(s, crypto.randomUUID())).channel).toBe('sms');
  });

  it('a subscription replaced since is not the one forgotten', async () => {
    const s = await seedStudent(t().db, kind);
    const { id: oldId, ...old } = push.subscribe(vapidKeys.publicKey);
    await setAccount(t().db, s, old);
    const message = await confirm(s, crypto.randomUUID());
    push.unsubscribe(oldId);
    const { id: _newId, ...fresh } = push.subscribe(vapidKeys.publicKey);
    // the worker read the old subscription; the phone subscribed again before it cleared it
    const directory = {
      lookup: async () => ({
        userId: s.userId,
        phone: s.phone,
        push: old,
        language: 'en' as const,
        timeZone: 'Asia/Kolkata',
        optedOut: [],
        quietHours: null,
      }),
      forgetPush: async (userId: string, endpoint: string) => {
        await setAccount(t().db, s, fresh);
        await forgetPushSubscription(t().db, userId, endpoint);
      },
    };
    const racing = createMessaging(t().db, { config: { webPush: { vapid, agent } }, directory });
    await racing.worker.tick(now);
    expect((await racing.outbox.get(message.id))?.status).toBe('skipped');
    expect((await storedSubscription(t().db, s))?.endpoint).toBe(fresh.endpoint);
  });

  it('a redelivered cause is one message, whichever channel the student has by then', async () => {
    const s = await seedStudent(t().db, kind);
    const paymentId = crypto.randomUUID();
    const receipt = () =>
      t().db.tenant(s.tenantId, (tx) =>
        notifyPaymentReceipt(
          tx,
          { tenantId: s.tenantId, userId: s.userId, timeZone: 'Asia/Kolkata' },
          paymentId,
          { libraryName: 'Gyan Library', amount: 29_500, invoiceNumber: 'GYAN-2026-000001', paidAt: now },
          now,
        ),
      );
    const first = await receipt();
    const { id: _subscriptionId, ...subscription } = push.subscribe(vapidKeys.publicKey);
    await setAccount(t().db, s, subscription);
    const again = await receipt();
    expect(again.id).toBe(first.id);
    expect(again.channel).toBe('sms');
  });

  it('each message points at its screen in the app', async () => {
    const s = await seedStudent(t().db, kind);
    const target = { tenantId: s.tenantId, userId: s.userId, timeZone: 'Asia/Kolkata' };
    const [booking, offer] = [crypto.randomUUID(), crypto.randomUUID()];
    const links = await t().db.tenant(s.tenantId, async (tx) => [
      (await notifyBookingReminder(tx, target, booking, { ...vars, minutesBefore: 60 }, now)).content.link,
      (await notifyWaitlistOffer(tx, target, offer, { ...vars, offerExpiresAt: now + HOUR }, now)).content
        .link,
      (
        await notifyNoShowWarning(
          tx,
          target,
          booking,
          { libraryName: 'Gyan', startsAt: now, strikes: 1, maxStrikes: 3 },
          now,
        )
      ).content.link,
    ]);
    expect(links).toEqual([`#/pass/${booking}`, '#/waitlist', `#/bookings/${booking}`]);
  });
});
