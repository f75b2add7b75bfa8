#!/bin/sh
# Creates the platform topics (io.stressfw.model.Topics.ALL) with the partition counts of kafka-broker's
# TopicLayout; deployment-tests fail when this list drifts from them. Idempotent, so it may run on every deploy.
# The broker disables auto-creation: a topic a producer created first would get the wrong partition count.
set -eu

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
TOPICS_TOOL=/opt/kafka/bin/kafka-topics.sh

attempt=0
until "$TOPICS_TOOL" --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 90 ]; then
    echo "Kafka at $BOOTSTRAP did not answer within 3 minutes" >&2
    exit 1
  fi
  sleep 2
done

create() {
  "$TOPICS_TOOL" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1
}

create stress.commands 1
create stress.samples 3
create stress.violations 1
create stress.phase-events 1
create stress.heartbeats 1
create stress.dlq 1

"$TOPICS_TOOL" --bootstrap-server "$BOOTSTRAP" --describe --topic 'stress\..*'
