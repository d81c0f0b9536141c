/** Configuration from the environment: defaults, lists, optional provider keys, all errors at once. */
import { describe, expect, it } from 'vitest';
import { paymentsConfigOf } from './billing/index.ts';
import { ConfigError, loadCloudConfig } from './config.ts';

describe('loadCloudConfig', () => {
  it('has defaults that run the embedded cloud', () => {
    const config = loadCloudConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './.data',
      corsOrigins: [],
      logLevel: 'info',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.razorpayKeyId).toBeUndefined();
    expect(config.trustProxy).toBe(false);
    expect(config.electricUrl).toBeUndefined();
    expect(loadCloudConfig({ ELECTRIC_URL: '' }).electricUrl).toBeUndefined();
  });

  it('reads the environment names', () => {
    const config = loadCloudConfig({
      PORT: '8081',
      DATABASE_URL: 'postgresql://app@db/studyspot',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      STRIPE_SECRET_KEY: 'sk_test_x',
      TWILIO_FROM: '',
      TRUST_PROXY: 'true',
      ELECTRIC_URL: 'http://electric:3000',
      ELECTRIC_SECRET: 's',
    });
    expect(config).toMatchObject({
      port: 8081,
      databaseUrl: 'postgresql://app@db/studyspot',
      corsOrigins: ['https://a.example', 'https://b.example'],
      stripeSecretKey: 'sk_test_x',
      trustProxy: true,
      electricUrl: 'http://electric:3000',
      electricSecret: 's',
    });
    expect(config.twilioFrom).toBeUndefined();
  });

  it('reports every invalid variable by its name', () => {
    const error = (() => {
      try {
        loadCloudConfig({ PORT: 'x', LOG_LEVEL: 'loud', ELECTRIC_URL: 'ftp://electric' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual([
      'PORT',
      'LOG_LEVEL',
      'ELECTRIC_URL',
    ]);
  });
});

describe('payment provider settings (paymentsConfigOf)', () => {
  const stripeKeys = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };

  it('sends Stripe Checkout back to the app under PUBLIC_URL, through another API host when given', () => {
    const config = loadCloudConfig({
      ...stripeKeys,
      PUBLIC_URL: 'https://studyspot.example',
      STRIPE_API_BASE_URL: 'http://127.0.0.1:4242',
    });
    expect(paymentsConfigOf(config).stripe).toEqual({
      secretKey: 'sk_test_x',
      webhookSecret: 'whsec_x',
      appUrl: 'https://studyspot.example/app/',
      host: '127.0.0.1',
      port: 4242,
      protocol: 'http',
    });
    const rzp = loadCloudConfig({
      RAZORPAY_KEY_ID: 'rzp_test',
      RAZORPAY_KEY_SECRET: 'k',
      RAZORPAY_WEBHOOK_SECRET: 'w',
      RAZORPAY_API_BASE_URL: 'http://127.0.0.1:4343',
    });
    expect(paymentsConfigOf(rzp).razorpay?.apiBaseUrl).toBe('http://127.0.0.1:4343');
  });

  it('refuses Stripe without PUBLIC_URL: Checkout could not return the student', () => {
    expect(() => paymentsConfigOf(loadCloudConfig(stripeKeys))).toThrow(/PUBLIC_URL/);
    expect(() => loadCloudConfig({ PUBLIC_URL: 'studyspot.example' })).toThrow(ConfigError);
  });
});
