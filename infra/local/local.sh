#!/usr/bin/env bash
# Real servers without Docker: a single-node Kafka broker (KRaft) and a MongoDB-compatible database
# (FerretDB v1 on SQLite), both on 127.0.0.1 only.
#
#   infra/local/local.sh up     [kafka] [mongo]   start what is not running, wait until it answers
#   infra/local/local.sh down   [kafka] [mongo]   stop what this script started
#   infra/local/local.sh status [kafka] [mongo]   exit 0 when every named server runs, 3 otherwise
#   infra/local/local.sh logs   [kafka|mongo]     follow the log(s) (last lines when not a terminal)
#
# No name means both. Everything fetched, built, stored, logged or pid-filed lives under .local/
# (or $DANGVIEN_LOCAL_DIR): deleting .local/kafka/data or .local/ferretdb/data resets the data.
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), MONGO_PORT (27017), DANGVIEN_LOCAL_DIR.
# Needs: java 17+, mvn and go (first run only), node with the repository's node_modules (readiness).
set -euo pipefail
if ((BASH_VERSINFO[0] < 5)); then
  echo "local.sh needs bash 5 or later (this is $BASH_VERSION; on macOS: brew install bash)" >&2
  exit 1
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
local_dir="${DANGVIEN_LOCAL_DIR:-$repo/.local}"
[[ "$local_dir" == /* ]] || local_dir="$PWD/$local_dir"

host=127.0.0.1
kafka_port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
mongo_port="${MONGO_PORT:-27017}"

run_dir="$local_dir/run"
log_dir="$local_dir/logs"
kafka_dir="$local_dir/kafka"
kafka_libs="$kafka_dir/libs"
kafka_data="$kafka_dir/data"
kafka_config="$kafka_dir/server.properties"
kafka_log4j="$kafka_dir/log4j2.properties"
kafka_cluster_id="$kafka_dir/cluster-id"
ferret_src="$here/ferretdb"
ferret_dir="$local_dir/ferretdb"
ferret_bin="$ferret_dir/ferretdb"
ferret_data="$ferret_dir/data"

kafka_ready_timeout=60
mongo_ready_timeout=30
stop_timeout=15

say() { printf '%s\n' "$*"; }
fail() { printf '%s\n' "$*" >&2; exit 1; }
now() { printf '%s' "$EPOCHREALTIME"; }
# Seconds since a `now` reading, one decimal (EPOCHREALTIME may use a locale's decimal comma).
since() { awk -v a="${1/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.1f", b - a }'; }

need() {
  command -v "$1" >/dev/null 2>&1 || fail "$2"
}

pid_file() { printf '%s/%s.pid' "$run_dir" "$1"; }
log_file() { printf '%s/%s.log' "$log_dir" "$1"; }

# A pid file alone proves nothing: the process may have died (its pid reused since), or be a zombie
# that nobody reaped (some container inits never reap orphans). Only a live process whose command
# line names our own config or binary counts as ours.
marker() {
  case "$1" in
    kafka) printf 'kafka.Kafka %s' "$kafka_config" ;;
    ferretdb) printf '%s' "$ferret_bin" ;;
  esac
}

alive() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z* ]]
}

# Prints the pid of the named server when it is running and ours.
running_pid() {
  local file pid
  file="$(pid_file "$1")"
  [[ -s "$file" ]] || return 1
  pid="$(<"$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  [[ "$(ps -ww -o args= -p "$pid" 2>/dev/null || true)" == *"$(marker "$1")"* ]] || return 1
  printf '%s' "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }

ensure_port_free() { # port, server, env var that moves it
  if port_in_use "$1"; then
    fail "$2: $host:$1 is already taken by a process this script did not start; stop it or set $3"
  fi
}

# The repository's pinned Node when present (the readiness probe uses kafkajs and mongoose).
node_bin() {
  local pinned="$repo/.local/node/node_modules/node/bin/node"
  if [[ -x "$pinned" ]]; then printf '%s' "$pinned"; else command -v node || true; fi
}

# Waits until the server answers a real request; a server that dies meanwhile fails at once.
wait_ready() { # kind (kafka|mongo), address, timeout, pid
  local node
  node="$(node_bin)"
  [[ -n "$node" ]] || fail "$1: node is needed to check readiness; install it or put it on PATH"
  [[ -d "$repo/node_modules/kafkajs" && -d "$repo/node_modules/mongoose" ]] ||
    fail "$1: node_modules is missing kafkajs/mongoose (readiness check); run npm install first"
  "$node" "$here/probe.mjs" "$@"
}

# Launches a command detached from this shell and its terminal (Ctrl-C on a caller must not kill the
# servers) with every inherited descriptor closed: a server holding a caller's pipe would hang
# `$(local.sh up)`, and one holding fd 9 would keep this script's lock forever.
launch() { # name, command...
  local name="$1" pidf log
  shift
  pidf="$(pid_file "$name")"
  log="$(log_file "$name")"
  [[ -f "$log" ]] && mv -f "$log" "$log.1"
  rm -f "$pidf"
  local detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  "${detach[@]}" nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" </dev/null >"$log" 2>&1 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$pidf" ]] && break
    sleep 0.1
  done
  [[ -s "$pidf" ]] || fail "$name: did not start; see $log"
}

# On a failed start the half-started process goes away, so the next `up` starts clean.
abort_start() { # name, message
  local pid log
  log="$(log_file "$1")"
  pid="$(running_pid "$1" || true)"
  [[ -n "$pid" ]] && stop_pid "$1" "$pid" >/dev/null
  rm -f "$(pid_file "$1")"
  printf '%s\n--- last lines of %s ---\n' "$2" "$log" >&2
  tail -n 30 "$log" >&2 || true
  exit 1
}

# ---------------------------------------------------------------------------------------------- kafka

kafka_version() {
  sed -n '/<artifactId>kafka_2.13<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;}' "$here/kafka/pom.xml"
}

# Maven 3.8 prints colour codes even in batch mode; its output only matters when it fails.
mvn_quiet() {
  local log
  log="$log_dir/kafka-fetch.log"
  mvn -B -f "$here/kafka/pom.xml" "$@" >"$log" 2>&1 || {
    tail -n 40 "$log" >&2
    fail "kafka: fetching jars failed (full output in $log)"
  }
}

kafka_fetch() {
  local version started tmp
  version="$(kafka_version)"
  if [[ -f "$kafka_libs/kafka_2.13-$version.jar" ]] && ! compgen -G "$kafka_libs/slf4j-api-1.*.jar" >/dev/null; then
    # (a libs folder from before slf4j-api 2 was in the pom is fetched again)
    return 0
  fi
  need mvn "kafka: mvn is needed once to fetch the broker's jars"
  say "kafka: fetching Kafka $version jars (first run)…"
  started="$(now)"
  # Into a scratch directory first: an interrupted fetch must not look like a complete one.
  tmp="$kafka_dir/libs.tmp"
  rm -rf "$tmp"
  mvn_quiet dependency:copy-dependencies -DoutputDirectory="$tmp"
  rm -rf "$kafka_libs"
  mv "$tmp" "$kafka_libs"
  say "kafka: $(find "$kafka_libs" -name '*.jar' | wc -l | tr -d ' ') jars in $(since "$started") s"
}

kafka_write_config() {
  mkdir -p "$kafka_data"
  cat >"$kafka_log4j" <<'EOF'
# Written by infra/local/local.sh. WARN keeps the log readable; INFO is one edit away.
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.console.ref = STDOUT
EOF
  cat >"$kafka_config" <<EOF
# Written by infra/local/local.sh on every start (ports come from the environment); edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$controller_port
listeners=PLAINTEXT://$host:$kafka_port,CONTROLLER://$host:$controller_port
advertised.listeners=PLAINTEXT://$host:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$kafka_data
# One broker: every internal topic has a single replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumers join at once instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
num.partitions=3
EOF
}

kafka_java() { # main class and arguments
  java -Dlog4j2.configurationFile="$kafka_log4j" -cp "$kafka_libs/*" "$@"
}

# Formats the log directory once (it then holds meta.properties). The cluster id lives in its own file
# so that it survives a reset of the data directory.
kafka_format() {
  [[ -f "$kafka_data/meta.properties" ]] && return 0
  if [[ ! -s "$kafka_cluster_id" ]]; then
    local id
    # The id is the one line shaped like one: a logger warning must not become part of it.
    id="$(kafka_java kafka.tools.StorageTool random-uuid | grep -E '^[A-Za-z0-9_-]{22}$' | tail -n 1)"
    [[ -n "$id" ]] || fail "kafka: could not generate a cluster id"
    printf '%s\n' "$id" >"$kafka_cluster_id"
  fi
  say "kafka: formatting storage (cluster $(<"$kafka_cluster_id"))"
  local out
  out="$(kafka_java kafka.tools.StorageTool format -t "$(<"$kafka_cluster_id")" -c "$kafka_config" \
    --ignore-formatted 2>&1)" || fail "kafka: formatting storage failed: $out"
}

kafka_up() {
  local pid started
  if pid="$(running_pid kafka)"; then
    wait_ready kafka "$host:$kafka_port" "$kafka_ready_timeout" "$pid" ||
      abort_start kafka "kafka: running (pid $pid) but not answering"
    say "kafka: already running (pid $pid) on $host:$kafka_port"
    return 0
  fi
  need java "kafka: java 17+ is needed"
  ensure_port_free "$kafka_port" kafka KAFKA_PORT
  ensure_port_free "$controller_port" kafka KAFKA_CONTROLLER_PORT
  kafka_fetch
  kafka_write_config
  kafka_format
  started="$(now)"
  say "kafka: starting on $host:$kafka_port…"
  launch kafka java -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$kafka_log4j" \
    -cp "$kafka_libs/*" kafka.Kafka "$kafka_config"
  pid="$(<"$(pid_file kafka)")"
  wait_ready kafka "$host:$kafka_port" "$kafka_ready_timeout" "$pid" ||
    abort_start kafka "kafka: not ready within $kafka_ready_timeout s"
  say "kafka: ready on $host:$kafka_port in $(since "$started") s (pid $pid)"
}

# -------------------------------------------------------------------------------------------- ferretdb

ferret_build() {
  local started
  if [[ -x "$ferret_bin" && "$ferret_bin" -nt "$ferret_src/main.go" && "$ferret_bin" -nt "$ferret_src/go.mod" &&
    "$ferret_bin" -nt "$ferret_src/go.sum" ]]; then
    return 0
  fi
  need go "mongo: go is needed once to build FerretDB"
  say "mongo: building FerretDB (first run takes about a minute)…"
  started="$(now)"
  mkdir -p "$ferret_dir"
  # Pure Go (SQLite included), so no C toolchain is needed.
  (cd "$ferret_src" && CGO_ENABLED=0 go build -o "$ferret_bin.tmp" .) || fail "mongo: building FerretDB failed"
  mv -f "$ferret_bin.tmp" "$ferret_bin"
  say "mongo: FerretDB built in $(since "$started") s"
}

mongo_up() {
  local pid started
  if pid="$(running_pid ferretdb)"; then
    wait_ready mongo "$host:$mongo_port" "$mongo_ready_timeout" "$pid" ||
      abort_start ferretdb "mongo: running (pid $pid) but not answering"
    say "mongo: already running (FerretDB, pid $pid) on $host:$mongo_port"
    return 0
  fi
  ensure_port_free "$mongo_port" mongo MONGO_PORT
  ferret_build
  mkdir -p "$ferret_data"
  started="$(now)"
  say "mongo: starting FerretDB on $host:$mongo_port…"
  launch ferretdb "$ferret_bin" -listen "$host:$mongo_port" -data "$ferret_data" -handler sqlite
  pid="$(<"$(pid_file ferretdb)")"
  wait_ready mongo "$host:$mongo_port" "$mongo_ready_timeout" "$pid" ||
    abort_start ferretdb "mongo: not ready within $mongo_ready_timeout s"
  say "mongo: ready on $host:$mongo_port in $(since "$started") s (FerretDB, pid $pid)"
}

# ------------------------------------------------------------------------------------------------ stop

stop_pid() { # name, pid
  local i started
  started="$(now)"
  kill -TERM "$2" 2>/dev/null || true
  for ((i = 0; i < stop_timeout * 10; i++)); do
    alive "$2" || break
    sleep 0.1
  done
  if alive "$2"; then
    say "$1: still running after $stop_timeout s, killing pid $2"
    kill -KILL "$2" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      alive "$2" || break
      sleep 0.1
    done
  fi
  alive "$2" && fail "$1: pid $2 survived SIGKILL"
  say "$1: stopped (pid $2) in $(since "$started") s"
}

stop_server() { # name (kafka|ferretdb), label for humans
  local pid file
  file="$(pid_file "$1")"
  if pid="$(running_pid "$1")"; then
    stop_pid "$2" "$pid"
  elif [[ -f "$file" ]]; then
    say "$2: not running (removed a stale pid file)"
  else
    say "$2: not running"
  fi
  rm -f "$file"
}

# ---------------------------------------------------------------------------------------------- status

status_line() { # name, label, port
  local pid
  if pid="$(running_pid "$1")"; then
    say "$2: running (pid $pid) on $host:$3"
  else
    say "$2: stopped"
    return 3
  fi
}

# ------------------------------------------------------------------------------------------------ main

usage() { # exit code: 0 when asked for, 2 after a mistake
  # The header comment, which is the manual.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
  exit "${1:-2}"
}

# Normalises server names: no name means both; `ferretdb` is accepted for `mongo`.
servers=()
parse_servers() {
  local name
  servers=()
  for name in "$@"; do
    case "$name" in
      kafka) servers+=(kafka) ;;
      mongo | ferretdb) servers+=(mongo) ;;
      *) usage ;;
    esac
  done
  ((${#servers[@]} > 0)) || servers=(kafka mongo)
}

# One `up` or `down` at a time: jest's global setup and a start script may race.
lock() {
  mkdir -p "$run_dir" "$log_dir"
  exec 9>"$run_dir/local.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 180 9 || fail "another local.sh is still busy (lock $run_dir/local.lock)"
  fi
}

command="${1:-}"
[[ -n "$command" ]] || usage
shift
parse_servers "$@"

case "$command" in
  up)
    lock
    for server in "${servers[@]}"; do "${server}_up"; done
    ;;
  down)
    lock
    for server in kafka mongo; do
      [[ " ${servers[*]} " == *" $server "* ]] || continue
      case "$server" in
        kafka) stop_server kafka kafka ;;
        mongo) stop_server ferretdb mongo ;;
      esac
    done
    ;;
  status)
    code=0
    for server in "${servers[@]}"; do
      case "$server" in
        kafka) status_line kafka kafka "$kafka_port" || code=3 ;;
        mongo) status_line ferretdb "mongo (FerretDB)" "$mongo_port" || code=3 ;;
      esac
    done
    exit "$code"
    ;;
  logs)
    files=()
    for server in "${servers[@]}"; do
      case "$server" in
        kafka) files+=("$(log_file kafka)") ;;
        mongo) files+=("$(log_file ferretdb)") ;;
      esac
    done
    for file in "${files[@]}"; do [[ -f "$file" ]] || fail "no log yet: $file"; done
    if [[ -t 1 ]]; then exec tail -n 100 -F "${files[@]}"; else exec tail -n 100 "${files[@]}"; fi
    ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
