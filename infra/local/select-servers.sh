# shellcheck shell=bash
# Source this file to get a Kafka broker and a MongoDB-compatible database, chosen in this order:
#   1. KAFKA_BROKERS and MONGO_URL already set in the environment: used as they are;
#   2. a Docker engine answers: the compose services mongo, kafka and kafka-init (repository root);
#   3. otherwise the local servers of infra/local/local.sh (no Docker needed).
# When only one of the two variables is set, it is kept and the other server comes from rule 2 or 3.
#
# Exports KAFKA_BROKERS, MONGO_URL, and DANGVIEN_SERVERS=env|docker|local: how the servers the
# environment did not provide were obtained ("env" when it provided both). For a broker it started,
# also the Kafka credentials (the broker takes SASL/SCRAM only): KAFKA_SASL_MECHANISM and the admin's
# KAFKA_USERNAME/KAFKA_PASSWORD, and KAFKA_PASSWORD_<PRINCIPAL> for every principal, from
# .local/kafka/sasl.env (local) or .env (Docker, written by infra/docker/kafka/secrets.sh). A broker
# from KAFKA_BROKERS gets the caller's own KAFKA_USERNAME/KAFKA_PASSWORD, or none. Call
# `dangvien_stop_servers` when done: it stops only what this selection started, so servers that were
# already running before (a developer's own session) stay up.
#
#   source infra/local/select-servers.sh
#   trap dangvien_stop_servers EXIT

_dangvien_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
_dangvien_started=() # what dangvien_stop_servers may stop: "docker:<service>" or "local:<server>"

_dangvien_say() { printf 'servers: %s\n' "$*"; }

_dangvien_docker_answers() {
  command -v docker >/dev/null 2>&1 || return 1
  if command -v timeout >/dev/null 2>&1; then
    timeout 5 docker info >/dev/null 2>&1
  else
    docker info >/dev/null 2>&1
  fi
}

_dangvien_compose() { (cd "$_dangvien_repo" && docker compose "$@"); }

# shellcheck source=infra/local/kafka-credentials.sh
source "$_dangvien_repo/infra/local/kafka-credentials.sh"

dangvien_select_servers() {
  local missing=() server
  [[ -n "${MONGO_URL:-}" ]] || missing+=(mongo)
  [[ -n "${KAFKA_BROKERS:-}" ]] || missing+=(kafka)

  if ((${#missing[@]} == 0)); then
    export DANGVIEN_SERVERS=env
    _dangvien_say "using KAFKA_BROKERS/MONGO_URL from the environment"
    return 0
  fi
  if [[ "${missing[*]}" == kafka ]]; then
    _dangvien_say "using MONGO_URL from the environment"
  elif [[ "${missing[*]}" == mongo ]]; then
    _dangvien_say "using KAFKA_BROKERS from the environment"
  fi

  if _dangvien_docker_answers; then
    local services=() running
    for server in "${missing[@]}"; do
      case "$server" in
        kafka) services+=(kafka kafka-init) ;;
        mongo) services+=(mongo) ;;
      esac
    done
    running=" $(_dangvien_compose ps --status running --services 2>/dev/null | tr '\n' ' ' || true) "
    _dangvien_say "Docker engine found: docker compose up ${services[*]}"
    # The broker's passwords, generated once into .env (git-ignored), which Compose reads.
    bash "$_dangvien_repo/infra/docker/kafka/secrets.sh"
    _dangvien_compose up -d --wait "${services[@]}" || return 1
    for server in "${services[@]}"; do
      [[ "$running" == *" $server "* ]] || _dangvien_started+=("docker:$server")
    done
    export DANGVIEN_SERVERS=docker
  else
    local local_sh="$_dangvien_repo/infra/local/local.sh"
    for server in "${missing[@]}"; do
      "$local_sh" status "$server" >/dev/null 2>&1 || _dangvien_started+=("local:$server")
    done
    _dangvien_say "no Docker engine: local servers (infra/local/local.sh up ${missing[*]})"
    "$local_sh" up "${missing[@]}" || return 1
    export DANGVIEN_SERVERS=local
  fi

  # Docker publishes the same host ports as the local servers; only the local ones are configurable.
  local kafka_port=9092 mongo_port=27017
  if [[ "$DANGVIEN_SERVERS" == local ]]; then
    kafka_port="${KAFKA_PORT:-9092}"
    mongo_port="${MONGO_PORT:-27017}"
  fi
  if [[ -z "${KAFKA_BROKERS:-}" ]]; then
    export KAFKA_BROKERS="127.0.0.1:$kafka_port"
    dangvien_load_kafka_credentials "$DANGVIEN_SERVERS"
  fi
  [[ -n "${MONGO_URL:-}" ]] || export MONGO_URL="mongodb://127.0.0.1:$mongo_port/?directConnection=true"
  _dangvien_say "KAFKA_BROKERS=$KAFKA_BROKERS${KAFKA_USERNAME:+ (SASL as $KAFKA_USERNAME)} MONGO_URL=$MONGO_URL"
}

dangvien_stop_servers() {
  local entry docker_services=() local_servers=()
  # The ${a[@]+...} form: an empty array is "unbound" to `set -u` in bash before 4.4 (macOS's 3.2).
  for entry in ${_dangvien_started[@]+"${_dangvien_started[@]}"}; do
    case "$entry" in
      docker:*) docker_services+=("${entry#docker:}") ;;
      local:*) local_servers+=("${entry#local:}") ;;
    esac
  done
  _dangvien_started=()
  if ((${#docker_services[@]} > 0)); then
    _dangvien_say "stopping docker compose services ${docker_services[*]}"
    _dangvien_compose stop "${docker_services[@]}"
  fi
  if ((${#local_servers[@]} > 0)); then
    _dangvien_say "stopping local servers ${local_servers[*]}"
    "$_dangvien_repo/infra/local/local.sh" down "${local_servers[@]}"
  fi
}

dangvien_select_servers
