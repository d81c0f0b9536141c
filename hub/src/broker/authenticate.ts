/**
 * The aedes `authenticate` hook. Anonymous clients are refused. A device connects with username =
 * its id (and client id = its id, so no one can take over another device's session) and password =
 * its secret, checked against the stored salted hash; a revoked device is refused. Staff dashboards
 * connect with username `staff` and a session token checked by the injected `verifyStaffToken`.
 * The outcome is recorded as the client's `Principal` for the authorization hooks.
 */
import type { AedesOptions, AuthenticateError } from 'aedes';
import type { Db } from '../store/db.ts';
import { findDevice, verifySecret } from './credentials.ts';
import { type Logger, type Principals, STAFF_USERNAME } from './types.ts';

type AuthenticateHandler = NonNullable<AedesOptions['authenticate']>;

export interface AuthenticateDeps {
  db: Db;
  libraryId: string;
  principals: Principals;
  verifyStaffToken: (token: string) => boolean | Promise<boolean>;
  logger: Logger;
}

/** CONNACK return codes of MQTT 3.1.1 (aedes maps them to v5 reason codes). */
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

function refusal(returnCode: number, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

export function makeAuthenticate(deps: AuthenticateDeps): AuthenticateHandler {
  return (client, username, password, done) => {
    check(deps, client.id, username, password?.toString('utf8')).then(
      (principal) => {
        if (typeof principal === 'string') {
          deps.logger.warn({ clientId: client.id, username, reason: principal }, 'mqtt connect refused');
          const code = principal === 'anonymous' ? NOT_AUTHORIZED : BAD_USERNAME_OR_PASSWORD;
          done(refusal(code, principal), false);
          return;
        }
        deps.principals.set(client, principal);
        done(null, true);
      },
      (err: unknown) => {
        deps.logger.error({ err, clientId: client.id }, 'mqtt authenticate failed');
        done(refusal(NOT_AUTHORIZED, 'authentication error'), false);
      },
    );
  };
}

type Refusal = 'anonymous' | 'unknown_device' | 'revoked' | 'bad_secret' | 'client_id' | 'bad_token';

async function check(
  deps: AuthenticateDeps,
  clientId: string,
  username: string | undefined,
  password: string | undefined,
) {
  if (!username || password === undefined) return 'anonymous' satisfies Refusal;
  if (username === STAFF_USERNAME) {
    // A staff client id equal to a device id would make aedes close that device's session.
    if (findDevice(deps.db, clientId)) return 'client_id' satisfies Refusal;
    if (!(await deps.verifyStaffToken(password))) return 'bad_token' satisfies Refusal;
    return { role: 'staff', libraryId: deps.libraryId } as const;
  }
  const device = findDevice(deps.db, username);
  if (!device) return 'unknown_device' satisfies Refusal;
  if (!(await verifySecret(password, device.secret_hash))) return 'bad_secret' satisfies Refusal;
  if (device.revoked_at !== null) return 'revoked' satisfies Refusal;
  if (clientId !== device.id) return 'client_id' satisfies Refusal;
  return { role: 'device', deviceId: device.id, libraryId: device.library_id, kind: device.kind } as const;
}
