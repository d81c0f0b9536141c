import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage } from '../templates/render.ts';
import { sampleContent } from '../templates/samples.ts';
import { NotifyError } from '../types.ts';
import { createSmtpEmail } from './email-smtp.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const received: Received[] = [];
let rejectNext: { code: number; message: string } | null = null;
let port = 0;

// A real SMTP server on loopback: AUTH required, no TLS (loopback only).
const server = new SMTPServer({
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === 'mailer' && auth.password === 's3cret') return callback(null, { user: 'mailer' });
    return callback(new Error('Invalid username or password'));
  },
  onRcptTo(address, _session, callback) {
    if (address.address.endsWith('@nowhere.invalid')) {
      return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    }
    return callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (rejectNext) {
        const { code, message } = rejectNext;
        rejectNext = null;
        return callback(Object.assign(new Error(message), { responseCode: code }));
      }
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Decodes a header's RFC 2047 words and the body's transfer encoding (what a mail client does). */
function readMail(raw: string): { headers: Record<string, string>; text: string } {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line
      .slice(i + 1)
      .trim()
      .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : decodeQp(data.replace(/_/g, ' ')),
      );
  }
  const body = rest.join('\r\n\r\n');
  const encoding = headers['content-transfer-encoding'];
  const text =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQp(body)
        : body;
  return { headers, text: text.trim() };
}

function decodeQp(s: string): string {
  const bytes = s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

const url = () => `smtp://mailer:s3cret@127.0.0.1:${port}`;
const from = 'StudySpot <no-reply@studyspot.test>';
const receipt = (language: 'en' | 'hi') =>
  renderMessage({
    id: `pay-${language}`,
    content: sampleContent('payment_receipt'),
    language,
    timeZone: 'Asia/Kolkata',
  });

async function failure(promise: Promise<unknown>): Promise<NotifyError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotifyError);
  return error as NotifyError;
}

describe('email over SMTP with nodemailer against a real smtp-server', () => {
  for (const language of ['en', 'hi'] as const) {
    it(`delivers a ${language} receipt with subject, body and Message-ID`, async () => {
      const email = createSmtpEmail({ url: url(), from });
      const message = receipt(language);
      const { providerRef } = await email.send(message, { userId: 'u1', email: 'asha@example.in' });
      email.close();
      expect(providerRef).toBe(`<pay-${language}@notifications.studyspot>`);
      const mail = received.at(-1);
      expect(mail?.to).toEqual(['asha@example.in']);
      expect(mail?.from).toBe('no-reply@studyspot.test');
      const { headers, text } = readMail(mail?.raw ?? '');
      expect(headers.subject).toBe(message.subject);
      expect(headers['message-id']).toBe(providerRef);
      expect(headers['x-studyspot-kind']).toBe('payment_receipt');
      expect(text).toBe(message.text);
    });
  }

  it('maps bad credentials to a permanent auth_failed', async () => {
    const email = createSmtpEmail({ url: `smtp://mailer:wrong@127.0.0.1:${port}`, from });
    expect(await failure(email.send(receipt('en'), { userId: 'u1', email: 'a@example.in' }))).toMatchObject({
      code: 'auth_failed',
      retryable: false,
    });
  });

  it('maps a rejected mailbox (550) to invalid_recipient and a 451 to retryable', async () => {
    const email = createSmtpEmail({ url: url(), from });
    expect(
      await failure(email.send(receipt('en'), { userId: 'u1', email: 'x@nowhere.invalid' })),
    ).toMatchObject({
      code: 'invalid_recipient',
      retryable: false,
    });
    rejectNext = { code: 451, message: 'Try again later' };
    expect(await failure(email.send(receipt('en'), { userId: 'u1', email: 'a@example.in' }))).toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
    email.close();
  });

  it('maps a server that is down to retryable, and no address to permanent', async () => {
    const email = createSmtpEmail({ url: 'smtp://mailer:s3cret@127.0.0.1:1', from, timeoutMs: 2000 });
    expect(await failure(email.send(receipt('en'), { userId: 'u1', email: 'a@example.in' }))).toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
    expect(await failure(email.send(receipt('en'), { userId: 'u1' }))).toMatchObject({ code: 'no_address' });
  });
});
