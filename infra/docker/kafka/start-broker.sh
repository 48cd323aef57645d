#!/usr/bin/env bash
# Starts a single-node KRaft broker (apache/kafka image) that takes SASL/SCRAM-SHA-512 only, with
# the StandardAuthorizer: Compose's kafka service and the testcontainers broker of the tests run it.
# No plaintext listener: clients log in as one of the principals of acls.txt (generated from
# @dangvien/contracts); the controller listener takes PLAIN with one user of its own.
#
# Environment:
#   DANGVIEN_LISTENERS            client listeners, e.g. INTERNAL://:29092,EXTERNAL://:9092
#   DANGVIEN_ADVERTISED_LISTENERS e.g. INTERNAL://kafka:29092,EXTERNAL://127.0.0.1:9092
#   DANGVIEN_INTER_BROKER_LISTENER the listener the broker uses for itself (default: the first)
#   CLUSTER_ID, BROKER_PASSWORD, CONTROLLER_PASSWORD, KAFKA_PASSWORD_<PRINCIPAL> for every principal
#   KAFKA_AUTO_CREATE_TOPICS_ENABLE (false), KAFKA_NUM_PARTITIONS (3)
# SCRAM users are created when the storage is formatted (the first start of a volume); a password
# changed later is set with kafka-configs.sh (infra/docker/README.md, "Kafka credentials").
set -euo pipefail

acls="${ACLS_FILE:-/opt/dangvien/acls.txt}"
data="${KAFKA_LOG_DIRS:-/var/lib/kafka/data}"
config=/tmp/dangvien-server.properties
listeners="${DANGVIEN_LISTENERS:?}"
advertised="${DANGVIEN_ADVERTISED_LISTENERS:?}"
: "${CLUSTER_ID:?}" "${BROKER_PASSWORD:?}" "${CONTROLLER_PASSWORD:?}"

names=()
IFS=',' read -ra entries <<<"$listeners"
for entry in "${entries[@]}"; do names+=("${entry%%://*}"); done
inter="${DANGVIEN_INTER_BROKER_LISTENER:-${names[0]}}"

protocols="CONTROLLER:SASL_PLAINTEXT"
per_listener=""
for name in "${names[@]}"; do
  lower="$(tr '[:upper:]' '[:lower:]' <<<"$name")"
  protocols+=",$name:SASL_PLAINTEXT"
  per_listener+="listener.name.$lower.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.$lower.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"$BROKER_PASSWORD\";
"
done

umask 077
cat >"$config" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=$listeners,CONTROLLER://:9093
advertised.listeners=$advertised
controller.listener.names=CONTROLLER
inter.broker.listener.name=$inter
listener.security.protocol.map=$protocols
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
${per_listener}listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$CONTROLLER_PASSWORD" user_controller="$CONTROLLER_PASSWORD";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:broker;User:controller;User:admin
allow.everyone.if.no.acl.found=false
log.dirs=$data
num.partitions=${KAFKA_NUM_PARTITIONS:-3}
auto.create.topics.enable=${KAFKA_AUTO_CREATE_TOPICS_ENABLE:-false}
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF

# The admin's client settings, for the health check (kafka-broker-api-versions.sh --command-config).
cat >/tmp/dangvien-admin.properties <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_PASSWORD_ADMIN:?}";
EOF

scram=(--add-scram "SCRAM-SHA-512=[name=broker,password=$BROKER_PASSWORD]")
while read -r kind principal _; do
  [[ "$kind" == principal ]] || continue
  variable="KAFKA_PASSWORD_$(tr '[:lower:]' '[:upper:]' <<<"$principal")"
  [[ -n "${!variable:-}" ]] || { echo "start-broker: $variable is not set" >&2; exit 1; }
  scram+=(--add-scram "SCRAM-SHA-512=[name=$principal,password=${!variable}]")
done <"$acls"

/opt/kafka/bin/kafka-storage.sh format -t "$CLUSTER_ID" -c "$config" --ignore-formatted "${scram[@]}"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
