#!/bin/sh
# Streaming standby of energy-primary: clone once with pg_basebackup -R, then run as a hot standby.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h energy-primary -p 5432 -U postgres; do sleep 1; done
  pg_basebackup -h energy-primary -p 5432 -U "$REPLICATION_USER" -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -D "$PGDATA" -c hot_standby=on
