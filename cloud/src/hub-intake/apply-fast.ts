/**
 * The common case of a hub batch — every mutation well-formed, this hub's, and accepted — in a
 * handful of round trips instead of five per mutation (ADR 0021, catch-up after an outage): one
 * ownership query per table, every mutation id recorded in `hub_mutations` by one statement, then
 * one write per mutation, without savepoints. It answers exactly what `applyBatch`'s per-mutation
 * path would: a duplicate (already recorded) is `accepted, duplicate` with its first txid.
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
import type { HubIdentity } from './types.ts';
import { tableOf, write } from './writers.ts';

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
      const [row] = await tx.query<{ txid: string }>('SELECT pg_current_xact_id()::xid::text AS txid');
      const txid = Number(row?.txid);
      if (await storedElsewhere(tx, hub, mutations)) throw new TakePerMutationPath();
      const fresh = await record(tx, hub, mutations, txid);
      const earlier = await recordedTxids(tx, hub, mutations, fresh);
      const results: MutationResult[] = [];
      for (const m of mutations) {
        if (fresh.delete(key(m.id))) {
          await write(tx, hub, m);
          results.push({ id: m.id, status: 'accepted', txid });
        } else {
          results.push({
            id: m.id,
            status: 'accepted',
            txid: earlier.get(key(m.id)) ?? txid,
            duplicate: true,
          });
        }
      }
      return { results, txid };
    });
  } catch (error) {
    if (error instanceof TakePerMutationPath || refusalOf(error) !== null) return null;
    throw error;
  }
}

/** True when a row one of the mutations names exists under another library (wrong_library). */
async function storedElsewhere(tx: Tx, hub: HubIdentity, mutations: ParsedMutation[]): Promise<boolean> {
  const byTable = new Map<string, string[]>();
  for (const m of mutations) {
    const table = m.kind === 'audit.append' ? null : tableOf[m.kind];
    if (table) byTable.set(table, [...(byTable.get(table) ?? []), m.payload.id]);
  }
  for (const [table, ids] of byTable) {
    const [foreign] = await tx.query(
      `SELECT 1 FROM ${table} WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND library_id <> $3 LIMIT 1`,
      [hub.tenantId, ids, hub.libraryId],
    );
    if (foreign) return true;
  }
  return false;
}

/** Records every mutation id; returns the ids recorded now (the others were already). */
async function record(
  tx: Tx,
  hub: HubIdentity,
  mutations: ParsedMutation[],
  txid: number,
): Promise<Set<string>> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO hub_mutations (tenant_id, id, hub_id, library_id, kind, entity_id, txid)
     SELECT $1, m.id, $2, $3, m.kind, m.entity_id, $4
       FROM unnest($5::uuid[], $6::text[], $7::text[]) WITH ORDINALITY AS m(id, kind, entity_id, n)
      ORDER BY m.n
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id::text`,
    [
      hub.tenantId,
      hub.hubId,
      hub.libraryId,
      txid,
      mutations.map((m) => m.id),
      mutations.map((m) => m.kind),
      mutations.map((m) => m.entityId),
    ],
  );
  return new Set(rows.map((r) => r.id));
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
