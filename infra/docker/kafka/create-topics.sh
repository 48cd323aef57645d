#!/usr/bin/env bash
# Creates dangvien's Kafka topics, idempotently, from topics.txt (generated from the topic declarations in
# @dangvien/contracts by `npm run compose:docker`): each line is a name, a partition count and its
# configs. Replication factor 1 (single broker). Run by the kafka-init service of docker-compose.yml in
# the apache/kafka image; runs anywhere kafka-topics.sh is found:
#
#   BOOTSTRAP_SERVER=127.0.0.1:9092 KAFKA_PASSWORD_ADMIN=… KAFKA_TOPICS_SH=/path/to/kafka-topics.sh TOPICS_FILE=infra/docker/kafka/topics.txt \
#     infra/docker/kafka/create-topics.sh
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVER:-kafka:29092}"
kafka_topics="${KAFKA_TOPICS_SH:-/opt/kafka/bin/kafka-topics.sh}"
topics_file="${TOPICS_FILE:-/opt/dangvien/topics.txt}"
# The broker takes SASL/SCRAM only: log in as the admin (the only principal that creates every topic).
auth=()
if [[ -n "${KAFKA_PASSWORD_ADMIN:-}" ]]; then
  config="$(mktemp)"
  trap 'rm -f "$config"' EXIT
  (
    umask 077
    printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="%s";\n' \
      "$KAFKA_PASSWORD_ADMIN" >"$config"
  )
  auth=(--command-config "$config")
fi

while read -r topic partitions configs; do
  [[ -z "${topic}" || "${topic}" == \#* ]] && continue
  args=()
  IFS=',' read -ra entries <<<"${configs}"
  for entry in "${entries[@]}"; do args+=(--config "${entry}"); done
  echo "create-topics: ${topic} (${partitions} partitions, ${configs})"
  "${kafka_topics}" --bootstrap-server "${bootstrap}" "${auth[@]}" --create --if-not-exists \
    --topic "${topic}" --partitions "${partitions}" --replication-factor 1 "${args[@]}"
done <"${topics_file}"

echo "create-topics: on ${bootstrap} now:"
"${kafka_topics}" --bootstrap-server "${bootstrap}" "${auth[@]}" --list
