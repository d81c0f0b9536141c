import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import type { PushStandIn } from '../../../test/stand-ins/push-service.ts';
import { startPushStandIn } from '../../../test/stand-ins/push-service.ts';
import { renderMessage } from '../templates/render.ts';
import { sampleContent } from '../templates/samples.ts';
import { NotifyError } from '../types.ts';
import { createWebPush } from './web-push.ts';

let push: PushStandIn;
let agent: Agent;
// VAPID keys are generated at test time, as an operator does once per deployment.
const vapidKeys = webpush.generateVAPIDKeys();
const vapid = { subject: 'mailto:ops@studyspot.test', ...vapidKeys };

beforeAll(async () => {
  push = await startPushStandIn();
  agent = new Agent({ ca: push.ca });
});
afterAll(async () => {
  agent.destroy();
  await push.close();
});

const reminder = (id: string) =>
  renderMessage({ id, content: sampleContent('booking_reminder'), language: 'hi', timeZone: 'Asia/Kolkata' });

async function failure(promise: Promise<unknown>): Promise<NotifyError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotifyError);
  return error as NotifyError;
}

describe('web push with the web-push library against a local push service', () => {
  it('delivers an encrypted payload the browser can decrypt, with a valid VAPID header', async () => {
    const sub = push.subscribe(vapidKeys.publicKey);
    const message = reminder('m-1');
    const { providerRef } = await createWebPush({ vapid, agent }).send(message, { userId: 'u1', push: sub });
    expect(providerRef).toMatch(new RegExp(`^${push.url}/message/`));
    const [delivered] = push.inbox(sub.id);
    expect(JSON.parse(delivered?.payload ?? '{}')).toEqual({
      id: 'm-1',
      kind: 'booking_reminder',
      title: message.subject,
      body: message.text,
      url: '#/bookings',
      tag: 'm-1',
    });
    expect(delivered).toMatchObject({
      urgency: 'normal',
      ttl: 86_400,
      vapidSubject: 'mailto:ops@studyspot.test',
    });
  });

  it('collapses a re-send of the same message id through the Topic header', async () => {
    const sub = push.subscribe();
    const webPush = createWebPush({ vapid, agent });
    await webPush.send(reminder('same'), { userId: 'u1', push: sub });
    await webPush.send(reminder('same'), { userId: 'u1', push: sub });
    await webPush.send(reminder('other'), { userId: 'u1', push: sub });
    expect(push.inbox(sub.id).map((m) => JSON.parse(m.payload).id)).toEqual(['same', 'other']);
  });

  it('sends OTPs with high urgency', async () => {
    const sub = push.subscribe();
    const otp = renderMessage({
      id: 'otp-1',
      content: sampleContent('otp'),
      language: 'en',
      timeZone: 'Asia/Kolkata',
    });
    await createWebPush({ vapid, agent }).send(otp, { userId: 'u1', push: sub });
    expect(push.inbox(sub.id)[0]?.urgency).toBe('high');
  });

  it('a VAPID key the subscription was not made with is refused (403, permanent)', async () => {
    const sub = push.subscribe(webpush.generateVAPIDKeys().publicKey);
    expect(
      await failure(createWebPush({ vapid, agent }).send(reminder('m'), { userId: 'u1', push: sub })),
    ).toMatchObject({
      code: 'auth_failed',
      retryable: false,
    });
  });

  it('a VAPID JWT not signed by the key it names is refused (401, permanent)', async () => {
    const sub = push.subscribe();
    const forged = { ...vapid, privateKey: webpush.generateVAPIDKeys().privateKey };
    expect(
      await failure(createWebPush({ vapid: forged, agent }).send(reminder('m'), { userId: 'u1', push: sub })),
    ).toMatchObject({
      code: 'auth_failed',
      meta: { status: 401 },
    });
    expect(push.inbox(sub.id)).toEqual([]);
  });

  it('a gone subscription is permanent, an outage is retryable', async () => {
    const sub = push.subscribe();
    push.unsubscribe(sub.id);
    const webPush = createWebPush({ vapid, agent });
    expect(await failure(webPush.send(reminder('m'), { userId: 'u1', push: sub }))).toMatchObject({
      code: 'subscription_gone',
      retryable: false,
    });
    const live = push.subscribe();
    push.outage = 503;
    expect(await failure(webPush.send(reminder('m'), { userId: 'u1', push: live }))).toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
    push.outage = null;
  });

  it('an unreachable service is retryable, a malformed subscription is not', async () => {
    const sub = push.subscribe();
    const webPush = createWebPush({ vapid, agent });
    const down = { ...sub, endpoint: 'https://127.0.0.1:1/push/x' };
    expect(await failure(webPush.send(reminder('m'), { userId: 'u1', push: down }))).toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
    const broken = { ...sub, keys: { p256dh: 'short', auth: sub.keys.auth } };
    expect(await failure(webPush.send(reminder('m'), { userId: 'u1', push: broken }))).toMatchObject({
      code: 'invalid_recipient',
      retryable: false,
    });
  });
});
