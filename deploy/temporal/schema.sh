#!/bin/sh
# Creates or upgrades Temporal's PostgreSQL schemas. Runs in temporalio/admin-tools
# (same version as the server) before the server starts; safe to re-run: setup-schema
# skips an initialised database and update-schema applies only newer versions, so
# bumping TEMPORAL_VERSION and running `up` upgrades the schema.
# Connection comes from SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD.
# The databases themselves are created by deploy/postgres/initdb.
set -eu

for pair in temporal:postgresql/v12/temporal temporal_visibility:postgresql/v12/visibility; do
  db=${pair%%:*}
  schema=${pair#*:}
  echo "temporal-schema: $db"
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema --schema-name "$schema"
done
echo "temporal-schema: done"
