/**
 * Browser push with the `web-push` library: the payload is encrypted for the subscription (RFC 8291,
 * aes128gcm) and POSTed to its push service with a VAPID `Authorization` (RFC 8292). The outbox message
 * id, hashed into the `Topic` header, lets the push service replace a still-undelivered copy, so a
 * re-send after a lost acknowledgement shows one notification. 404/410 mean the subscription is gone:
 * permanent, and the caller should delete it.
 *
 * The payload is what the app's service worker (apps/mobile/pwa/sw.ts) shows: `title`, `body`, the
 * app screen to open when tapped (`url`, a hash route such as `#/bookings/<id>`, resolved against the
 * app's scope; the bookings list when the message has no screen) and `tag` (the message id, so a
 * repeat replaces the notification instead of stacking a second one).
 */
import { createHash } from 'node:crypto';
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Notifier, Recipient, RenderedMessage } from '../types.ts';
import { NotifyError } from '../types.ts';

export interface VapidConfig {
  /** 'mailto:ops@studyspot.in' or an https URL. */
  subject: string;
  publicKey: string;
  privateKey: string;
}

export interface WebPushConfig {
  vapid: VapidConfig;
  /** How long the push service keeps an undelivered message. Default one day. */
  ttlSeconds?: number | undefined;
  timeoutMs?: number | undefined;
  /** An https.Agent (tests: one that trusts the stand-in's certificate). */
  agent?: Agent | undefined;
}

/** Where a tapped notification without a screen of its own opens the app. */
export const DEFAULT_LINK = '#/bookings';

/** RFC 8030 topic: at most 32 URL-safe base64 characters. */
export const topicFor = (messageId: string) =>
  createHash('sha256').update(messageId).digest('base64url').slice(0, 32);

export function pushError(error: unknown): NotifyError {
  if (error instanceof webpush.WebPushError) {
    const meta = { status: error.statusCode, body: error.body };
    const text = `push ${error.statusCode}: ${error.body || error.message}`;
    if (error.statusCode === 404 || error.statusCode === 410)
      return new NotifyError('subscription_gone', text, false, meta);
    if (error.statusCode === 429) return new NotifyError('rate_limited', text, true, meta);
    if (error.statusCode >= 500) return new NotifyError('unavailable', text, true, meta);
    if (error.statusCode === 401 || error.statusCode === 403)
      return new NotifyError('auth_failed', text, false, meta);
    return new NotifyError('rejected', text, false, meta);
  }
  // Socket errors carry an errno code; anything else was thrown before sending (a malformed subscription).
  if (typeof (error as { code?: unknown })?.code === 'string') {
    return new NotifyError('unavailable', `push unreachable: ${String(error)}`, true);
  }
  return new NotifyError('invalid_recipient', `push subscription unusable: ${String(error)}`, false);
}

export function createWebPush(config: WebPushConfig) {
  return {
    channel: 'push',
    provider: 'web-push',
    async send(message: RenderedMessage, recipient: Recipient) {
      if (!recipient.push)
        throw new NotifyError('no_address', `user ${recipient.userId} has no push subscription`, false);
      const payload = JSON.stringify({
        id: message.id,
        kind: message.kind,
        title: message.subject,
        body: message.text,
        url: message.link ?? DEFAULT_LINK,
        tag: message.id,
      });
      try {
        const result = await webpush.sendNotification(recipient.push, payload, {
          vapidDetails: config.vapid,
          TTL: config.ttlSeconds ?? 86_400,
          urgency: message.urgent ? 'high' : 'normal',
          topic: topicFor(message.id),
          contentEncoding: 'aes128gcm',
          timeout: config.timeoutMs ?? 15_000,
          agent: config.agent,
        });
        return { providerRef: result.headers.location ?? `push:${message.id}` };
      } catch (error) {
        throw pushError(error);
      }
    },
  } satisfies Notifier;
}
