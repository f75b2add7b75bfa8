#!/bin/sh
# Creates the platform topics (io.stressfw.model.Topics.ALL) with the partition counts of kafka-broker's
# TopicLayout; deployment-tests fail when this list drifts from them. Idempotent, so it may run on every deploy.
# The broker disables auto-creation: a topic a producer created first would get the wrong partition count.
# With STRESSFW_KAFKA_ADMIN_PASSWORD set (Kubernetes: the broker takes only authenticated clients) it logs in as the
# broker's admin and then runs grant-access.sh (the services' users and ACLs); without it (compose) the broker is open.
set -eu

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
TOPICS_TOOL=/opt/kafka/bin/kafka-topics.sh
ADMIN_CONFIG=/tmp/kafka-admin.properties

umask 077
: > "$ADMIN_CONFIG"
if [ -n "${STRESSFW_KAFKA_ADMIN_PASSWORD:-}" ]; then
  {
    echo "security.protocol=SASL_PLAINTEXT"
    echo "sasl.mechanism=PLAIN"
    echo "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$STRESSFW_KAFKA_ADMIN_PASSWORD\";"
  } > "$ADMIN_CONFIG"
fi

attempt=0
until "$TOPICS_TOOL" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --list >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 90 ]; then
    echo "Kafka at $BOOTSTRAP did not answer within 3 minutes" >&2
    exit 1
  fi
  sleep 2
done

create() {
  "$TOPICS_TOOL" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1
}

create stress.commands 1
create stress.samples 3
create stress.violations 1
create stress.phase-events 1
create stress.heartbeats 1
create stress.dlq 1

"$TOPICS_TOOL" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --describe --topic 'stress\..*'

if [ -n "${STRESSFW_KAFKA_ADMIN_PASSWORD:-}" ]; then
  BOOTSTRAP="$BOOTSTRAP" ADMIN_CONFIG="$ADMIN_CONFIG" sh "$(dirname "$0")/grant-access.sh"
fi
