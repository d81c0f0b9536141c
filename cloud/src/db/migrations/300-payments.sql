-- Payments (issue #4 "Payments", ADR 0012): payments, refunds, the webhook ledger, invoices with
-- gap-free numbers per library and year, and their lines. The cloud is the authority for these
-- facts (ARCHITECTURE §3); the hub receives them as a replica.

CREATE TABLE payments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  member_id uuid NOT NULL,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  purpose text NOT NULL CHECK (purpose IN ('booking_request', 'membership', 'booking')),
  -- exactly one target, by purpose
  booking_request_id uuid,
  booking_id uuid,
  plan_id uuid,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 250),
  subtotal_paise bigint NOT NULL CHECK (subtotal_paise >= 0),
  tax_paise bigint NOT NULL CHECK (tax_paise >= 0),
  tax_rate_bp integer NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  amount_paise bigint NOT NULL CHECK (amount_paise = subtotal_paise + tax_paise),
  refunded_paise bigint NOT NULL DEFAULT 0 CHECK (refunded_paise BETWEEN 0 AND amount_paise),
  provider text NOT NULL CHECK (provider IN ('razorpay', 'stripe', 'cash', 'test')),
  -- Razorpay order / Stripe PaymentIntent / test checkout id: null until the provider answered
  provider_ref text,
  provider_payment_id text,
  checkout jsonb,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'captured', 'failed', 'refunded', 'partially_refunded')),
  -- the idempotency key of every outgoing create call (ADR 0012: derived from the id)
  idempotency_key text NOT NULL,
  checkout_attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error text,
  recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  captured_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
  FOREIGN KEY (tenant_id, booking_request_id) REFERENCES booking_requests (tenant_id, id),
  FOREIGN KEY (tenant_id, booking_id) REFERENCES bookings (tenant_id, id),
  FOREIGN KEY (tenant_id, plan_id) REFERENCES plans (tenant_id, id),
  CHECK ((purpose = 'booking_request') = (booking_request_id IS NOT NULL)),
  CHECK ((purpose = 'booking') = (booking_id IS NOT NULL)),
  CHECK (purpose <> 'membership' OR plan_id IS NOT NULL)
);
-- webhooks find their payment by the provider's reference (one provider object per payment)
CREATE UNIQUE INDEX payments_provider_ref ON payments (provider, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX payments_library_captured ON payments (tenant_id, library_id, captured_at);
CREATE INDEX payments_request ON payments (tenant_id, booking_request_id) WHERE booking_request_id IS NOT NULL;
CREATE INDEX payments_retry ON payments (next_attempt_at) WHERE status = 'pending' AND provider_ref IS NULL;

CREATE TABLE refunds (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  payment_id uuid NOT NULL,
  amount_paise bigint NOT NULL CHECK (amount_paise > 0),
  reason text NOT NULL CHECK (reason IN ('cancelled', 'request_rejected', 'staff')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed')),
  provider_ref text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
);
CREATE INDEX refunds_payment ON refunds (tenant_id, payment_id);

-- The per-library, per-year invoice counter. Issuing an invoice increments it in the payment's
-- transaction (the row lock serialises concurrent captures; a rollback gives the number back),
-- so numbers have no gaps and no duplicates.
CREATE TABLE invoice_counters (
  tenant_id uuid NOT NULL,
  library_id uuid NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
  last_number integer NOT NULL CHECK (last_number >= 1),
  PRIMARY KEY (tenant_id, library_id, year),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE invoices (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  payment_id uuid NOT NULL,
  year integer NOT NULL,
  seq integer NOT NULL CHECK (seq >= 1),
  number text NOT NULL,
  issued_at timestamptz NOT NULL,
  bill_to jsonb NOT NULL,
  subtotal_paise bigint NOT NULL CHECK (subtotal_paise >= 0),
  tax_paise bigint NOT NULL CHECK (tax_paise >= 0),
  total_paise bigint NOT NULL CHECK (total_paise = subtotal_paise + tax_paise),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, payment_id),
  UNIQUE (tenant_id, library_id, year, seq),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
);
CREATE INDEX invoices_library_issued ON invoices (tenant_id, library_id, issued_at DESC);

-- What was sold and the tax on it: one 'item' line, then one line per tax component (CGST + SGST).
CREATE TABLE invoice_lines (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL,
  position smallint NOT NULL CHECK (position >= 1),
  kind text NOT NULL CHECK (kind IN ('item', 'tax')),
  description text NOT NULL,
  rate_bp integer NOT NULL DEFAULT 0 CHECK (rate_bp BETWEEN 0 AND 10000),
  amount_paise bigint NOT NULL CHECK (amount_paise >= 0),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, invoice_id, position),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE
);

-- Whether a remote request's hold is paid. The hub confirms (ARCHITECTURE §3); this only records
-- the money side for it.
ALTER TABLE booking_requests ADD COLUMN payment_status text NOT NULL DEFAULT 'none'
  CHECK (payment_status IN ('none', 'pending', 'paid', 'refunded'));

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['payments', 'refunds', 'invoice_counters', 'invoices', 'invoice_lines'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id() OR app_platform())'
      ' WITH CHECK (tenant_id = app_tenant_id() OR app_platform())', t);
  END LOOP;
END $$;

-- The provider events already acted on. A provider account is the platform's, not a tenant's, and
-- an event is recorded before we know (or even when there is no) tenant, so this is a platform
-- table: only platform transactions (the webhook intake) see or write it. The insert shares the
-- transaction of the event's effect (ON CONFLICT DO NOTHING: the first delivery wins).
CREATE TABLE webhook_events (
  provider text NOT NULL CHECK (provider IN ('razorpay', 'stripe', 'test')),
  event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 200),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);
ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_events FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON webhook_events USING (app_platform()) WITH CHECK (app_platform());
