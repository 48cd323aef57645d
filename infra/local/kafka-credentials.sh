# shellcheck shell=bash
# Source this file for `dangvien_load_kafka_credentials local|docker` (select-servers.sh and ./dangvien
# do): the local broker's credentials are in .local/kafka/sasl.env (infra/local/local.sh writes them),
# Compose's in .env (infra/docker/kafka/secrets.sh).

_dangvien_kafka_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Exports the credentials of a broker the scripts started (local|docker), unless the caller set
# KAFKA_USERNAME itself: KAFKA_SASL_MECHANISM, the admin's KAFKA_USERNAME/KAFKA_PASSWORD and every
# principal's KAFKA_PASSWORD_<PRINCIPAL>.
dangvien_load_kafka_credentials() {
  local file
  [[ -z "${KAFKA_USERNAME:-}" ]] || return 0
  case "$1" in
    local) file="${DANGVIEN_LOCAL_DIR:-$_dangvien_kafka_repo/.local}/kafka/sasl.env" ;;
    docker) file="$_dangvien_kafka_repo/.env" ;;
    *) return 0 ;;
  esac
  [[ -f "$file" ]] || return 0
  set -a
  # shellcheck source=/dev/null
  source "$file"
  set +a
  export KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_USERNAME=admin KAFKA_PASSWORD="${KAFKA_PASSWORD_ADMIN:-}"
}
