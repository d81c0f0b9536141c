/**
 * The applier of the hub write path (ADR 0014). A batch runs in one tenant transaction; each
 * mutation in a savepoint of its own, so a refused one rolls back alone. The mutation id is
 * recorded in `hub_mutations` in the same transaction as its effect — first, so a concurrent or
 * later redelivery finds it and answers the original result with no second effect.
 *
 * Refusals: `malformed` (fails the wire schema), `wrong_library` (names a library other than the
 * hub's, or an entity stored under another library; audited), `conflict` (a constraint such as the
 * bookings exclusion refused it — the hub is authoritative so this should not happen; audited),
 * `unknown_reference` (a foreign key is missing), `invalid` (a check refused a value). Anything
 * else (connection, serialization) fails the batch: the route answers 503 and the hub retries.
 */
import type {
  MutationResponse,
  MutationResult,
  ParsedMutation,
  RejectionCode,
} from '@studyspot/sync/mutations';
import { parseMutation } from '@studyspot/sync/mutations';
import { pgErrorCode } from '../db/pg-errors.ts';
import type { Database, Tx } from '../db/types.ts';
import { MutationRefusal } from './answers.ts';
import { applyAllAccepted } from './apply-fast.ts';
import { PLAN_COLUMNS, type PlanState, refreshPlans } from './plans.ts';
import type { HubIdentity } from './types.ts';
import { tableOf, write } from './writers.ts';

type Rejected = Extract<MutationResult, { status: 'rejected' }>;

const rejected = (id: string | null, code: RejectionCode, message: string): Rejected => ({
  id,
  status: 'rejected',
  code,
  message,
});

/** The refusal a Postgres error means for one mutation, or null when it is not the mutation's fault. */
export function refusalOf(error: unknown): RejectionCode | null {
  if (error instanceof MutationRefusal) return error.code;
  const code = pgErrorCode(error);
  if (code === '23P01' || code === '23505') return 'conflict';
  if (code === '23503') return 'unknown_reference';
  if (code === '23514' || code === '23502' || code?.startsWith('22')) return 'invalid';
  return null;
}

/** Applies a batch for `hub`; one result per element of `raws`, in order. */
export async function applyBatch(
  db: Database,
  hub: HubIdentity,
  raws: readonly unknown[],
): Promise<MutationResponse> {
  // The common case in a few statements; null when a mutation needs the per-mutation path below.
  return (await applyAllAccepted(db, hub, raws)) ?? applyEach(db, hub, raws);
}

/** The per-mutation path: each mutation in a savepoint of its own, refused ones rolled back alone. */
export function applyEach(
  db: Database,
  hub: HubIdentity,
  raws: readonly unknown[],
): Promise<MutationResponse> {
  return db.tenant(hub.tenantId, async (tx) => {
    const [row] = await tx.query<{ txid: string } & PlanState>(
      `SELECT pg_current_xact_id()::xid::text AS txid, ${PLAN_COLUMNS}`,
    );
    if (row) await refreshPlans(tx, row);
    const txid = Number(row?.txid);
    const results: MutationResult[] = [];
    for (const raw of raws) results.push(await applyOne(tx, hub, raw, txid));
    return { results, txid };
  });
}

async function applyOne(tx: Tx, hub: HubIdentity, raw: unknown, txid: number): Promise<MutationResult> {
  const parsed = parseMutation(raw);
  if (!parsed.ok) return rejected(parsed.id, 'malformed', parsed.message);
  const m = parsed.mutation;
  const foreign = await foreignLibrary(tx, hub, m);
  if (foreign) return refuse(tx, hub, m, rejected(m.id, 'wrong_library', foreign));
  await tx.query('SAVEPOINT hub_mutation');
  try {
    const [recorded] = await tx.query<{ txid: string }>(
      `INSERT INTO hub_mutations (tenant_id, id, hub_id, library_id, kind, entity_id, txid)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, id) DO NOTHING RETURNING txid`,
      [hub.tenantId, m.id, hub.hubId, hub.libraryId, m.kind, m.entityId, txid],
    );
    if (!recorded) {
      await tx.query('RELEASE SAVEPOINT hub_mutation');
      return { id: m.id, status: 'accepted', txid: await recordedTxid(tx, hub, m.id), duplicate: true };
    }
    await write(tx, hub, m);
    await tx.query('RELEASE SAVEPOINT hub_mutation');
    return { id: m.id, status: 'accepted', txid };
  } catch (error) {
    const code = refusalOf(error);
    if (!code) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT hub_mutation');
    await tx.query('RELEASE SAVEPOINT hub_mutation');
    const refusal = rejected(m.id, code, error instanceof Error ? error.message : String(error));
    return code === 'conflict' ? refuse(tx, hub, m, refusal) : refusal;
  }
}

async function recordedTxid(tx: Tx, hub: HubIdentity, id: string): Promise<number> {
  const [row] = await tx.query<{ txid: string }>(
    'SELECT txid FROM hub_mutations WHERE tenant_id = $1 AND id = $2',
    [hub.tenantId, id],
  );
  return Number(row?.txid);
}

/** Why `m` is not this hub's to write, or null: its payload names another library, or its row lives in one. */
async function foreignLibrary(tx: Tx, hub: HubIdentity, m: ParsedMutation): Promise<string | null> {
  if (m.kind === 'audit.append') return null;
  if (m.payload.libraryId !== hub.libraryId) return `the mutation is for library ${m.payload.libraryId}`;
  const table = tableOf[m.kind];
  if (!table) return null;
  const [row] = await tx.query<{ library_id: string }>(
    `SELECT library_id FROM ${table} WHERE tenant_id = $1 AND id = $2`,
    [hub.tenantId, m.payload.id],
  );
  return row && row.library_id !== hub.libraryId
    ? `the ${table} row belongs to library ${row.library_id}`
    : null;
}

/** Audits a refusal the tenant should hear of (once per mutation id), and returns it. */
async function refuse(tx: Tx, hub: HubIdentity, m: ParsedMutation, refusal: Rejected): Promise<Rejected> {
  await tx.query(
    `INSERT INTO audit_log (tenant_id, id, action, target_type, target_id, detail)
     VALUES ($1, $2, 'hub.mutation_rejected', 'hub', $3, $4::jsonb) ON CONFLICT (tenant_id, id) DO NOTHING`,
    [
      hub.tenantId,
      m.id,
      hub.hubId,
      JSON.stringify({
        code: refusal.code,
        message: refusal.message,
        kind: m.kind,
        entityId: m.entityId,
        libraryId: hub.libraryId,
      }),
    ],
  );
  return refusal;
}
