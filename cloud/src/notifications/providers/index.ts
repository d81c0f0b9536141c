/**
 * The provider map: for each channel, the real adapter when its keys are configured, else the local
 * outbox (never silently nowhere). The choice is data (`describeChannels`) so the health and admin
 * pages show which channels really leave the building. Config comes from the environment:
 *
 *   TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN      + TWILIO_SMS_FROM → sms, + TWILIO_WHATSAPP_FROM → whatsapp
 *   TWILIO_API_BASE_URL                        optional: another host for the Twilio API (stand-in, proxy)
 *   SMTP_URL, SMTP_FROM                        → email
 *   VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT → push
 */
import type { Channel, Notifier } from '../types.ts';
import { createSmtpEmail, type SmtpConfig } from './email-smtp.ts';
import { createLocalOutbox, type LocalOutboxStore } from './local-outbox.ts';
import type { TwilioConfig } from './twilio-client.ts';
import { createTwilioSms } from './twilio-sms.ts';
import { createTwilioWhatsapp } from './twilio-whatsapp.ts';
import { createWebPush, type WebPushConfig } from './web-push.ts';

export interface NotificationConfig {
  twilio?: (TwilioConfig & { smsFrom?: string | undefined; whatsappFrom?: string | undefined }) | undefined;
  smtp?: SmtpConfig | undefined;
  webPush?: WebPushConfig | undefined;
}

export interface ChannelDescription {
  channel: Channel;
  provider: string;
  /** True when messages actually leave (a real provider), false when they land in the local outbox. */
  live: boolean;
  reason: string;
}

type Factory = (config: NotificationConfig) => { notifier: Notifier; reason: string } | { missing: string };

/** One entry per channel, explicit: which adapter, and which keys it needs. */
export const providers = {
  sms: ({ twilio }) =>
    twilio?.smsFrom
      ? {
          notifier: createTwilioSms({ ...twilio, from: twilio.smsFrom }),
          reason: `Twilio from ${twilio.smsFrom}`,
        }
      : { missing: 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_FROM' },
  whatsapp: ({ twilio }) =>
    twilio?.whatsappFrom
      ? {
          notifier: createTwilioWhatsapp({ ...twilio, from: twilio.whatsappFrom }),
          reason: `Twilio WhatsApp from ${twilio.whatsappFrom}`,
        }
      : { missing: 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM' },
  email: ({ smtp }) =>
    smtp
      ? { notifier: createSmtpEmail(smtp), reason: `SMTP ${new URL(smtp.url).host} as ${smtp.from}` }
      : { missing: 'SMTP_URL, SMTP_FROM' },
  push: ({ webPush }) =>
    webPush
      ? { notifier: createWebPush(webPush), reason: `VAPID ${webPush.vapid.subject}` }
      : { missing: 'VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT' },
  outbox: () => ({ missing: 'nothing: the outbox channel is always local' }),
} satisfies Record<Channel, Factory>;

const channelOrder = Object.keys(providers) as Channel[];

export interface Notifiers {
  notifiers: Record<Channel, Notifier>;
  channels: ChannelDescription[];
}

/** Builds every channel's notifier; channels without keys get a local outbox on `store`. */
export function createNotifiers(
  config: NotificationConfig,
  store: LocalOutboxStore,
  clock?: () => number,
): Notifiers {
  const notifiers = {} as Record<Channel, Notifier>;
  const channels: ChannelDescription[] = [];
  for (const channel of channelOrder) {
    const made = providers[channel](config);
    if ('notifier' in made) {
      notifiers[channel] = made.notifier;
      channels.push({ channel, provider: made.notifier.provider, live: true, reason: made.reason });
    } else {
      notifiers[channel] = createLocalOutbox(channel, store, clock);
      const reason =
        channel === 'outbox' ? made.missing : `local outbox: not configured (needs ${made.missing})`;
      channels.push({ channel, provider: 'local-outbox', live: false, reason });
    }
  }
  return { notifiers, channels };
}

/** The decision alone, without building clients: for `/health` and the admin page. */
export function describeChannels(config: NotificationConfig): ChannelDescription[] {
  return createNotifiers(config, { put: async () => ({ created: false }), list: async () => [] }).channels;
}

/** Reads the environment variables listed above; a group counts only when all its keys are set. */
export function notificationConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): NotificationConfig {
  const config: NotificationConfig = {};
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN) {
    config.twilio = {
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      apiBaseUrl: env.TWILIO_API_BASE_URL || undefined,
      smsFrom: env.TWILIO_SMS_FROM || undefined,
      whatsappFrom: env.TWILIO_WHATSAPP_FROM || undefined,
    };
  }
  if (env.SMTP_URL && env.SMTP_FROM) config.smtp = { url: env.SMTP_URL, from: env.SMTP_FROM };
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY && env.VAPID_SUBJECT) {
    config.webPush = {
      vapid: {
        publicKey: env.VAPID_PUBLIC_KEY,
        privateKey: env.VAPID_PRIVATE_KEY,
        subject: env.VAPID_SUBJECT,
      },
    };
  }
  return config;
}
