/**
 * Idempotency keys for retried writes (`Idempotency-Key` header): the first request with a key
 * claims it in the write's own transaction and stores its response there, so a retry after a
 * lost answer gets the same response and no second row. A concurrent retry waits on the key's
 * unique index until the first commits (or rolls back, when it takes the key itself). The same key
 * with a different body is 409 conflict; keys lapse after 24 hours.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '@studyspot/core';
import type { Tx } from '../db/types.ts';

export interface IdempotencyClaim {
  tenantId: string;
  scope: string;
  key: string;
  requestHash: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export const hashRequest = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Claims the key (null: go ahead) or returns the response stored under it. */
export async function claimKey(tx: Tx, claim: IdempotencyClaim): Promise<StoredResponse | null> {
  const params = [claim.tenantId, claim.scope, claim.key, claim.requestHash];
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = NULL,
       response = NULL, created_at = now(), expires_at = now() + interval '24 hours'
       WHERE idempotency_keys.expires_at < now()
     RETURNING key`,
    params,
  );
  if (claimed.length > 0) return null;
  const [stored] = await tx.query<{ request_hash: string; status: number | null; response: unknown }>(
    'SELECT request_hash, status, response FROM idempotency_keys WHERE tenant_id = $1 AND scope = $2 AND key = $3',
    params.slice(0, 3),
  );
  if (!stored || stored.status === null) throw new Error('idempotency key without a stored response');
  if (stored.request_hash !== claim.requestHash)
    throw new DomainError('conflict', 'this Idempotency-Key was used for a different request', {
      field: 'idempotency-key',
    });
  return { status: stored.status, body: stored.response };
}

/** Stores the response under the claimed key; `commit: true` when it is the transaction's last write. */
export async function storeResponse(
  tx: Tx,
  claim: IdempotencyClaim,
  response: StoredResponse,
  options: { commit?: boolean } = {},
): Promise<void> {
  await tx.query(
    'UPDATE idempotency_keys SET status = $4, response = $5 WHERE tenant_id = $1 AND scope = $2 AND key = $3',
    [claim.tenantId, claim.scope, claim.key, response.status, JSON.stringify(response.body)],
    { commit: options.commit === true },
  );
}
