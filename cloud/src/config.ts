/**
 * The cloud's configuration: one zod schema read from the environment, with defaults, every error
 * reported at once at start. Without DATABASE_URL the cloud runs on embedded PGlite in
 * `<dataDir>/cloud-pglite`; provider keys are optional (without them payments use the built-in
 * test provider and notifications the local outbox).
 */
import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .optional()
  .or(z.literal('').transform(() => undefined));
const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

export const CloudConfig = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  host: z.string().min(1).default('0.0.0.0'),
  /** Postgres for the API pool; log in as a role that is only a member of studyspot_api (ADR 0009). */
  databaseUrl: optional,
  /** Privileged Postgres URL for migrations; defaults to databaseUrl. */
  databaseMigrationUrl: optional,
  databasePoolSize: z.coerce.number().int().min(1).max(200).default(10),
  dataDir: z.string().min(1).default('./.data'),
  corsOrigins: list,
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Trust X-Forwarded-For for the client address (only behind a proxy that sets it). */
  trustProxy: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  razorpayKeyId: optional,
  razorpayKeySecret: optional,
  razorpayWebhookSecret: optional,
  stripeSecretKey: optional,
  stripeWebhookSecret: optional,
  /** Another host for the Razorpay or Stripe API (a proxy, a test's stand-in); unset: the provider's own. */
  razorpayApiBaseUrl: httpUrl,
  stripeApiBaseUrl: httpUrl,
  /** The cloud's public origin, for absolute links it hands out (Stripe Checkout returns to `<it>/app/`). */
  publicUrl: httpUrl,
  twilioAccountSid: optional,
  twilioAuthToken: optional,
  twilioFrom: optional,
  smtpUrl: optional,
  vapidPublicKey: optional,
  vapidPrivateKey: optional,
  vapidSubject: optional,
  /** A real Electric service behind GET /v1/shapes/{name} (ADR 0021); the built-in shape server when unset. */
  electricUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Electric's API secret, sent upstream as `secret`. */
  electricSecret: optional,
  /** Seals the JWT private keys at rest (ADR 0010); without it they are stored plainly, with a warning. */
  identitySecret: optional,
  /** Bootstrap: creates this platform admin when none exists. */
  adminEmail: optional,
  adminPassword: optional,
});
export type CloudConfig = z.infer<typeof CloudConfig>;

const ENV: Record<keyof CloudConfig, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  databaseMigrationUrl: 'DATABASE_MIGRATION_URL',
  databasePoolSize: 'DATABASE_POOL_SIZE',
  dataDir: 'DATA_DIR',
  corsOrigins: 'CORS_ORIGINS',
  logLevel: 'LOG_LEVEL',
  trustProxy: 'TRUST_PROXY',
  razorpayKeyId: 'RAZORPAY_KEY_ID',
  razorpayKeySecret: 'RAZORPAY_KEY_SECRET',
  razorpayWebhookSecret: 'RAZORPAY_WEBHOOK_SECRET',
  stripeSecretKey: 'STRIPE_SECRET_KEY',
  stripeWebhookSecret: 'STRIPE_WEBHOOK_SECRET',
  razorpayApiBaseUrl: 'RAZORPAY_API_BASE_URL',
  stripeApiBaseUrl: 'STRIPE_API_BASE_URL',
  publicUrl: 'PUBLIC_URL',
  twilioAccountSid: 'TWILIO_ACCOUNT_SID',
  twilioAuthToken: 'TWILIO_AUTH_TOKEN',
  twilioFrom: 'TWILIO_FROM',
  smtpUrl: 'SMTP_URL',
  vapidPublicKey: 'VAPID_PUBLIC_KEY',
  vapidPrivateKey: 'VAPID_PRIVATE_KEY',
  vapidSubject: 'VAPID_SUBJECT',
  electricUrl: 'ELECTRIC_URL',
  electricSecret: 'ELECTRIC_SECRET',
  identitySecret: 'IDENTITY_SECRET',
  adminEmail: 'ADMIN_EMAIL',
  adminPassword: 'ADMIN_PASSWORD',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid cloud configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from environment variables (names in `ENV`), plus explicit overrides. */
export function loadCloudConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<CloudConfig> = {},
): CloudConfig {
  const raw = Object.fromEntries(Object.entries(ENV).map(([key, name]) => [key, env[name]]));
  const result = CloudConfig.safeParse(raw);
  if (!result.success) {
    const nameOf = (key: PropertyKey) => ENV[key as keyof CloudConfig] ?? String(key);
    throw new ConfigError(
      result.error.issues.map((issue) => `${nameOf(issue.path[0] ?? '')}: ${issue.message}`),
    );
  }
  return { ...result.data, ...overrides };
}
