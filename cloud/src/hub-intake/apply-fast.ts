/**
 * The common case of a hub batch — every mutation well-formed, this hub's, and accepted — in a
 * handful of statements whatever its size (ADR 0021, 0025; catch-up after an outage): one statement
 * records every mutation id in `hub_mutations`, reads the txid and checks that no row the batch
 * names lives in another library; then the rows, one statement per table per run (runs.ts), the
 * last one carrying the COMMIT. It answers exactly what `applyBatch`'s per-mutation path would: a
 * duplicate (already recorded) is `accepted, duplicate` with its first txid.
 *
 * Anything else — a malformed or foreign mutation, or a refusal while writing — returns null and
 * rolls the transaction back whole; `applyBatch` then takes the per-mutation path (savepoints,
 * refusals, audit), so refusals keep their exact semantics. Errors that are not refusals
 * propagate as before (the batch fails; the hub retries it).
 */
import type { MutationResponse, MutationResult, ParsedMutation } from '@studyspot/sync/mutations';
import { parseMutation } from '@studyspot/sync/mutations';
import type { Database, Tx } from '../db/types.ts';
import { refusalOf } from './apply.ts';
import { PLAN_COLUMNS, type PlanState, refreshPlans } from './plans.ts';
import { stepsOf } from './runs.ts';
import type { HubIdentity } from './types.ts';
import { tableOf, write, writeMany } from './writers.ts';

/** Ids as Postgres prints them, so a hub's upper-case id still matches its recorded row. */
const key = (id: string) => id.toLowerCase();

/** Thrown inside the transaction to roll it back and take the per-mutation path. */
class TakePerMutationPath extends Error {}

export async function applyAllAccepted(
  db: Database,
  hub: HubIdentity,
  raws: readonly unknown[],
): Promise<MutationResponse | null> {
  const mutations: ParsedMutation[] = [];
  for (const raw of raws) {
    const parsed = parseMutation(raw);
    if (!parsed.ok) return null;
    const m = parsed.mutation;
    if (m.kind !== 'audit.append' && m.payload.libraryId !== hub.libraryId) return null;
    mutations.push(m);
  }
  try {
    return await db.tenant(hub.tenantId, async (tx) => {
      const { txid, fresh, foreign } = await record(tx, hub, mutations);
      if (foreign) throw new TakePerMutationPath();
      const earlier = await recordedTxids(tx, hub, mutations, fresh);
      const results: MutationResult[] = [];
      const toWrite: ParsedMutation[] = [];
      for (const m of mutations) {
        if (fresh.delete(key(m.id))) {
          toWrite.push(m);
          results.push({ id: m.id, status: 'accepted', txid });
        } else {
          const first = earlier.get(key(m.id)) ?? txid;
          results.push({ id: m.id, status: 'accepted', txid: first, duplicate: true });
        }
      }
      for (const step of stepsOf(toWrite)) {
        if (step.kind === 'one') await write(tx, hub, step.mutation);
        else for (const run of step.runs) await writeMany(tx, hub, run);
      }
      return { results, txid };
    });
  } catch (error) {
    if (error instanceof TakePerMutationPath || refusalOf(error) !== null) return null;
    throw error;
  }
}

/** The tables whose rows a hub mutation names (`tableOf`), in the order of `record`'s id arrays. */
const checked = [
  'members',
  'memberships',
  'bookings',
  'payments',
  'waitlist_entries',
  'booking_requests',
  'hub_commands',
] as const;

/**
 * One statement: records every mutation id (a redelivered one is not recorded again), reads the
 * transaction's txid and whether a row the batch names is stored under another library
 * (wrong_library, which the per-mutation path refuses and audits). Constant text, so it is
 * prepared once per connection.
 */
const RECORD = `WITH recorded AS (
    INSERT INTO hub_mutations (tenant_id, id, hub_id, library_id, kind, entity_id, txid)
    SELECT $1, m.id, $2, $3, m.kind, m.entity_id, pg_current_xact_id()::xid::text::bigint
      FROM json_to_recordset($4::json) AS m(id uuid, kind text, entity_id text, n int4)
     ORDER BY m.n
    ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id)
  SELECT pg_current_xact_id()::xid::text AS txid, ${PLAN_COLUMNS},
         coalesce((SELECT array_agg(id::text) FROM recorded), '{}') AS fresh,
         ${checked
           .map(
             (table, i) =>
               `EXISTS (SELECT 1 FROM ${table} WHERE tenant_id = $1 AND id = ANY($${i + 5}::uuid[]) AND library_id <> $3)`,
           )
           .join('\n      OR ')} AS foreign`;

async function record(
  tx: Tx,
  hub: HubIdentity,
  mutations: ParsedMutation[],
): Promise<{ txid: number; fresh: Set<string>; foreign: boolean }> {
  const ids = new Map<string, string[]>(checked.map((t) => [t, []]));
  for (const m of mutations) {
    const table = tableOf[m.kind];
    if (table) ids.get(table)?.push(m.payload.id);
  }
  const json = JSON.stringify(
    mutations.map((m, n) => ({ id: m.id, kind: m.kind, entity_id: m.entityId, n })),
  );
  const [row] = await tx.query<{ txid: string; fresh: string[]; foreign: boolean } & PlanState>(
    RECORD,
    [hub.tenantId, hub.hubId, hub.libraryId, json, ...checked.map((t) => ids.get(t))],
    { prepare: true },
  );
  if (!row) throw new Error('the intake record statement answered no row');
  await refreshPlans(tx, row);
  return { txid: Number(row.txid), fresh: new Set(row.fresh), foreign: row.foreign === true };
}

/** The txid that first applied each mutation not recorded now. */
async function recordedTxids(
  tx: Tx,
  hub: HubIdentity,
  mutations: ParsedMutation[],
  fresh: Set<string>,
): Promise<Map<string, number>> {
  const old = mutations.map((m) => key(m.id)).filter((id) => !fresh.has(id));
  if (old.length === 0) return new Map();
  const rows = await tx.query<{ id: string; txid: string }>(
    'SELECT id::text, txid FROM hub_mutations WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
    [hub.tenantId, old],
  );
  return new Map(rows.map((r) => [r.id, Number(r.txid)]));
}
