-- The cloud's public JWT keys for the hubs (issue #5 "signing keys", ADR 0024): a hub verifies a
-- cloud access token offline, so it needs the JWKS — kid, public JWK, status — before the line goes
-- down. `signing_keys` is platform-only and holds the private keys, so it is never replicated;
-- instead triggers keep one copy of its PUBLIC part per library (the hub's scope), which the
-- `hub_signing_keys` shape replicates like every other library shape. Only the RSA public members
-- (kty, n, e) and kid/alg/use are copied, whatever else a stored JWK might carry. A key is copied
-- while it is `active` or `verify`; retiring it deletes the copies.

CREATE TABLE hub_signing_keys (
  tenant_id uuid NOT NULL,
  -- md5(library_id:kid) as a uuid
  id uuid NOT NULL,
  library_id uuid NOT NULL,
  kid text NOT NULL,
  public_jwk jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'verify')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, library_id, kid),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE hub_signing_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub_signing_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hub_signing_keys USING (tenant_id = app_tenant_id() OR app_platform())
  WITH CHECK (tenant_id = app_tenant_id() OR app_platform());

CREATE TRIGGER sync_log AFTER INSERT OR UPDATE OR DELETE ON hub_signing_keys
  FOR EACH ROW EXECUTE FUNCTION sync_log_change();

-- Brings the copies of one library (both NULL: of every library) in line with
-- signing_keys. app.platform is on inside (restored on return): signing_keys is platform-only, and
-- a library created in a tenant transaction must still get the keys.
CREATE FUNCTION hub_signing_keys_refresh(p_tenant uuid, p_library uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE was text := current_setting('app.platform', true);
BEGIN
  PERFORM set_config('app.platform', 'on', true);
  WITH want AS (
    SELECT l.tenant_id, md5(l.id::text || ':' || k.kid)::uuid AS id, l.id AS library_id, k.kid,
           jsonb_strip_nulls(jsonb_build_object(
             'kty', k.public_jwk -> 'kty', 'n', k.public_jwk -> 'n', 'e', k.public_jwk -> 'e',
             'kid', k.kid, 'alg', 'RS256', 'use', 'sig')) AS public_jwk,
           k.status, k.created_at
      FROM libraries l CROSS JOIN signing_keys k
     WHERE k.status IN ('active', 'verify') AND (p_library IS NULL OR (l.tenant_id = p_tenant AND l.id = p_library))
  ), gone AS (
    DELETE FROM hub_signing_keys h
     WHERE (p_library IS NULL OR (h.tenant_id = p_tenant AND h.library_id = p_library))
       AND NOT EXISTS (SELECT 1 FROM want w WHERE w.tenant_id = h.tenant_id AND w.id = h.id)
  )
  INSERT INTO hub_signing_keys (tenant_id, id, library_id, kid, public_jwk, status, created_at)
  SELECT tenant_id, id, library_id, kid, public_jwk, status, created_at FROM want
  ON CONFLICT (tenant_id, id) DO UPDATE SET public_jwk = excluded.public_jwk, status = excluded.status
   WHERE (hub_signing_keys.public_jwk, hub_signing_keys.status)
         IS DISTINCT FROM (excluded.public_jwk, excluded.status);
  PERFORM set_config('app.platform', coalesce(was, ''), true);
END $$;

CREATE FUNCTION hub_signing_keys_on_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM hub_signing_keys_refresh(NULL, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER hub_signing_keys_refresh AFTER INSERT OR UPDATE OR DELETE ON signing_keys
  FOR EACH STATEMENT EXECUTE FUNCTION hub_signing_keys_on_keys();

CREATE FUNCTION hub_signing_keys_on_library() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM hub_signing_keys_refresh(NEW.tenant_id, NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER hub_signing_keys_refresh AFTER INSERT ON libraries
  FOR EACH ROW EXECUTE FUNCTION hub_signing_keys_on_library();

DO $$
BEGIN
  PERFORM set_config('app.platform', 'on', true);
  PERFORM hub_signing_keys_refresh(NULL, NULL);
  PERFORM set_config('app.platform', '', true);
END $$;
