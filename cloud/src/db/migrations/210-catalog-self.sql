-- Catalog and student self-service (issue #4, ADR 0011): seat grid positions for the layout
-- editor, the acting account as transaction context (`app.user_id`), and `self_read` policies
-- that let a user-scoped transaction (Database.user) read a student's own rows across tenants.
-- The self policies are SELECT only and apply only when no tenant is set, so a tenant
-- transaction never sees another tenant's rows through them.

CREATE OR REPLACE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

-- Where a seat sits on the library's floor grid (both null: not placed yet).
ALTER TABLE seats ADD COLUMN grid_row smallint CHECK (grid_row BETWEEN 0 AND 999);
ALTER TABLE seats ADD COLUMN grid_col smallint CHECK (grid_col BETWEEN 0 AND 999);

-- An account may read itself (a tenant transaction acting for a student reads the phone it
-- needs to register the student as a member of one of its libraries).
CREATE POLICY self_read ON users FOR SELECT USING (id = app_user_id());

CREATE POLICY self_read ON members FOR SELECT
  USING (app_tenant_id() IS NULL AND user_id = app_user_id());

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['memberships', 'bookings', 'booking_requests'] LOOP
    EXECUTE format('CREATE POLICY self_read ON %1$I FOR SELECT USING (app_tenant_id() IS NULL AND EXISTS ('
      'SELECT 1 FROM members m WHERE m.tenant_id = %1$I.tenant_id AND m.id = %1$I.member_id'
      ' AND m.user_id = app_user_id()))', t);
  END LOOP;
END $$;

-- The libraries (and their seats) a student is a member of, so their lists can name them even
-- when unpublished.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['libraries', 'seats'] LOOP
    EXECUTE format('CREATE POLICY self_read ON %1$I FOR SELECT USING (app_tenant_id() IS NULL AND EXISTS ('
      'SELECT 1 FROM members m WHERE m.tenant_id = %1$I.tenant_id AND m.library_id = %1$I.%2$I'
      ' AND m.user_id = app_user_id()))', t, CASE t WHEN 'libraries' THEN 'id' ELSE 'library_id' END);
  END LOOP;
END $$;

CREATE INDEX booking_requests_requested_by ON booking_requests (requested_by, created_at)
  WHERE requested_by IS NOT NULL;
CREATE INDEX audit_log_keyset ON audit_log (tenant_id, at DESC, id DESC);
