/**
 * The real `authorizeHub` (ADR 0016): the request's hub id, timestamp and Ed25519 signature are
 * checked against the hubs row (platform read: the tenant is what we are finding out). Unknown,
 * unpaired or revoked hubs, a timestamp more than 5 minutes off and a bad signature all give null
 * (the route answers 401). The tenant and library come from the row, never from the request.
 */
import type { Context } from 'hono';
import type { Database } from '../db/types.ts';
import type { CloudEnv } from '../http/env.ts';
import type { AuthorizeHub, HubIdentity } from '../hub-intake/types.ts';
import {
  HUB_HEADER,
  MAX_SKEW_MS,
  SIGNATURE_HEADER,
  signedMessage,
  TIMESTAMP_HEADER,
  verifySignature,
} from './signature.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface KeyRow {
  tenant_id: string;
  library_id: string;
  public_key: string | null;
  revoked_at: Date | null;
}

export function hubAuthorizer(db: Database, now: () => number = Date.now): AuthorizeHub<Context<CloudEnv>> {
  return async (c) => {
    const hubId = c.req.header(HUB_HEADER);
    const timestamp = c.req.header(TIMESTAMP_HEADER);
    const signature = c.req.header(SIGNATURE_HEADER);
    if (!hubId || !timestamp || !signature || !UUID.test(hubId) || !/^\d{1,16}$/.test(timestamp)) return null;
    if (Math.abs(now() - Number(timestamp)) > MAX_SKEW_MS) return null;
    const [row] = await db.platform((tx) =>
      tx.query<KeyRow>('SELECT tenant_id, library_id, public_key, revoked_at FROM hubs WHERE id = $1', [
        hubId,
      ]),
    );
    if (!row?.public_key || row.revoked_at) return null;
    const method = c.req.method;
    const body = method === 'GET' || method === 'HEAD' ? '' : await c.req.text();
    const url = new URL(c.req.url);
    const message = signedMessage(method, `${url.pathname}${url.search}`, timestamp, body);
    if (!verifySignature(row.public_key, message, signature)) return null;
    const identity: HubIdentity = { tenantId: row.tenant_id, libraryId: row.library_id, hubId };
    return identity;
  };
}
