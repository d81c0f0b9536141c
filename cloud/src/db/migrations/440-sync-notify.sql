-- Freshness of the shape server (issue #5, ADR 0021): the change-log trigger also NOTIFYs
-- `sync_changes` with `<tenant id>:<table>`, so the server wakes exactly the long-polls of that
-- tenant's shape on that table instead of waiting for its next poll. NOTIFY is queued by the
-- writer's transaction and delivered only after it commits (never for a rollback); identical
-- payloads in one transaction are delivered once, so a bulk write costs one notification per
-- table. pg_notify is executable by PUBLIC: the API role needs no new privilege, and the payload
-- carries only ids the listener (the cloud itself) may know. Log order stays commit order: the
-- advisory lock and the lsn allocation are unchanged (ADR 0013).

CREATE OR REPLACE FUNCTION sync_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
  old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
  key_row jsonb := coalesce(new_row, old_row);
BEGIN
  PERFORM pg_advisory_xact_lock(7381);
  INSERT INTO sync_changes (tenant_id, table_name, op, pk, row, old, txid)
  VALUES ((key_row ->> 'tenant_id')::uuid, TG_TABLE_NAME, lower(TG_OP),
          jsonb_build_object('tenant_id', key_row -> 'tenant_id', 'id', key_row -> 'id'),
          new_row, old_row, pg_current_xact_id()::xid::text::bigint);
  PERFORM pg_notify('sync_changes', (key_row ->> 'tenant_id') || ':' || TG_TABLE_NAME);
  RETURN NULL;
END $$;
