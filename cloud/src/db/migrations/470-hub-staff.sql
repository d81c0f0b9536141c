-- Staff for the hubs (issue #5 "this library's staff", ADR 0024): one row per (library, person who
-- may work there) — the tenant's owners at every library of it, staff at the libraries listed in
-- staff_libraries — with what a hub needs to let them sign in at its desk while the line is down:
-- name, email (the hub username), role, the argon2id password hash and whether the account is
-- active. The `hub_staff` shape replicates it to each library's hub.
--
-- The table is derived, never written by a route: triggers on users, tenant_users, staff_libraries
-- and libraries recompute the rows of the person (or library) that changed, so every existing and
-- future route that changes staff keeps the hubs right. A disabled account keeps its rows with
-- active = false (the hub ends its sessions); a person removed from a library loses the row.

CREATE TABLE hub_staff (
  tenant_id uuid NOT NULL,
  -- md5(user_id:library_id) as a uuid: the same person at the same library keeps the same id
  id uuid NOT NULL,
  library_id uuid NOT NULL,
  user_id uuid NOT NULL,
  name text NOT NULL,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('staff', 'owner')),
  password_hash text NOT NULL,
  active boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, library_id, user_id),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, user_id) REFERENCES tenant_users (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX hub_staff_user ON hub_staff (user_id);

ALTER TABLE hub_staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub_staff FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hub_staff USING (tenant_id = app_tenant_id() OR app_platform())
  WITH CHECK (tenant_id = app_tenant_id() OR app_platform());

CREATE TRIGGER sync_log AFTER INSERT OR UPDATE OR DELETE ON hub_staff
  FOR EACH ROW EXECUTE FUNCTION sync_log_change();

-- Recomputes the hub_staff rows of one person in one tenant, in one statement (the API role may not
-- create temporary tables). Runs with app.platform on, restored on return: users are written in
-- platform transactions and staff_libraries in tenant ones, and the result must not depend on
-- which context made the change. It only touches p_tenant's rows; it is called only by the
-- triggers below, with a tenant and person whose row the caller was allowed to change.
CREATE FUNCTION hub_staff_refresh(p_tenant uuid, p_user uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE was text := current_setting('app.platform', true);
BEGIN
  PERFORM set_config('app.platform', 'on', true);
  WITH want AS (
    SELECT tu.tenant_id, md5(u.id::text || ':' || l.id::text)::uuid AS id, l.id AS library_id,
           u.id AS user_id, u.name, u.email, tu.role::text AS role, u.password_hash,
           u.status = 'active' AS active
      FROM tenant_users tu
      JOIN users u ON u.id = tu.user_id
      JOIN libraries l ON l.tenant_id = tu.tenant_id
     WHERE tu.tenant_id = p_tenant AND tu.user_id = p_user
       AND u.email IS NOT NULL AND u.password_hash IS NOT NULL
       AND (tu.role = 'owner' OR EXISTS (
         SELECT 1 FROM staff_libraries sl
          WHERE sl.tenant_id = tu.tenant_id AND sl.user_id = tu.user_id AND sl.library_id = l.id))
  ), gone AS (
    DELETE FROM hub_staff h
     WHERE h.tenant_id = p_tenant AND h.user_id = p_user
       AND NOT EXISTS (SELECT 1 FROM want w WHERE w.id = h.id)
  )
  INSERT INTO hub_staff (tenant_id, id, library_id, user_id, name, email, role, password_hash, active)
  SELECT tenant_id, id, library_id, user_id, name, email, role, password_hash, active FROM want
  ON CONFLICT (tenant_id, id) DO UPDATE
     SET name = excluded.name, email = excluded.email, role = excluded.role,
         password_hash = excluded.password_hash, active = excluded.active, updated_at = now()
   -- no change, no update: nothing is logged and no hub re-reads an identical row
   WHERE (hub_staff.name, hub_staff.email, hub_staff.role, hub_staff.password_hash, hub_staff.active)
         IS DISTINCT FROM (excluded.name, excluded.email, excluded.role, excluded.password_hash, excluded.active);
  PERFORM set_config('app.platform', coalesce(was, ''), true);
END $$;

CREATE FUNCTION hub_staff_on_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM hub_staff_refresh(OLD.tenant_id, OLD.user_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM hub_staff_refresh(NEW.tenant_id, NEW.user_id); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER hub_staff_refresh AFTER INSERT OR UPDATE OR DELETE ON tenant_users
  FOR EACH ROW EXECUTE FUNCTION hub_staff_on_person();
CREATE TRIGGER hub_staff_refresh AFTER INSERT OR UPDATE OR DELETE ON staff_libraries
  FOR EACH ROW EXECUTE FUNCTION hub_staff_on_person();

-- An account's name, email, password or status changed: every tenant it works for.
CREATE FUNCTION hub_staff_on_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM hub_staff_refresh(tu.tenant_id, tu.user_id) FROM tenant_users tu WHERE tu.user_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER hub_staff_refresh AFTER UPDATE OF name, email, password_hash, status ON users
  FOR EACH ROW WHEN ((OLD.name, OLD.email, OLD.password_hash, OLD.status)
                     IS DISTINCT FROM (NEW.name, NEW.email, NEW.password_hash, NEW.status))
  EXECUTE FUNCTION hub_staff_on_account();

-- A new library: the tenant's owners work there at once (a deleted one cascades).
CREATE FUNCTION hub_staff_on_library() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM hub_staff_refresh(tu.tenant_id, tu.user_id) FROM tenant_users tu
   WHERE tu.tenant_id = NEW.tenant_id AND tu.role = 'owner';
  RETURN NULL;
END $$;
CREATE TRIGGER hub_staff_refresh AFTER INSERT ON libraries
  FOR EACH ROW EXECUTE FUNCTION hub_staff_on_library();

-- The people who work for a tenant today.
DO $$
BEGIN
  PERFORM set_config('app.platform', 'on', true);
  PERFORM hub_staff_refresh(tenant_id, user_id) FROM tenant_users;
  PERFORM set_config('app.platform', '', true);
END $$;
