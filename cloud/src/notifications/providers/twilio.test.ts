import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwilioStandIn } from '../../../test/stand-ins/twilio-api.ts';
import { startTwilioStandIn } from '../../../test/stand-ins/twilio-api.ts';
import { renderMessage } from '../templates/render.ts';
import { sampleContent } from '../templates/samples.ts';
import { NotifyError } from '../types.ts';
import { createTwilioSms } from './twilio-sms.ts';
import { createTwilioWhatsapp } from './twilio-whatsapp.ts';

let twilio: TwilioStandIn;
beforeAll(async () => {
  twilio = await startTwilioStandIn();
});
afterAll(() => twilio.close());

const otp = renderMessage({
  id: 'm-1',
  content: sampleContent('otp'),
  language: 'hi',
  timeZone: 'Asia/Kolkata',
});
const student = { userId: 'u1', phone: '+919876543210' };
const sms = () =>
  createTwilioSms({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: '+15005550006',
    apiBaseUrl: twilio.url,
  });

async function failure(promise: Promise<unknown>): Promise<NotifyError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotifyError);
  return error as NotifyError;
}

describe('Twilio SMS through the official SDK', () => {
  it('creates a Message and returns its SM sid', async () => {
    const { providerRef } = await sms().send(otp, student);
    expect(providerRef).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.messages.at(-1)).toMatchObject({
      sid: providerRef,
      to: '+919876543210',
      from: '+15005550006',
      body: otp.text,
    });
    expect(otp.text).toContain('सत्यापन');
  });

  it('maps a wrong auth token to a permanent auth_failed', async () => {
    const bad = createTwilioSms({
      accountSid: twilio.accountSid,
      authToken: 'wrong',
      from: '+15005550006',
      apiBaseUrl: twilio.url,
    });
    const error = await failure(bad.send(otp, student));
    expect(error).toMatchObject({
      code: 'auth_failed',
      retryable: false,
      meta: { status: 401, twilioCode: 20003 },
    });
  });

  it('maps an invalid number (21211) and STOP (21610) to permanent errors', async () => {
    expect(await failure(sms().send(otp, { userId: 'u', phone: '12345' }))).toMatchObject({
      code: 'invalid_recipient',
      retryable: false,
    });
    twilio.unsubscribed.add('+919800000000');
    expect(await failure(sms().send(otp, { userId: 'u', phone: '+919800000000' }))).toMatchObject({
      code: 'opted_out',
      retryable: false,
    });
  });

  it('maps an outage and throttling to retryable errors', async () => {
    twilio.outage = 503;
    expect(await failure(sms().send(otp, student))).toMatchObject({ code: 'unavailable', retryable: true });
    twilio.outage = null;
    twilio.failNext(1, 429);
    expect(await failure(sms().send(otp, student))).toMatchObject({ code: 'rate_limited', retryable: true });
    expect((await sms().send(otp, student)).providerRef).toMatch(/^SM/);
  });

  it('treats a refused connection as retryable', async () => {
    const down = createTwilioSms({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: '+15005550006',
      apiBaseUrl: 'http://127.0.0.1:1',
    });
    expect(await failure(down.send(otp, student))).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('refuses a recipient without a phone before calling Twilio', async () => {
    const before = twilio.requests;
    expect(await failure(sms().send(otp, { userId: 'u' }))).toMatchObject({
      code: 'no_address',
      retryable: false,
    });
    expect(twilio.requests).toBe(before);
  });
});

describe('Twilio WhatsApp through the official SDK', () => {
  it('sends with whatsapp: prefixed From and To', async () => {
    const whatsapp = createTwilioWhatsapp({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: '+14155238886',
      apiBaseUrl: twilio.url,
    });
    const confirmed = renderMessage({
      id: 'm-2',
      content: sampleContent('booking_confirmed'),
      language: 'en',
      timeZone: 'Asia/Kolkata',
    });
    const { providerRef } = await whatsapp.send(confirmed, student);
    expect(twilio.messages.at(-1)).toMatchObject({
      sid: providerRef,
      from: 'whatsapp:+14155238886',
      to: 'whatsapp:+919876543210',
      body: confirmed.text,
    });
  });
});
