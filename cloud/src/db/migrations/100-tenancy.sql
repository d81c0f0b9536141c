-- Tenancy: the context functions every policy uses, tenants, user accounts and who works where.
-- Runs as studyspot_owner (the runner does SET LOCAL ROLE); studyspot_api gets DML through the
-- default privileges set at bootstrap. See docs/adr/0009-cloud-tenancy-and-rls.md.

-- The transaction's context, as set by Database.tenant/platform/anonymous with set_config(.., true).
-- app_tenant_id() is exactly nullif(current_setting('app.tenant_id', true), '')::uuid: unset or
-- empty means "no tenant", which matches no row.
CREATE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
CREATE FUNCTION app_platform() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.platform', true), '') = 'on' $$;
CREATE FUNCTION app_public() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.public', true), '') = 'on' $$;

CREATE TYPE user_role AS ENUM ('student', 'staff', 'owner', 'platform_admin');

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = app_tenant_id() OR app_platform())
  WITH CHECK (id = app_tenant_id() OR app_platform());

-- One account per person, across tenants: a student books at many libraries with one phone.
-- `role` is the account kind; staff and owners get their tenant through tenant_users.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  role user_role NOT NULL,
  name text NOT NULL DEFAULT '' CHECK (length(name) <= 120),
  phone text UNIQUE CHECK (phone ~ '^\+?[1-9][0-9]{6,14}$'),
  email text UNIQUE CHECK (email = lower(email) AND length(email) <= 200),
  password_hash text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT students_have_phone CHECK (role <> 'student' OR phone IS NOT NULL),
  CONSTRAINT staff_have_password CHECK (role = 'student' OR (email IS NOT NULL AND password_hash IS NOT NULL))
);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
-- users' policies come in 101, once members exists.

-- Staff and owners of a tenant. Owners see every library of it; staff only those in staff_libraries.
CREATE TABLE tenant_users (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role user_role NOT NULL CHECK (role IN ('staff', 'owner')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX tenant_users_user ON tenant_users (user_id);
ALTER TABLE tenant_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_users
  USING (tenant_id = app_tenant_id() OR app_platform())
  WITH CHECK (tenant_id = app_tenant_id() OR app_platform());
