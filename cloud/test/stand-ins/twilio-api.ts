/**
 * A local stand-in for Twilio's Programmable Messaging REST API, for tests that drive the official
 * `twilio` SDK. It implements `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with Twilio's
 * form-encoded request, HTTP Basic auth (`AccountSid:AuthToken`), the real Message resource JSON
 * (`sid` "SM…", `status` "queued", RFC 2822 dates, string counts) and Twilio's error body
 * `{ code, message, more_info, status }` with real error codes. `outage` switches every request to a
 * 5xx/429; `failNext` fails the next n requests; `unsubscribed` numbers answer 21610 (replied STOP).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Context } from 'hono';
import { Hono } from 'hono';

export interface StandInMessage {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
}

export type OutageStatus = 429 | 500 | 503;

export interface TwilioStandIn {
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly messages: StandInMessage[];
  /** Numbers (E.164, without the `whatsapp:` prefix) that replied STOP. */
  readonly unsubscribed: Set<string>;
  /** Requests seen, including failed ones. */
  requests: number;
  outage: OutageStatus | null;
  failNext(times: number, status: OutageStatus): void;
  close(): Promise<void>;
}

const e164 = /^\+[1-9]\d{6,14}$/;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

const errorTexts: Record<number, string> = {
  20003: 'Authenticate',
  20429: 'Too Many Requests',
  20500: 'An internal server error has occurred',
  20503: 'Service Unavailable',
  21211: "The 'To' number is not a valid phone number.",
  21602: 'Message body is required.',
  21603: "A 'From' phone number is required.",
  21604: "A 'To' phone number is required.",
  21610: 'Attempt to send to unsubscribed recipient',
  21910: 'Invalid From and To pair. From and To should be of the same channel',
};

function twilioError(c: Context, status: number, code: number) {
  return c.json(
    { code, message: errorTexts[code], more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    status as 400,
  );
}

function checkAuth(header: string | undefined, sid: string, token: string, pathSid: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const [user, pass] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
  return user === sid && pass === token && pathSid === sid;
}

/** The validation Twilio applies before queueing; null when the message is accepted. */
function rejectCode(to: string, from: string, body: string, unsubscribed: Set<string>): number | null {
  if (!to) return 21604;
  if (!from) return 21603;
  if (!body) return 21602;
  const toWa = to.startsWith('whatsapp:');
  if (toWa !== from.startsWith('whatsapp:')) return 21910;
  const number = toWa ? to.slice('whatsapp:'.length) : to;
  if (!e164.test(number)) return 21211;
  if (unsubscribed.has(number)) return 21610;
  return null;
}

function messageJson(m: StandInMessage, now: Date) {
  const date = now.toUTCString().replace('GMT', '+0000');
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}`;
  return {
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: m.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: 'queued',
    subresource_uris: { media: `${uri}/Media.json` },
    to: m.to,
    uri: `${uri}.json`,
  };
}

const outageCodes: Record<OutageStatus, number> = { 429: 20429, 500: 20500, 503: 20503 };

export async function startTwilioStandIn(
  accountSid = `AC${hex(16)}`,
  authToken = hex(16),
): Promise<TwilioStandIn> {
  const scheduled: OutageStatus[] = [];
  const app = new Hono();
  const state = {
    url: '',
    accountSid,
    authToken,
    messages: [] as StandInMessage[],
    unsubscribed: new Set<string>(),
    requests: 0,
    outage: null as OutageStatus | null,
    failNext: (times: number, status: OutageStatus) => {
      for (let i = 0; i < times; i++) scheduled.push(status);
    },
    close: async () => {},
  };
  app.post('/2010-04-01/Accounts/:sid/Messages.json', async (c) => {
    state.requests += 1;
    const failure = state.outage ?? scheduled.shift();
    if (failure) return twilioError(c, failure, outageCodes[failure]);
    if (!checkAuth(c.req.header('authorization'), accountSid, authToken, c.req.param('sid'))) {
      c.header('WWW-Authenticate', 'Basic realm="Twilio API"');
      return twilioError(c, 401, 20003);
    }
    const form = await c.req.parseBody();
    const [to, from, body] = [form.To, form.From, form.Body].map((v) => (typeof v === 'string' ? v : ''));
    const code = rejectCode(to ?? '', from ?? '', body ?? '', state.unsubscribed);
    if (code) return twilioError(c, 400, code);
    const message = { sid: `SM${hex(16)}`, accountSid, from: from ?? '', to: to ?? '', body: body ?? '' };
    state.messages.push(message);
    return c.json(messageJson(message, new Date()), 201);
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
