#!/usr/bin/env bash
# Runs once, when the postgres volume is first initialised (docker-entrypoint-initdb.d).
# One role per consumer, each owning only its databases:
#   livechat -> livechat                          (the app; `livechat migrate` creates the tables)
#   temporal -> temporal, temporal_visibility     (Temporal's postgres12 plugin; deploy/temporal/schema.sh)
# Changing a *_DB_PASSWORD later needs ALTER ROLE (or a fresh volume): this does not run again.
# Subshell: the postgres entrypoint sources (not executes) a .sh that lost its exec bit,
# and `set` must not leak into it.
(
set -euo pipefail

: "${LIVECHAT_DB_PASSWORD:?}"
: "${TEMPORAL_DB_PASSWORD:?}"

# Passwords go in as psql variables (:'var' quotes them), never spliced into SQL text.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v livechat_pw="$LIVECHAT_DB_PASSWORD" \
  -v temporal_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE livechat LOGIN PASSWORD :'livechat_pw';
CREATE DATABASE livechat OWNER livechat;

CREATE ROLE temporal LOGIN PASSWORD :'temporal_pw';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
SQL
)
