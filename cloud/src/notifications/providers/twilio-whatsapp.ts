/**
 * WhatsApp through Twilio's Messages API: the same endpoint as SMS with `whatsapp:`-prefixed From/To.
 * Business-initiated WhatsApp messages outside the 24-hour session need a template approved by Meta
 * (Twilio Content API, `contentSid`). Until templates are registered, text bodies are sent: Twilio
 * accepts them (`queued`) and fails them later with 63016, which only a status callback would reveal —
 * delivery receipts are not handled yet, so `sent` here means "accepted by Twilio".
 */
import type { Notifier, Recipient, RenderedMessage } from '../types.ts';
import { NotifyError } from '../types.ts';
import type { TwilioConfig } from './twilio-client.ts';
import { createTwilioClient, createTwilioMessage } from './twilio-client.ts';

export interface TwilioWhatsappConfig extends TwilioConfig {
  /** The WhatsApp-enabled sender, E.164 without the prefix (e.g. '+14155238886'). */
  from: string;
}

const wa = (phone: string) => (phone.startsWith('whatsapp:') ? phone : `whatsapp:${phone}`);

export function createTwilioWhatsapp(config: TwilioWhatsappConfig) {
  const client = createTwilioClient(config);
  return {
    channel: 'whatsapp',
    provider: 'twilio',
    async send(message: RenderedMessage, recipient: Recipient) {
      if (!recipient.phone)
        throw new NotifyError('no_address', `user ${recipient.userId} has no phone`, false);
      return createTwilioMessage(client, {
        from: wa(config.from),
        to: wa(recipient.phone),
        body: message.text,
      });
    },
  } satisfies Notifier;
}
