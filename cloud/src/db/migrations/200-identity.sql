-- Identity (ADR 0010): profile and notification preferences on the global account, JWT signing
-- keys, phone OTP challenges and rotating refresh tokens. None of the new tables belongs to a
-- tenant: they are read and written only by platform transactions (policy `platform_only`), so a
-- tenant or anonymous transaction sees none of their rows.

ALTER TABLE users
  ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'hi')),
  ADD COLUMN time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64),
  ADD COLUMN opted_out text[] NOT NULL DEFAULT '{}'
    CHECK (opted_out <@ ARRAY['sms', 'whatsapp', 'email', 'push', 'outbox']::text[]),
  ADD COLUMN quiet_start text CHECK (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  ADD COLUMN quiet_end text CHECK (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  ADD COLUMN push_subscription jsonb,
  ADD CONSTRAINT quiet_hours_pair CHECK ((quiet_start IS NULL) = (quiet_end IS NULL));

-- RS256 keys. `active` signs (at most one); `verify` still verifies and is published in the JWKS;
-- `retired` is neither. private_pem is AES-256-GCM sealed when the cloud has IDENTITY_SECRET.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY CHECK (length(kid) BETWEEN 1 AND 100),
  status text NOT NULL CHECK (status IN ('active', 'verify', 'retired')),
  public_jwk jsonb NOT NULL,
  private_key text NOT NULL,
  encrypted boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (status) WHERE status = 'active';

-- One row per code sent. A new request supersedes the phone's pending code; a code is burned
-- after 5 attempts. code_hash is argon2id (salted, slow): a 6-digit code is not recoverable
-- from a database copy within its 5 minutes.
CREATE TABLE otp_challenges (
  id uuid PRIMARY KEY,
  phone text NOT NULL CHECK (phone ~ '^\+?[1-9][0-9]{6,14}$'),
  channel text NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
  code_hash text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'used', 'superseded', 'burned')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 5),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX otp_challenges_phone ON otp_challenges (phone, created_at DESC);
CREATE UNIQUE INDEX otp_challenges_one_pending ON otp_challenges (phone) WHERE status = 'pending';

-- Opaque refresh tokens, stored as SHA-256 (they are 256 random bits). A family is one sign-in;
-- every refresh rotates the token within its family, and reuse of a rotated token revokes it.
CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  family_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  acting_tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('active', 'rotated', 'revoked')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['signing_keys', 'otp_challenges', 'refresh_tokens'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY platform_only ON %I USING (app_platform()) WITH CHECK (app_platform())', t);
  END LOOP;
END $$;
