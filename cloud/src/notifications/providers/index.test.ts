import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import type { TwilioStandIn } from '../../../test/stand-ins/twilio-api.ts';
import { startTwilioStandIn } from '../../../test/stand-ins/twilio-api.ts';
import { renderMessage } from '../templates/render.ts';
import { sampleContent } from '../templates/samples.ts';
import { channels } from '../types.ts';
import { createNotifiers, describeChannels, notificationConfigFromEnv } from './index.ts';
import { MemoryLocalOutboxStore } from './local-outbox.ts';

let twilio: TwilioStandIn;
beforeAll(async () => {
  twilio = await startTwilioStandIn();
});
afterAll(() => twilio.close());

const student = { userId: 'asha', phone: '+919876543210', email: 'asha@example.in' };
const message = (id: string) =>
  renderMessage({
    id,
    content: sampleContent('booking_confirmed'),
    language: 'hi',
    timeZone: 'Asia/Kolkata',
  });

describe('provider map', () => {
  it('without any keys every channel lands in the local outbox, and says why', async () => {
    const store = new MemoryLocalOutboxStore();
    const { notifiers, channels: described } = createNotifiers(
      notificationConfigFromEnv({}),
      store,
      () => 42,
    );
    expect(described.map((c) => [c.channel, c.provider, c.live])).toEqual(
      channels.map((c) => [c, 'local-outbox', false]),
    );
    expect(described.find((c) => c.channel === 'sms')?.reason).toMatch(/TWILIO_SMS_FROM/);
    for (const channel of channels) await notifiers[channel].send(message(`m-${channel}`), student);
    const listed = await store.list();
    expect(listed.map((e) => e.channel)).toEqual([...channels].reverse());
    expect(listed.find((e) => e.channel === 'email')).toMatchObject({
      to: 'asha@example.in',
      at: 42,
      userId: 'asha',
    });
    expect(listed[0]?.text).toBe(message('x').text);
  });

  it('the local outbox keeps one entry per message id (a retry does not duplicate)', async () => {
    const store = new MemoryLocalOutboxStore();
    const { notifiers } = createNotifiers({}, store);
    const first = await notifiers.sms.send(message('dup'), student);
    const second = await notifiers.sms.send(message('dup'), student);
    expect(second).toEqual(first);
    expect(await store.list({ userId: 'asha' })).toHaveLength(1);
  });

  it('chooses the real adapters when keys are present, per channel', async () => {
    const vapid = webpush.generateVAPIDKeys();
    const config = notificationConfigFromEnv({
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_SMS_FROM: '+15005550006',
      TWILIO_API_BASE_URL: twilio.url,
      SMTP_URL: 'smtp://mailer:pw@127.0.0.1:2525',
      SMTP_FROM: 'StudySpot <no-reply@studyspot.test>',
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@studyspot.test',
    });
    const described = describeChannels(config);
    expect(Object.fromEntries(described.map((c) => [c.channel, c.provider]))).toEqual({
      sms: 'twilio',
      whatsapp: 'local-outbox',
      email: 'smtp',
      push: 'web-push',
      outbox: 'local-outbox',
    });
    expect(described.find((c) => c.channel === 'email')?.reason).not.toContain('pw');
    const store = new MemoryLocalOutboxStore();
    const { notifiers } = createNotifiers(config, store);
    const { providerRef } = await notifiers.sms.send(message('live'), student);
    expect(twilio.messages.at(-1)?.sid).toBe(providerRef);
    await notifiers.whatsapp.send(message('wa'), student);
    expect(await store.list()).toMatchObject([{ messageId: 'wa', channel: 'whatsapp' }]);
  });

  it('a half-configured group counts as not configured', () => {
    const config = notificationConfigFromEnv({
      TWILIO_ACCOUNT_SID: 'ACx',
      SMTP_URL: 'smtp://h',
      VAPID_PUBLIC_KEY: 'k',
    });
    expect(describeChannels(config).every((c) => c.provider === 'local-outbox')).toBe(true);
  });
});
