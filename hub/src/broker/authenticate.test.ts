import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from './credentials.ts';
import { type Harness, STAFF_TOKEN, startHarness } from './test-harness.ts';

/** The CONNACK return code a refused connect reports (mqtt.js puts it on the error). */
async function refusal(
  h: Harness,
  username: string | undefined,
  password: string | undefined,
  clientId?: string,
) {
  const err = await h.connect(username, password, clientId ? { clientId } : {}).then(
    () => null,
    (e: Error & { code?: number }) => e,
  );
  return err?.code;
}

describe('broker authenticate', () => {
  let h: Harness;
  let secret: string;
  beforeAll(async () => {
    h = await startHarness();
    secret = await h.addDevice('door-1', 'lock');
    await h.addDevice('gone-1', 'lock');
  });
  afterAll(() => h.close());

  it('refuses anonymous clients with "not authorized"', async () => {
    expect(await refusal(h, undefined, undefined)).toBe(5);
  });

  it('refuses a wrong secret, an unknown device and a bad staff token with "bad username or password"', async () => {
    expect(await refusal(h, 'door-1', 'wrong')).toBe(4);
    expect(await refusal(h, 'nobody', secret, 'nobody')).toBe(4);
    expect(await refusal(h, 'staff', 'not-a-token')).toBe(4);
  });

  it('refuses a device whose client id is not its own id (no session takeover)', async () => {
    expect(await refusal(h, 'door-1', secret, 'gone-1')).toBe(4);
  });

  it('refuses staff using a device id as client id', async () => {
    expect(await refusal(h, 'staff', STAFF_TOKEN, 'door-1')).toBe(4);
  });

  it('refuses a revoked device', async () => {
    revokeDevice(h.db, 'gone-1');
    expect(await refusal(h, 'gone-1', h.creds.get('gone-1'))).toBe(4);
  });

  it('accepts a device with its secret and staff with a valid token', async () => {
    const device = await h.connect('door-1', secret);
    const staff = await h.connect('staff', STAFF_TOKEN);
    expect(device.connected && staff.connected).toBe(true);
  });

  it('logs every refusal with its reason', () => {
    const reasons = h.logger.entries
      .filter((e) => e.msg === 'mqtt connect refused')
      .map((e) => (e.obj as { reason: string }).reason);
    expect(new Set(reasons)).toEqual(
      new Set(['anonymous', 'bad_secret', 'unknown_device', 'bad_token', 'client_id', 'revoked']),
    );
  });
});
