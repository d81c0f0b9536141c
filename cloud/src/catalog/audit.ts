/**
 * The audit trail of owner and admin writes: one `audit_log` row per action, written in the
 * action's own transaction so an action and its record commit or vanish together.
 */
import type { Context } from 'hono';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../db/types.ts';
import type { CloudEnv } from '../http/env.ts';
import { principalOf } from '../http/middleware.ts';

export interface AuditEntry {
  tenantId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(c: Context<CloudEnv>, tx: Tx, entry: AuditEntry): Promise<void> {
  const principal = principalOf(c);
  await tx.query(
    `INSERT INTO audit_log (tenant_id, id, actor_user_id, actor_role, action, target_type, target_id, detail,
       request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.tenantId,
      uuidv7(),
      principal.userId,
      principal.role,
      entry.action,
      entry.targetType,
      entry.targetId,
      entry.detail ?? {},
      c.get('requestId'),
    ],
  );
}
