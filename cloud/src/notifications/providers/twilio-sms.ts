/**
 * SMS through Twilio's Messages API with the official SDK. `from` is a Twilio number (E.164) or an
 * alphanumeric/DLT-registered sender ID.
 */
import type { Notifier, Recipient, RenderedMessage } from '../types.ts';
import { NotifyError } from '../types.ts';
import type { TwilioConfig } from './twilio-client.ts';
import { createTwilioClient, createTwilioMessage } from './twilio-client.ts';

export interface TwilioSmsConfig extends TwilioConfig {
  from: string;
}

export function createTwilioSms(config: TwilioSmsConfig) {
  const client = createTwilioClient(config);
  return {
    channel: 'sms',
    provider: 'twilio',
    async send(message: RenderedMessage, recipient: Recipient) {
      if (!recipient.phone)
        throw new NotifyError('no_address', `user ${recipient.userId} has no phone`, false);
      return createTwilioMessage(client, { from: config.from, to: recipient.phone, body: message.text });
    },
  } satisfies Notifier;
}
