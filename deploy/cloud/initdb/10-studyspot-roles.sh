#!/usr/bin/env bash
# Runs once, on the first start of an empty Postgres volume (docker-entrypoint-initdb.d). Creates
# the roles of ADR 0009 ahead of the cloud's own bootstrap (which keeps them as they are):
# studyspot_api (NOLOGIN, owns nothing, no RLS bypass) and studyspot_app, the API pool's login,
# a member of studyspot_api only. Migrations log in as postgres (DATABASE_MIGRATION_URL).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v api_password="$API_DB_PASSWORD" <<'SQL'
CREATE ROLE studyspot_api NOLOGIN NOINHERIT NOCREATEDB NOCREATEROLE NOBYPASSRLS;
CREATE ROLE studyspot_app LOGIN NOINHERIT PASSWORD :'api_password' IN ROLE studyspot_api;
SQL
