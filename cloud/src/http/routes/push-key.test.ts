/**
 * GET /v1/push/key: null without VAPID keys (or with only some of them, as the web-push provider
 * needs all three), the public key with them; answered to anyone, signed in or not.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../test/support/http.ts';
import { routeDeps } from '../app.ts';
import { pushKeyRoutes } from './push-key.ts';

const deps = () => routeDeps({ db: {} as never, logger: silentLogger() });
const keyOf = async (env: Record<string, string>) =>
  (await pushKeyRoutes(deps(), env).request('/push/key')).json();

describe('GET /v1/push/key', () => {
  it('is null without a complete VAPID configuration', async () => {
    await expect(keyOf({})).resolves.toEqual({ publicKey: null });
    await expect(
      keyOf({ VAPID_PUBLIC_KEY: 'BPub', VAPID_SUBJECT: 'mailto:ops@example.test' }),
    ).resolves.toEqual({
      publicKey: null,
    });
  });

  it('is the public key when web push is configured', async () => {
    const env = {
      VAPID_PUBLIC_KEY: 'BPublicKey',
      VAPID_PRIVATE_KEY: 'secret',
      VAPID_SUBJECT: 'mailto:ops@example.test',
    };
    await expect(keyOf(env)).resolves.toEqual({ publicKey: 'BPublicKey' });
  });
});
