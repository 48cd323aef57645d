#!/usr/bin/env bash
# Adds the ACLs of acls.txt (generated from @dangvien/contracts' KAFKA_ACLS by `npm run
# compose:docker`) to the broker, as the admin; adding an ACL that exists changes nothing. Run by
# Compose's kafka-init after the topics are created (apache/kafka image):
#
#   BOOTSTRAP_SERVER=kafka:29092 KAFKA_PASSWORD_ADMIN=… ACLS_FILE=/opt/dangvien/acls.txt apply-acls.sh
#
# An ACL the file no longer has is not removed here (infra/local's kafka-acls.mjs does that locally);
# kafka-acls.sh --remove does it by hand.
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVER:-kafka:29092}"
kafka_acls="${KAFKA_ACLS_SH:-/opt/kafka/bin/kafka-acls.sh}"
acls="${ACLS_FILE:-/opt/dangvien/acls.txt}"
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
cat >"$config" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_PASSWORD_ADMIN:?}";
EOF

while read -r kind principal type pattern name operations; do
  [[ "$kind" == acl ]] || continue
  args=(--allow-principal "User:$principal" --resource-pattern-type "$pattern" "--$type" "$name")
  IFS=',' read -ra ops <<<"$operations"
  for op in "${ops[@]}"; do args+=(--operation "$op"); done
  echo "apply-acls: $principal $type $pattern $name $operations"
  "$kafka_acls" --bootstrap-server "$bootstrap" --command-config "$config" --add "${args[@]}" >/dev/null
done <"$acls"
echo "apply-acls: done"
