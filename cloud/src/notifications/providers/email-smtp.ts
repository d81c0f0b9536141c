/**
 * Email over SMTP with nodemailer, configured by one URL (`smtps://user:pass@smtp.example.com:465` or
 * `smtp://…:587` with STARTTLS). Plain text only. The outbox message id becomes the `Message-ID`, so a
 * re-send after a lost acknowledgement carries the same id and mail clients thread it as one message.
 */
import nodemailer from 'nodemailer';
import type { Notifier, Recipient, RenderedMessage } from '../types.ts';
import { NotifyError } from '../types.ts';

export interface SmtpConfig {
  url: string;
  /** e.g. 'StudySpot <no-reply@studyspot.in>' */
  from: string;
  timeoutMs?: number | undefined;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  message?: string;
}

export function smtpError(error: unknown): NotifyError {
  const e = (error ?? {}) as SmtpFailure;
  const text = `smtp ${e.responseCode ?? e.code ?? 'error'}: ${e.message ?? String(error)}`;
  const meta = { smtpCode: e.code, responseCode: e.responseCode };
  if (e.code === 'EAUTH') return new NotifyError('auth_failed', text, false, meta);
  const status = e.responseCode ?? 0;
  if (status >= 500 && e.code === 'EENVELOPE') return new NotifyError('invalid_recipient', text, false, meta);
  if (status >= 500) return new NotifyError('rejected', text, false, meta);
  // 4xx replies are temporary by definition (RFC 5321 §4.2.1); ECONNECTION, ETIMEDOUT, ESOCKET, EDNS…
  // mean the server was not reached or the session broke: both are worth a retry.
  return new NotifyError('unavailable', text, true, meta);
}

export function createSmtpEmail(config: SmtpConfig) {
  const timeout = config.timeoutMs ?? 20_000;
  const transport = nodemailer.createTransport({
    url: config.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    channel: 'email',
    provider: 'smtp',
    async send(message: RenderedMessage, recipient: Recipient) {
      if (!recipient.email)
        throw new NotifyError('no_address', `user ${recipient.userId} has no email`, false);
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: recipient.email,
          subject: message.subject,
          text: message.text,
          messageId: `<${message.id}@notifications.studyspot>`,
          headers: { 'X-StudySpot-Kind': message.kind },
          ...(message.urgent ? { priority: 'high' as const } : {}),
        });
        return { providerRef: info.messageId };
      } catch (error) {
        throw smtpError(error);
      }
    },
    close: () => transport.close(),
  } satisfies Notifier & { close(): void };
}
