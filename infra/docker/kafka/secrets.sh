#!/usr/bin/env bash
# Writes the Kafka passwords Docker Compose needs into .env at the repository root (git-ignored,
# mode 0600; Compose reads it by itself): BROKER_PASSWORD, CONTROLLER_PASSWORD and
# KAFKA_PASSWORD_<PRINCIPAL> for every principal of acls.txt. Generated once per machine: a value
# already in .env is kept. `./dangvien start` and the test scripts run it before `docker compose up`.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
env_file="${1:-$repo/.env}"
acls="$repo/infra/docker/kafka/acls.txt"

new_password() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }

umask 077
touch "$env_file"
chmod 600 "$env_file"
variables=(BROKER_PASSWORD CONTROLLER_PASSWORD)
while read -r kind principal _; do
  [[ "$kind" == principal ]] && variables+=("KAFKA_PASSWORD_$(tr '[:lower:]' '[:upper:]' <<<"$principal")")
done <"$acls"
for variable in "${variables[@]}"; do
  grep -q "^$variable=" "$env_file" || printf '%s=%s\n' "$variable" "$(new_password)" >>"$env_file"
done
