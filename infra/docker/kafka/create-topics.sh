#!/usr/bin/env bash
# Creates dangvien's Kafka topics, idempotently: each service's event topic and its dead-letter topic
# (<topic>.DLT), 3 partitions each, replication factor 1 (single broker). Run by the kafka-init service
# of docker-compose.yml in the apache/kafka image; runs anywhere kafka-topics.sh is found:
#
#   BOOTSTRAP_SERVER=127.0.0.1:9092 KAFKA_TOPICS_SH=/path/to/kafka-topics.sh infra/docker/kafka/create-topics.sh
#
# A new topic goes into the list below (and into @dangvien/contracts' TOPICS);
# infra/docker/compose.unit.test.ts fails while one is missing.
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVER:-kafka:29092}"
kafka_topics="${KAFKA_TOPICS_SH:-/opt/kafka/bin/kafka-topics.sh}"

topics=(
  dangvien.organisations.events.v1
  dangvien.organisations.events.v1.DLT
  dangvien.members.events.v1
  dangvien.members.events.v1.DLT
  dangvien.recruitment.events.v1
  dangvien.recruitment.events.v1.DLT
  dangvien.emulation.events.v1
  dangvien.emulation.events.v1.DLT
)

for topic in "${topics[@]}"; do
  echo "create-topics: ${topic}"
  "${kafka_topics}" --bootstrap-server "${bootstrap}" --create --if-not-exists \
    --topic "${topic}" --partitions 3 --replication-factor 1
done

echo "create-topics: on ${bootstrap} now:"
"${kafka_topics}" --bootstrap-server "${bootstrap}" --list
