-- Per-library reads without a full scan: every hub shape filters `tenant_id = … AND library_id = …`
-- (sync/src/shapes/definitions.ts), and the owner portal lists zones, shifts, plans and memberships
-- by library. Seats and members already have such an index through their UNIQUE constraints;
-- bookings, requests, payments and waitlist entries through their own indexes.
CREATE INDEX zones_library ON zones (tenant_id, library_id);
CREATE INDEX shifts_library ON shifts (tenant_id, library_id);
CREATE INDEX plans_library ON plans (tenant_id, library_id);
CREATE INDEX memberships_library ON memberships (tenant_id, library_id, ends_on);
