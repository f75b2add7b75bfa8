#!/bin/sh
# Gives every service its Kafka user (SCRAM-SHA-512) and exactly the ACLs of kafka-broker's ServicePrincipal table;
# deployment-tests fail when the lines below drift from it. Run by create-topics.sh as the broker's admin
# (ADMIN_CONFIG) once the topics exist. Idempotent: a password is reset to the Secret's, an ACL is added once.
#   produce USER TOPIC  WRITE and DESCRIBE on the topic
#   consume USER TOPIC  READ and DESCRIBE on the topic
#   group USER PREFIX   READ on the consumer groups whose id starts with PREFIX
set -eu

BOOTSTRAP="${BOOTSTRAP:?}"
ADMIN_CONFIG="${ADMIN_CONFIG:?}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"

user() {
  "$KAFKA_BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --alter \
    --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[password=$2]"
}

acl() {
  who="$1"
  shift
  "$KAFKA_BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add \
    --allow-principal "User:$who" "$@"
}

produce() {
  acl "$1" --operation Write --operation Describe --topic "$2"
}

consume() {
  acl "$1" --operation Read --operation Describe --topic "$2"
}

group() {
  acl "$1" --operation Read --group "$2" --resource-pattern-type prefixed
}

user stressfw-orchestrator "${STRESSFW_ORCHESTRATOR_PASSWORD:?}"
user stressfw-safety "${STRESSFW_SAFETY_PASSWORD:?}"
user stressfw-metrics "${STRESSFW_METRICS_PASSWORD:?}"
user stressfw-agent "${STRESSFW_AGENT_PASSWORD:?}"

# Only the orchestrator and safety command the agents; only the orchestrator announces phases.
produce stressfw-orchestrator stress.commands
produce stressfw-orchestrator stress.phase-events
produce stressfw-orchestrator stress.heartbeats
produce stressfw-orchestrator stress.dlq
produce stressfw-orchestrator stress.samples
consume stressfw-orchestrator stress.samples
consume stressfw-orchestrator stress.violations
consume stressfw-orchestrator stress.heartbeats
group stressfw-orchestrator orchestrator-

# Only safety raises violations; it also sends the emergency stop to the agents itself.
produce stressfw-safety stress.commands
produce stressfw-safety stress.violations
produce stressfw-safety stress.heartbeats
produce stressfw-safety stress.dlq
consume stressfw-safety stress.samples
consume stressfw-safety stress.phase-events
group stressfw-safety safety-service-

produce stressfw-metrics stress.samples
produce stressfw-metrics stress.heartbeats
produce stressfw-metrics stress.dlq
consume stressfw-metrics stress.samples
consume stressfw-metrics stress.phase-events
group stressfw-metrics metrics-

# Agents obey commands and stop violations; they find their peers on a host through heartbeats. They read every
# partition assigned, without a consumer group, so they get none.
produce stressfw-agent stress.samples
produce stressfw-agent stress.heartbeats
produce stressfw-agent stress.dlq
consume stressfw-agent stress.commands
consume stressfw-agent stress.violations
consume stressfw-agent stress.heartbeats
