-- The change log behind the built-in shape server (issue #5, ADR 0013): an AFTER trigger on every
-- table a hub replicates appends one row per changed row. Writers to those tables serialize on a
-- transaction-scoped advisory lock taken before the log position is allocated, so log order is
-- commit order and a reader that has seen position N has seen every position below N.

CREATE TABLE sync_changes (
  lsn bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- no foreign key: deleting a tenant cascades into synced tables, whose triggers log here
  tenant_id uuid NOT NULL,
  table_name text NOT NULL,
  op text NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  pk jsonb NOT NULL,
  -- the new row (insert, update) or null (delete)
  row jsonb,
  -- the previous row (update, delete) or null (insert): updates may move a row in or out of a shape
  old jsonb,
  -- pg_current_xact_id()::xid — the 32-bit id Electric reports in headers.txids
  txid bigint NOT NULL
);
CREATE INDEX sync_changes_tail ON sync_changes (tenant_id, table_name, lsn);

-- A shape's handle generation: bumping it invalidates the handles hubs hold (409 must-refetch).
-- No row means generation 1.
CREATE TABLE sync_shapes (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  library_id uuid NOT NULL,
  shape text NOT NULL CHECK (length(shape) BETWEEN 1 AND 64),
  generation integer NOT NULL CHECK (generation >= 1),
  PRIMARY KEY (tenant_id, library_id, shape),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['sync_changes', 'sync_shapes'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id() OR app_platform())'
      ' WITH CHECK (tenant_id = app_tenant_id() OR app_platform())', t);
  END LOOP;
END $$;
-- The log is written only by the trigger: the API may read it, never rewrite it.
REVOKE UPDATE, DELETE ON sync_changes FROM studyspot_api;

-- 7381 = 'sync' on a phone keypad: the one lock every writer of a synced table takes.
CREATE FUNCTION sync_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['libraries', 'zones', 'seats', 'shifts', 'plans', 'members', 'memberships',
                           'booking_requests', 'payments'] LOOP
    EXECUTE format('CREATE TRIGGER sync_log AFTER INSERT OR UPDATE OR DELETE ON %I'
      ' FOR EACH ROW EXECUTE FUNCTION sync_log_change()', t);
  END LOOP;
END $$;
