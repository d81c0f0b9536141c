import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import type { TwilioStandIn } from '../../test/stand-ins/twilio-api.ts';
import { startTwilioStandIn } from '../../test/stand-ins/twilio-api.ts';
import { createTwilioSms } from './providers/twilio-sms.ts';
import { createWebPush } from './providers/web-push.ts';
import type { Notifier } from './types.ts';
import { NotifyError } from './types.ts';
import { ist, otp, profile, reminder, setup } from './worker.fixture.ts';
import { fallbackMessageId } from './worker.ts';

let twilio: TwilioStandIn;
beforeAll(async () => {
  twilio = await startTwilioStandIn();
});
afterAll(() => twilio.close());

const sms = () =>
  createTwilioSms({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: '+15005550006',
    apiBaseUrl: twilio.url,
  });
const noon = ist(12);

describe('NotificationWorker', () => {
  it('retries a Twilio outage with exponential backoff, then sends once', async () => {
    const { outbox, worker } = setup({ sms: sms() });
    await outbox.enqueue(reminder('r1'), noon);
    twilio.failNext(2, 503);
    const before = twilio.messages.length;
    expect(await worker.tick(noon)).toMatchObject({ retry: 1 });
    // attempt 1 → delay 0.5 × 1000; attempt 2 → 0.5 × 2000 (full jitter with random = 0.5)
    expect(await outbox.get('r1')).toMatchObject({
      status: 'pending',
      nextAttemptAt: noon + 500,
      attempts: 1,
    });
    expect(await worker.tick(noon + 499)).toMatchObject({ retry: 0, sent: 0 });
    expect(await worker.tick(noon + 500)).toMatchObject({ retry: 1 });
    expect(await outbox.get('r1')).toMatchObject({
      nextAttemptAt: noon + 1500,
      lastError: expect.stringMatching(/^unavailable: twilio 503/),
    });
    expect(await worker.tick(noon + 1500)).toMatchObject({ sent: 1 });
    const sent = await outbox.get('r1');
    expect(sent).toMatchObject({ status: 'sent', provider: 'twilio', attempts: 3 });
    expect(twilio.messages.slice(before).map((m) => m.sid)).toEqual([sent?.providerRef]);
  });

  it('a lasting outage ends dead after maxAttempts, with the error visible', async () => {
    const { outbox, worker } = setup({ sms: sms() });
    await outbox.enqueue(reminder('r2'), noon);
    twilio.outage = 500;
    let now = noon;
    for (let i = 0; i < 4; i++) {
      await worker.tick(now);
      now = (await outbox.get('r2'))?.nextAttemptAt ?? now;
    }
    twilio.outage = null;
    const [dead] = await outbox.list({ status: 'dead' });
    expect(dead).toMatchObject({ id: 'r2', attempts: 4 });
    expect(dead?.lastError).toMatch(/twilio 500\/20500.*after 4 attempts/);
    expect(await worker.tick(now + 3_600_000)).toMatchObject({ sent: 0, retry: 0 });
  });

  it('a permanent failure is dead at once', async () => {
    const { outbox, directory, worker } = setup({ sms: sms() });
    directory.users.set('asha', profile('asha', { phone: '12345' }));
    await outbox.enqueue(reminder('r3'), noon);
    expect(await worker.tick(noon)).toMatchObject({ dead: 1 });
    expect((await outbox.get('r3'))?.lastError).toMatch(/^invalid_recipient: twilio 400\/21211/);
  });

  it('defers a reminder during quiet hours (Asia/Kolkata) to the window end, without spending an attempt', async () => {
    const { outbox, store, worker } = setup();
    await outbox.enqueue(reminder('q1'), ist(23, 10));
    expect(await worker.tick(ist(23, 10))).toMatchObject({ deferred: 1 });
    expect(await outbox.get('q1')).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: ist(7, 0, 6),
    });
    expect(await worker.tick(ist(6, 59, 6))).toMatchObject({ sent: 0 });
    expect(await store.list()).toEqual([]);
    expect(await worker.tick(ist(7, 0, 6))).toMatchObject({ sent: 1 });
    expect((await store.list())[0]).toMatchObject({ messageId: 'q1', channel: 'sms', to: '+919876543210' });
  });

  it('never defers an OTP, and ignores opt-outs for it', async () => {
    const { outbox, directory, store, worker } = setup();
    directory.users.set('asha', profile('asha', { optedOut: ['sms'], language: 'hi' }));
    await outbox.enqueue(otp('o1'), ist(2, 0));
    expect(await worker.tick(ist(2, 0))).toMatchObject({ sent: 1 });
    expect((await store.list())[0]?.text).toMatch(/^123456 आपका StudySpot सत्यापन कोड है/);
  });

  it('skips a channel the user opted out of, visibly', async () => {
    const { outbox, directory, store, worker } = setup();
    directory.users.set('asha', profile('asha', { optedOut: ['whatsapp'] }));
    await outbox.enqueue(reminder('p1', { channel: 'whatsapp' }), noon);
    await outbox.enqueue(reminder('p2', { channel: 'email' }), noon);
    expect(await worker.tick(noon)).toMatchObject({ skipped: 1, sent: 1 });
    expect(await outbox.get('p1')).toMatchObject({ status: 'skipped', lastError: 'opted_out' });
    expect((await store.list()).map((e) => e.channel)).toEqual(['email']);
  });

  it('skips what expired, including when quiet hours outlast it', async () => {
    const { outbox, worker } = setup();
    await outbox.enqueue(reminder('e1', { expiresAt: noon - 1 }), noon - 10);
    await outbox.enqueue(reminder('e2', { expiresAt: ist(6, 45, 6) }), ist(23));
    await worker.tick(noon);
    await worker.tick(ist(23));
    expect(await outbox.get('e1')).toMatchObject({ status: 'skipped', lastError: 'expired' });
    expect(await outbox.get('e2')).toMatchObject({
      status: 'skipped',
      lastError: 'expired during quiet hours',
    });
  });

  it('re-delivers after a crash between claim and settle once the lease expires', async () => {
    const { outbox, store, worker } = setup();
    await outbox.enqueue(reminder('c1'), noon);
    const [crashed] = await outbox.claimDue(noon, 10, 30_000); // a worker claims, then dies
    expect(await worker.tick(noon + 29_999)).toMatchObject({ sent: 0 });
    expect(await worker.tick(noon + 30_000)).toMatchObject({ sent: 1 });
    expect(await outbox.get('c1')).toMatchObject({ status: 'sent', attempts: 2 });
    // The crashed worker's late settle is fenced off.
    expect(
      await outbox.settle('c1', crashed?.claimToken ?? '', { status: 'dead', error: 'late' }, noon),
    ).toBe(false);
    expect(await store.list()).toHaveLength(1);
  });

  it('a message that keeps crashing its worker ends dead instead of looping', async () => {
    const { outbox, worker } = setup();
    await outbox.enqueue(reminder('c2'), noon);
    for (let i = 0; i < 4; i++) await outbox.claimDue(noon + i * 30_000, 10, 30_000);
    expect(await worker.tick(noon + 4 * 30_000)).toMatchObject({ dead: 1 });
    expect((await outbox.get('c2'))?.lastError).toMatch(/attempts exhausted/);
  });

  it('an unknown recipient is dead, not dropped', async () => {
    const { outbox, worker } = setup();
    await outbox.enqueue(reminder('u1', { userId: 'ghost' }), noon);
    expect(await worker.tick(noon)).toMatchObject({ dead: 1 });
    expect(await outbox.get('u1')).toMatchObject({ status: 'dead', lastError: 'unknown_recipient' });
  });

  describe('a push the phone cannot get goes by SMS instead (ADR 0027)', () => {
    // opted-out and expired pushes never reach an adapter: the local outbox stands in for push
    const daytime = ist(12, 0, 6);
    const pushReminder = (id: string) => reminder(id, { channel: 'push' });

    it('no subscription any more: skipped, and one SMS copy however often the tick repeats', async () => {
      // the real adapter: it refuses a recipient without a subscription before any network call
      const vapid = { subject: 'mailto:ops@studyspot.test', ...webpush.generateVAPIDKeys() };
      const { outbox, store, worker } = setup({ push: createWebPush({ vapid }) });
      await outbox.enqueue(pushReminder('p1'), daytime);
      expect(await worker.tick(daytime)).toMatchObject({ skipped: 1 });
      expect((await outbox.get('p1'))?.lastError).toMatch(/^no_address: .*; sent by sms instead$/);
      const copy = await outbox.get(fallbackMessageId('p1', 'sms'));
      expect(copy).toMatchObject({ channel: 'sms', status: 'pending', content: pushReminder('p1').content });
      // a worker that enqueued p2's copy and crashed before settling the push: the re-claim after
      // the lease enqueues the same copy, not a second one
      await outbox.enqueue(pushReminder('p2'), daytime);
      await outbox.claimDue(daytime, 10, 30_000);
      await outbox.enqueue(
        { ...pushReminder('p2'), id: fallbackMessageId('p2', 'sms'), channel: 'sms' },
        daytime,
      );
      await worker.tick(daytime + 30_000);
      await worker.tick(daytime + 30_000);
      expect((await outbox.get('p2'))?.status).toBe('skipped');
      expect((await store.list()).map((e) => [e.messageId, e.to])).toEqual([
        [fallbackMessageId('p2', 'sms'), '+919876543210'],
        [fallbackMessageId('p1', 'sms'), '+919876543210'],
      ]);
    });

    it('opted out of push: the SMS copy is sent; opted out of SMS too: nothing is', async () => {
      const { outbox, store, directory, worker } = setup();
      directory.users.set('asha', profile('asha', { optedOut: ['push'] }));
      directory.users.set('ravi', profile('ravi', { optedOut: ['push', 'sms'] }));
      await outbox.enqueue(pushReminder('o1'), daytime);
      await outbox.enqueue(reminder('o2', { channel: 'push', userId: 'ravi' }), daytime);
      expect(await worker.tick(daytime)).toMatchObject({ skipped: 2 });
      expect(await worker.tick(daytime)).toMatchObject({ sent: 1, skipped: 1 });
      expect((await store.list()).map((e) => e.userId)).toEqual(['asha']);
    });

    it('a gone subscription is forgotten; without a fallback channel the push is dead', async () => {
      const gone: Notifier = {
        channel: 'push',
        provider: 'web-push',
        send: async () => {
          throw new NotifyError('subscription_gone', 'push 410: expired', false);
        },
      };
      const subscription = { endpoint: 'https://push.example/abc', keys: { p256dh: 'k', auth: 'a' } };
      const { outbox, directory, worker } = setup({ push: gone }, { pushFallback: null });
      const forgotten: string[] = [];
      directory.users.set('asha', profile('asha', { push: subscription }));
      directory.forgetPush = async (userId, endpoint) => {
        forgotten.push(`${userId} ${endpoint}`);
      };
      await outbox.enqueue(pushReminder('g1'), daytime);
      expect(await worker.tick(daytime)).toMatchObject({ dead: 1 });
      expect(forgotten).toEqual(['asha https://push.example/abc']);
      expect(await outbox.get(fallbackMessageId('g1', 'sms'))).toBeNull();
    });

    it('an expired push is skipped, not sent by SMS', async () => {
      const { outbox, worker } = setup();
      await outbox.enqueue({ ...pushReminder('e1'), expiresAt: daytime }, daytime - 1);
      expect(await worker.tick(daytime)).toMatchObject({ skipped: 1 });
      expect(await outbox.get(fallbackMessageId('e1', 'sms'))).toBeNull();
    });
  });
});
