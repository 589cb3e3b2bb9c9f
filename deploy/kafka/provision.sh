#!/usr/bin/env bash
# Provisions the compose broker once it is up: the platform's topics, one SCRAM-SHA-512 principal per service plus
# operator and alertmanager, and the ACLs of testkit's KafkaAccess (each service writes only the topics it owns and
# dr.dead-letter, reads what it consumes and dr.topology, joins only groups starting with its name). Runs as the
# super user dr-admin over SASL/PLAIN. Safe to run again: existing topics are kept, passwords and ACLs re-applied.
set -euo pipefail
BOOTSTRAP=${BOOTSTRAP:-kafka:9092}
BIN=/opt/kafka/bin
umask 077
CONF=$(mktemp)
trap 'rm -f "$CONF"' EXIT
{
  echo "security.protocol=SASL_PLAINTEXT"
  echo "sasl.mechanism=PLAIN"
  echo "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"dr-admin\" password=\"${DR_ADMIN_PASSWORD:?}\";"
} >"$CONF"

for t in dr.commands dr.backups dr.incidents dr.recoveries dr.drills dr.notifications dr.metrics dr.dead-letter; do
  "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONF" --create --if-not-exists \
    --topic "$t" --partitions 3 --replication-factor 1
done
"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONF" --create --if-not-exists \
  --topic dr.topology --partitions 3 --replication-factor 1 --config cleanup.policy=compact

ALL="dr.commands dr.backups dr.incidents dr.recoveries dr.drills dr.notifications dr.metrics dr.topology dr.dead-letter"
declare -A WRITES=(
  [backup-service]="dr.backups dr.dead-letter"
  [restore-service]="dr.recoveries dr.drills dr.commands dr.dead-letter"
  [failover-service]="dr.incidents dr.commands dr.recoveries dr.drills dr.topology dr.dead-letter"
  [notifier-service]="dr.notifications dr.dead-letter"
  [metrics-service]="dr.metrics dr.dead-letter"
  [operator]="dr.commands dr.incidents"
  [alertmanager]="dr.incidents"
)
declare -A READS=(
  [backup-service]="dr.commands dr.topology dr.dead-letter"
  [restore-service]="dr.commands dr.recoveries dr.topology dr.dead-letter"
  [failover-service]="dr.incidents dr.recoveries dr.commands dr.topology dr.dead-letter"
  [notifier-service]="dr.backups dr.incidents dr.recoveries dr.drills dr.metrics dr.topology dr.dead-letter"
  [metrics-service]="dr.backups dr.incidents dr.recoveries dr.drills dr.topology dr.dead-letter"
  [operator]="$ALL"
  [alertmanager]=""
)

for user in "${!WRITES[@]}"; do
  var="DR_KAFKA_PASSWORD_$(printf '%s' "$user" | tr 'a-z-' 'A-Z_')"
  password=${!var:?$var is not set}
  "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONF" --alter \
    --entity-type users --entity-name "$user" --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]" >/dev/null
  for t in ${WRITES[$user]}; do
    "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONF" --add \
      --allow-principal "User:$user" --operation Write --topic "$t" >/dev/null
  done
  if [ -n "${READS[$user]}" ]; then
    for t in ${READS[$user]}; do
      "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONF" --add \
        --allow-principal "User:$user" --operation Read --topic "$t" >/dev/null
    done
    "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$CONF" --add \
      --allow-principal "User:$user" --operation Read --group "$user" --resource-pattern-type prefixed >/dev/null
  fi
  echo "principal $user: writes ${WRITES[$user]:-nothing}; reads ${READS[$user]:-nothing}"
done
