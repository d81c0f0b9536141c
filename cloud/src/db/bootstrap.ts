/**
 * Runs once per `migrate()`, before the numbered files, as the connecting role: the two roles
 * (`studyspot_owner` owns every table, `studyspot_api` is what requests run as and owns nothing),
 * the extensions, schema privileges, default DML grants for whatever the owner creates later, and
 * the `schema_migrations` ledger. Every statement is idempotent; roles are cluster-wide, so a
 * second database on the same cluster finds them already there.
 */
export const BOOTSTRAP_SQL = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'studyspot_owner') THEN
    CREATE ROLE studyspot_owner NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'studyspot_api') THEN
    CREATE ROLE studyspot_api NOLOGIN NOINHERIT NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database of the cluster created them concurrently
END $$;

DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'studyspot_owner', 'MEMBER') THEN
    EXECUTE format('GRANT studyspot_owner TO %I', current_user);
  END IF;
  IF NOT pg_has_role(current_user, 'studyspot_api', 'MEMBER') THEN
    EXECUTE format('GRANT studyspot_api TO %I', current_user);
  END IF;
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END $$;

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO studyspot_owner;
GRANT USAGE ON SCHEMA public TO studyspot_api;

CREATE TABLE IF NOT EXISTS schema_migrations (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON schema_migrations FROM PUBLIC;

SET LOCAL ROLE studyspot_owner;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO studyspot_api;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO studyspot_api;
RESET ROLE;
`;
