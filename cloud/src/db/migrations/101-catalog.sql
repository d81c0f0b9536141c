-- What a tenant sells and where: libraries, zones, seats, shifts, plans, staff scoping, members.
-- Every key and foreign key is composite with tenant_id. Published libraries (and their zones,
-- seats, shifts and plans) are readable by anonymous transactions through `public_read` policies,
-- which apply only when app.public = 'on' — a tenant transaction never sees another tenant's rows.

CREATE TABLE libraries (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  timezone text NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
  address jsonb NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  amenities text[] NOT NULL DEFAULT '{}',
  opening_hours jsonb NOT NULL,
  slot_minutes smallint NOT NULL CHECK (slot_minutes IN (15, 30, 60)),
  currency text NOT NULL DEFAULT 'INR' CHECK (currency = 'INR'),
  policy jsonb NOT NULL,
  published boolean NOT NULL DEFAULT false,
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', name || ' ' || coalesce(address ->> 'line1', '') || ' ' ||
      coalesce(address ->> 'line2', '') || ' ' || coalesce(address ->> 'city', '') || ' ' ||
      coalesce(address ->> 'state', '') || ' ' || coalesce(address ->> 'postalCode', ''))
  ) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX libraries_id ON libraries (id);
CREATE INDEX libraries_search ON libraries USING gin (search);
CREATE INDEX libraries_name_trgm ON libraries USING gin (name gin_trgm_ops);
CREATE INDEX libraries_amenities ON libraries USING gin (amenities);
CREATE INDEX libraries_geo ON libraries (lat, lng) WHERE published;

CREATE TABLE zones (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE seats (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  zone_id uuid NOT NULL,
  number text NOT NULL CHECK (length(number) BETWEEN 1 AND 20),
  type text NOT NULL DEFAULT 'standard' CHECK (type IN ('standard', 'window', 'cabin', 'standing')),
  features text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'out_of_service')),
  lock_id text CHECK (length(lock_id) <= 64),
  sensor_id text CHECK (length(sensor_id) <= 64),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, library_id, id),
  UNIQUE (tenant_id, library_id, number),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id)
);

CREATE TABLE shifts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  start_time text NOT NULL CHECK (start_time ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
  end_time text NOT NULL CHECK (end_time ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  CHECK (start_time < end_time)
);

CREATE TABLE plans (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('hourly', 'shift', 'day_pass', 'monthly')),
  shift_id uuid,
  zone_id uuid,
  price_paise bigint NOT NULL CHECK (price_paise BETWEEN 0 AND 10000000000),
  tax_rate_bp integer NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  duration_days integer CHECK (duration_days BETWEEN 1 AND 366),
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, shift_id) REFERENCES shifts (tenant_id, id),
  FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id)
);

CREATE TABLE staff_libraries (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  library_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, user_id, library_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES tenant_users (tenant_id, user_id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE
);

-- A person registered at one library (what the hub knows as a member); user_id links the global
-- account when the student signed up in the app (users are not per tenant, so that key is not).
CREATE TABLE members (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  phone text NOT NULL CHECK (phone ~ '^\+?[1-9][0-9]{6,14}$'),
  email text CHECK (length(email) <= 200),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
  created_at timestamptz NOT NULL DEFAULT now(),
  rev bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, library_id, phone),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX members_user ON members (user_id) WHERE user_id IS NOT NULL;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['libraries', 'zones', 'seats', 'shifts', 'plans', 'staff_libraries', 'members'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id() OR app_platform())'
      ' WITH CHECK (tenant_id = app_tenant_id() OR app_platform())', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['zones', 'seats', 'shifts', 'plans'] LOOP
    EXECUTE format('CREATE POLICY public_read ON %1$I FOR SELECT USING (app_public() AND EXISTS ('
      'SELECT 1 FROM libraries l WHERE l.tenant_id = %1$I.tenant_id AND l.id = %1$I.library_id AND l.published))', t);
  END LOOP;
END $$;
CREATE POLICY public_read ON libraries FOR SELECT USING (app_public() AND published);

-- An account is visible to the platform and to the tenants it works for or is a member of (the
-- subqueries are themselves filtered to the current tenant). Accounts are written only by
-- platform transactions (sign-up, staff invitations run there).
CREATE POLICY account_visible ON users FOR SELECT USING (
  app_platform()
  OR EXISTS (SELECT 1 FROM tenant_users tu WHERE tu.user_id = users.id)
  OR EXISTS (SELECT 1 FROM members m WHERE m.user_id = users.id)
);
CREATE POLICY platform_writes ON users USING (app_platform()) WITH CHECK (app_platform());
