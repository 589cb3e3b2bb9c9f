#!/bin/sh
# energy-primary: allow streaming replication and create the replication role and the platform's databases.
set -e
psql -v ON_ERROR_STOP=1 -U postgres <<SQL
CREATE ROLE ${REPLICATION_USER} WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
CREATE DATABASE energy_forecast;
CREATE DATABASE timeseries;
SQL
echo "host replication ${REPLICATION_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
