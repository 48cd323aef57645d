#!/usr/bin/env bash
# Real servers without Docker: a single-node Kafka broker (KRaft) and a MongoDB-compatible database
# (FerretDB v1), all on 127.0.0.1 only. FerretDB stores its data in a private PostgreSQL cluster
# when PostgreSQL's server binaries are found, in SQLite files otherwise (see "Storage" below).
#
#   infra/local/local.sh up     [kafka] [mongo] [postgres]  start what is not running, wait until it answers
#   infra/local/local.sh down   [kafka] [mongo] [postgres]  stop what this script started
#   infra/local/local.sh status [kafka] [mongo] [postgres]  exit 0 when every named server runs, 3 otherwise
#   infra/local/local.sh logs   [kafka|mongo|postgres]      follow the log(s) (last lines when not a terminal)
#   infra/local/local.sh url    postgres [database]         print the cluster's URL (psql "$(… url postgres)")
#   infra/local/local.sh env    kafka [principal]           print a client's KAFKA_* settings (default: admin)
#   infra/local/local.sh rotate kafka [principal...]        new passwords for principals (default: all)
#
# Kafka takes SASL/SCRAM-SHA-512 only (no plaintext listener) with ACLs: one principal per service, an
# integrator, an admin (super user); the principals and ACLs come from infra/docker/kafka/acls.txt
# (generated from @dangvien/contracts). Passwords are generated per installation into
# .local/kafka/sasl.env (mode 0600): `set -a; source .local/kafka/sasl.env; set +a` gives a client the
# admin's KAFKA_USERNAME/KAFKA_PASSWORD and every principal's KAFKA_PASSWORD_<PRINCIPAL>.
#
# No name means kafka and mongo. `mongo` is the database as clients see it: FerretDB, and its
# PostgreSQL cluster when it stores there (`up mongo` starts both, `down mongo` stops both);
# `postgres` alone is the cluster. Everything fetched, built, stored, logged or pid-filed lives under
# .local/ (or $DANGVIEN_LOCAL_DIR): deleting .local/kafka/data, .local/ferretdb/data or
# .local/postgresql resets the data.
#
# Storage: DANGVIEN_POSTGRES=auto (default) uses PostgreSQL when `initdb` and `postgres` are found on
# PATH or in a versioned directory such as Debian's /usr/lib/postgresql/<major>/bin; =off uses SQLite;
# =<directory> uses the binaries in that directory. Run as root, PostgreSQL (which refuses root) runs
# as DANGVIEN_POSTGRES_USER (default: postgres, else nobody).
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), MONGO_PORT (27017),
# POSTGRES_PORT (54320), DANGVIEN_POSTGRES, DANGVIEN_POSTGRES_USER, DANGVIEN_LOCAL_DIR.
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
pg_port="${POSTGRES_PORT:-54320}"
pg_choice="${DANGVIEN_POSTGRES:-auto}"

run_dir="$local_dir/run"
log_dir="$local_dir/logs"
kafka_dir="$local_dir/kafka"
kafka_libs="$kafka_dir/libs"
kafka_data="$kafka_dir/data"
kafka_config="$kafka_dir/server.properties"
kafka_log4j="$kafka_dir/log4j2.properties"
kafka_cluster_id="$kafka_dir/cluster-id"
# Clients' settings and every principal's password (KAFKA_PASSWORD_<PRINCIPAL>), and the broker's own
# (inter-broker and controller) passwords: generated once per installation, mode 0600.
kafka_sasl_env="$kafka_dir/sasl.env"
kafka_broker_secrets="$kafka_dir/broker.secrets"
kafka_acls_file="$repo/infra/docker/kafka/acls.txt"
# In the data directory, what the cluster was given: `<principal> <sha256 of its password>` lines, and
# the sha256 of the acls.txt last applied. A reset of the data resets both.
kafka_scram_stamp="$kafka_data/dangvien-scram"
kafka_acls_stamp="$kafka_data/dangvien-acls"
ferret_src="$here/ferretdb"
ferret_dir="$local_dir/ferretdb"
ferret_bin="$ferret_dir/ferretdb"
ferret_data="$ferret_dir/data"
# What the running FerretDB stores in, for status and down: "sqlite", or "postgresql <major> own|shared
# <bin dir>" (own: starting FerretDB also started the cluster).
ferret_storage_file="$run_dir/ferretdb.storage"
pg_dir="$local_dir/postgresql"
pg_data="$pg_dir/data"
pg_config="$pg_dir/postgresql.conf"
pg_passfile="$pg_dir/pgpass"
pg_superuser=dangvien
# FerretDB's own PostgreSQL database in the cluster (each FerretDB database is a schema in it).
pg_database=ferretdb

kafka_ready_timeout=60
mongo_ready_timeout=30
postgres_ready_timeout=30
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
    postgres) printf -- '-D %s' "$pg_data" ;;
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

# ------------------------------------------------------------------------------------ kafka access

new_password() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }
kafka_principals() { sed -n 's/^principal \([a-z0-9_]*\)$/\1/p' "$kafka_acls_file"; }
password_variable() { printf 'KAFKA_PASSWORD_%s' "${1^^}"; }
kafka_password() { # principal
  [[ -f "$kafka_sasl_env" ]] || return 0
  sed -n "s/^$(password_variable "$1")=//p" "$kafka_sasl_env" | tail -n 1
}
broker_secret() { sed -n "s/^$1=//p" "$kafka_broker_secrets" | tail -n 1; }
sha256_of() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# Writes sasl.env from the passwords it holds, adding one for every principal that has none (a first
# start, a principal added since); `rotate` names the principals whose password must change.
kafka_write_credentials() { # [principal to give a new password]...
  [[ -f "$kafka_acls_file" ]] || fail "kafka: $kafka_acls_file is missing (npm run compose:docker writes it)"
  local principal password admin="" lines=() renew=" $* "
  mkdir -p "$kafka_dir"
  if [[ ! -s "$kafka_broker_secrets" ]]; then
    (umask 077 && printf 'BROKER_PASSWORD=%s\nCONTROLLER_PASSWORD=%s\n' "$(new_password)" "$(new_password)" >"$kafka_broker_secrets")
  fi
  for principal in $(kafka_principals); do
    password="$(kafka_password "$principal")"
    if [[ -z "$password" || "$renew" == *" $principal "* ]]; then password="$(new_password)"; fi
    if [[ "$principal" == admin ]]; then admin="$password"; fi
    lines+=("$(password_variable "$principal")=$password")
  done
  [[ -n "$admin" ]] || fail "kafka: $kafka_acls_file names no admin principal"
  (
    umask 077
    {
      printf '# Written by infra/local/local.sh: settings of the local broker'"'"'s clients. Keep it private.\n'
      printf 'KAFKA_BROKERS=%s:%s\nKAFKA_SASL_MECHANISM=scram-sha-512\nKAFKA_USERNAME=admin\nKAFKA_PASSWORD=%s\n' \
        "$host" "$kafka_port" "$admin"
      printf '%s\n' "${lines[@]}"
    } >"$kafka_sasl_env.tmp"
  )
  mv -f "$kafka_sasl_env.tmp" "$kafka_sasl_env"
}

# `<principal> <sha256>` for every SCRAM user the cluster should have (the broker's own included).
kafka_scram_wanted() {
  printf 'broker %s\n' "$(sha256_of "$(broker_secret BROKER_PASSWORD)")"
  local principal
  for principal in $(kafka_principals); do printf '%s %s\n' "$principal" "$(sha256_of "$(kafka_password "$principal")")"; done
}

# The storage format's `--add-scram` arguments, one per line: every user with its password.
kafka_scram_format_args() {
  local principal
  printf -- '--add-scram\nSCRAM-SHA-512=[name=broker,password=%s]\n' "$(broker_secret BROKER_PASSWORD)"
  for principal in $(kafka_principals); do
    printf -- '--add-scram\nSCRAM-SHA-512=[name=%s,password=%s]\n' "$principal" "$(kafka_password "$principal")"
  done
}

# The admin's client settings for the JVM tools, in a private file (no password on a command line).
kafka_admin_properties() { # file, password
  (
    umask 077
    printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="%s";\n' \
      "$2" >"$1"
  )
}

# Creates or replaces the SCRAM users whose password is not the one the cluster was given: principals
# added after the format, rotated passwords. The usual start has nothing to do and runs no JVM.
kafka_sync_credentials() { # [the admin password the cluster knows, when rotating the admin's]
  local wanted given changed principal dir
  wanted="$(kafka_scram_wanted)"
  given="$(cat "$kafka_scram_stamp" 2>/dev/null || true)"
  [[ "$wanted" == "$given" ]] && return 0
  changed="$(comm -23 <(sort <<<"$wanted") <(sort <<<"$given") | cut -d' ' -f1)"
  dir="$(mktemp -d "$kafka_dir/scram.XXXXXX")"
  kafka_admin_properties "$dir/admin.properties" "${1:-$(kafka_password admin)}"
  (
    umask 077
    for principal in $changed; do
      [[ "$principal" == broker ]] && continue
      printf '%s=%s\n' "$principal" "$(kafka_password "$principal")"
    done >"$dir/users.properties"
  )
  if [[ -s "$dir/users.properties" ]]; then
    kafka_java "$here/kafka/ScramUsers.java" "$host:$kafka_port" "$dir/admin.properties" "$dir/users.properties" || {
      rm -rf "$dir"
      fail "kafka: could not set the SCRAM credentials of:" $changed
    }
  fi
  rm -rf "$dir"
  printf '%s\n' "$wanted" >"$kafka_scram_stamp"
}

# Runs a command with the admin's client settings in its environment (never on a command line).
with_admin() {
  KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_USERNAME=admin KAFKA_PASSWORD="$(kafka_password admin)" "$@"
}

# Makes the broker's ACLs those of acls.txt when the file changed since they were last applied.
kafka_sync_acls() {
  local wanted
  wanted="$(sha256sum "$kafka_acls_file" | cut -d' ' -f1)"
  [[ "$wanted" == "$(cat "$kafka_acls_stamp" 2>/dev/null || true)" ]] && return 0
  with_admin "$(node_bin)" "$here/kafka-acls.mjs" "$host:$kafka_port" "$kafka_acls_file" ||
    fail "kafka: applying $kafka_acls_file failed"
  printf '%s\n' "$wanted" >"$kafka_acls_stamp"
}

kafka_rotate() { # [principal]...
  local old_admin principal known
  known=" $(kafka_principals | tr '\n' ' ') "
  running_pid kafka >/dev/null || fail "kafka: not running; rotate needs the broker up (local.sh up kafka)"
  for principal in "$@"; do
    [[ "$known" == *" $principal "* ]] || fail "kafka: no principal $principal (known:$known)"
  done
  old_admin="$(kafka_password admin)"
  if (($# > 0)); then kafka_write_credentials "$@"; else kafka_write_credentials $known; fi
  kafka_sync_credentials "$old_admin"
  say "kafka: new passwords in $kafka_sasl_env; restart the clients that use them (open connections stay until they close)"
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
  local broker_password controller_password
  broker_password="$(broker_secret BROKER_PASSWORD)"
  controller_password="$(broker_secret CONTROLLER_PASSWORD)"
  # It holds the broker's passwords: private to this user.
  (
    umask 077
    cat >"$kafka_config" <<EOF
# Written by infra/local/local.sh on every start (ports come from the environment); edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$controller_port
# Clients and the broker itself authenticate with SCRAM-SHA-512 (users stored in the cluster's
# metadata); the controller listener with PLAIN, its one user in this file. No plaintext listener.
listeners=CLIENT://$host:$kafka_port,CONTROLLER://$host:$controller_port
advertised.listeners=CLIENT://$host:$kafka_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=CLIENT
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="$broker_password";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$controller_password" user_controller="$controller_password";
# ACLs (infra/docker/kafka/acls.txt); what no ACL grants is refused. The broker, the controller and
# the admin are super users.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:broker;User:controller;User:admin
allow.everyone.if.no.acl.found=false
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
  )
  chmod 600 "$kafka_config"
}

kafka_java() { # main class and arguments
  java -Dlog4j2.configurationFile="$kafka_log4j" -cp "$kafka_libs/*" "$@"
}

# Formats the log directory once (it then holds meta.properties). The cluster id lives in its own file
# so that it survives a reset of the data directory.
kafka_format() {
  if [[ -f "$kafka_data/meta.properties" && ! -f "$kafka_scram_stamp" ]]; then
    # Formatted before the broker took SASL: its metadata has no users, and without users nobody
    # can log in to add them. Its topics are test and demo data that every start recreates.
    say "kafka: $kafka_data was formatted without SCRAM users; formatting it again (its topics and records go)"
    rm -rf "$kafka_data"
    mkdir -p "$kafka_data"
  fi
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
  local scram=()
  mapfile -t scram < <(kafka_scram_format_args)
  # Every SCRAM user goes into the cluster's first metadata: the broker can authenticate itself, and
  # the admin log in, from the first start.
  out="$(kafka_java kafka.tools.StorageTool format -t "$(<"$kafka_cluster_id")" -c "$kafka_config" \
    --ignore-formatted "${scram[@]}" 2>&1)" || fail "kafka: formatting storage failed: $out"
  kafka_scram_wanted >"$kafka_scram_stamp"
}

kafka_up() {
  local pid started
  if pid="$(running_pid kafka)"; then
    kafka_write_credentials
    with_admin wait_ready kafka "$host:$kafka_port" "$kafka_ready_timeout" "$pid" ||
      abort_start kafka "kafka: running (pid $pid) but not answering"
    kafka_sync_credentials
    kafka_sync_acls
    say "kafka: already running (pid $pid) on $host:$kafka_port; clients: $kafka_sasl_env"
    return 0
  fi
  need java "kafka: java 17+ is needed"
  ensure_port_free "$kafka_port" kafka KAFKA_PORT
  ensure_port_free "$controller_port" kafka KAFKA_CONTROLLER_PORT
  kafka_fetch
  kafka_write_credentials
  kafka_write_config
  kafka_format
  started="$(now)"
  say "kafka: starting on $host:$kafka_port…"
  launch kafka java -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$kafka_log4j" \
    -cp "$kafka_libs/*" kafka.Kafka "$kafka_config"
  pid="$(<"$(pid_file kafka)")"
  with_admin wait_ready kafka "$host:$kafka_port" "$kafka_ready_timeout" "$pid" ||
    abort_start kafka "kafka: not ready within $kafka_ready_timeout s"
  kafka_sync_credentials
  kafka_sync_acls
  say "kafka: ready on $host:$kafka_port in $(since "$started") s (pid $pid), SASL/SCRAM-SHA-512 with ACLs"
  say "kafka: clients: set -a; source $kafka_sasl_env; set +a   (the admin; KAFKA_PASSWORD_<PRINCIPAL> for the others)"
}

# ------------------------------------------------------------------------------------------ postgres

# PostgreSQL's server binaries, found once: sets pg_bin (a directory) and pg_major, or pg_reason
# (why not) and returns 1. An explicit DANGVIEN_POSTGRES=<directory> that does not hold them is an
# error, not a reason to fall back.
pg_bin=""
pg_major=""
pg_reason=""
pg_found=""
pg_candidates() {
  local data_major="" dir
  # A cluster only opens with the major version that created it: look for that one first.
  [[ -s "$pg_data/PG_VERSION" ]] && data_major="$(<"$pg_data/PG_VERSION")"
  [[ -n "$data_major" ]] && printf '%s\n' "/usr/lib/postgresql/$data_major/bin" "/usr/pgsql-$data_major/bin"
  dir="$(command -v postgres 2>/dev/null || true)"
  [[ -n "$dir" ]] && dirname "$(readlink -f "$dir")"
  # Debian/Ubuntu (postgresql-<major>), RHEL (PGDG), Homebrew: not on PATH by default. Newest first.
  compgen -G '/usr/lib/postgresql/*/bin' | sort -t/ -k4,4 -rn || true
  compgen -G '/usr/pgsql-*/bin' | sort -rV || true
  compgen -G '/opt/homebrew/opt/postgresql@*/bin' | sort -rV || true
  compgen -G '/usr/local/opt/postgresql@*/bin' | sort -rV || true
}

pg_binaries_in() { [[ -x "$1/initdb" && -x "$1/postgres" ]]; }

pg_major_of() { # bin dir → major version, e.g. 15
  "$1/postgres" --version 2>/dev/null | sed -n 's/.* \([0-9][0-9]*\)\(\.[0-9][0-9]*\)*.*/\1/p' | head -n 1
}

pg_find() {
  [[ -n "$pg_found" ]] && { [[ "$pg_found" == yes ]]; return; }
  pg_found=no
  local dir data_major="" mismatch=""
  [[ -s "$pg_data/PG_VERSION" ]] && data_major="$(<"$pg_data/PG_VERSION")"
  case "$pg_choice" in
    off | false | no | 0)
      pg_reason="DANGVIEN_POSTGRES=$pg_choice"
      return 1
      ;;
    auto | "")
      while IFS= read -r dir; do
        pg_binaries_in "$dir" || continue
        if [[ -n "$data_major" && "$(pg_major_of "$dir")" != "$data_major" ]]; then
          mismatch="$dir"
          continue
        fi
        pg_bin="$dir"
        break
      done < <(pg_candidates)
      if [[ -z "$pg_bin" ]]; then
        [[ -n "$mismatch" ]] &&
          fail "mongo: $pg_data is a PostgreSQL $data_major cluster, but only PostgreSQL $(pg_major_of "$mismatch") was found ($mismatch). Point DANGVIEN_POSTGRES at PostgreSQL $data_major's bin directory, delete $pg_dir (its data goes), or set DANGVIEN_POSTGRES=off for SQLite."
        pg_reason="no PostgreSQL server binaries (initdb, postgres) on PATH or in /usr/lib/postgresql/*/bin"
        return 1
      fi
      ;;
    *)
      pg_binaries_in "$pg_choice" || fail "mongo: DANGVIEN_POSTGRES=$pg_choice holds no executable initdb and postgres"
      pg_bin="$(cd "$pg_choice" && pwd)"
      if [[ -n "$data_major" && "$(pg_major_of "$pg_bin")" != "$data_major" ]]; then
        fail "mongo: $pg_data is a PostgreSQL $data_major cluster; $pg_bin is PostgreSQL $(pg_major_of "$pg_bin")"
      fi
      ;;
  esac
  pg_major="$(pg_major_of "$pg_bin")"
  [[ -n "$pg_major" ]] || fail "mongo: $pg_bin/postgres --version does not say its version"
  pg_as_user || return 1
  pg_found=yes
}

# PostgreSQL refuses to run as root. Run as root (a container, a CI runner), the cluster belongs to an
# unprivileged user, which must be able to reach .local; sets pg_as (a command prefix) or pg_reason.
pg_as=()
pg_user=""
pg_as_user() {
  pg_as=()
  pg_user=""
  ((EUID == 0)) || return 0
  local user="${DANGVIEN_POSTGRES_USER:-}"
  if [[ -z "$user" ]]; then
    if id postgres >/dev/null 2>&1; then user=postgres; else user=nobody; fi
  fi
  if ! id "$user" >/dev/null 2>&1; then
    pg_reason="running as root and user $user (DANGVIEN_POSTGRES_USER) does not exist"
    return 1
  fi
  command -v setpriv >/dev/null 2>&1 || {
    pg_reason="running as root without setpriv (util-linux) to run PostgreSQL as $user"
    return 1
  }
  pg_as=(setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups)
  # The cluster's directory may not exist yet: its nearest existing ancestor must be reachable.
  local reach="$pg_dir"
  while [[ ! -e "$reach" ]]; do reach="$(dirname "$reach")"; done
  if ! "${pg_as[@]}" test -x "$reach"; then
    pg_reason="running as root and user $user cannot reach $reach (a parent directory is closed to it)"
    pg_as=()
    return 1
  fi
  pg_user="$user"
}

# A private cluster: superuser `dangvien` with a random password (kept in a pgpass file only this
# user can read), TCP on loopback only, no Unix socket (its default directory may not be writable).
# Made in a scratch directory first, so that an interrupted initdb never looks like a cluster.
pg_init() {
  [[ -s "$pg_data/PG_VERSION" ]] && {
    [[ -s "$pg_passfile" ]] || fail "postgres: $pg_passfile is missing, so nothing can log in to $pg_data; delete $pg_dir to start over (its data goes)"
    return 0
  }
  local started tmp pwfile password
  started="$(now)"
  say "postgres: creating a cluster in $pg_data (PostgreSQL $pg_major, first run)…"
  tmp="$pg_dir/data.tmp"
  pwfile="$pg_dir/initdb-password"
  rm -rf "$tmp" "$pwfile"
  mkdir -p "$tmp"
  chmod 700 "$tmp"
  password="$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')"
  (umask 077 && printf '%s\n' "$password" >"$pwfile")
  if [[ -n "$pg_user" ]]; then chown "$pg_user:" "$tmp" "$pwfile"; fi
  local out
  out="$("${pg_as[@]}" "$pg_bin/initdb" -D "$tmp" -U "$pg_superuser" --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=reject --encoding=UTF8 --locale=C --no-sync 2>&1)" || {
    rm -rf "$tmp" "$pwfile"
    fail "postgres: initdb failed: $out"
  }
  rm -f "$pwfile"
  (umask 077 && printf '127.0.0.1:*:*:%s:%s\n' "$pg_superuser" "$password" >"$pg_passfile.tmp")
  mv -f "$pg_passfile.tmp" "$pg_passfile"
  mv "$tmp" "$pg_data"
  say "postgres: cluster created in $(since "$started") s"
}

pg_write_config() {
  cat >"$pg_config" <<PGCONF
# Written by infra/local/local.sh on every start (the port comes from the environment); edits are lost.
data_directory = '$pg_data'
hba_file = '$pg_data/pg_hba.conf'
ident_file = '$pg_data/pg_ident.conf'
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
max_connections = 100
# FerretDB passes a filter's field name as a bind parameter (_jsonb->\$1 @> \$2), and pgx prepares
# every statement: a generic plan cannot match an expression index on (_jsonb->'field'). Custom
# plans see the name as the constant it is.
plan_cache_mode = force_custom_plan
# A developer machine: no data is lost on a crash of PostgreSQL or of the machine beyond the last
# fraction of a second of commits (fsync stays on, so the cluster itself survives).
synchronous_commit = off
shared_buffers = 128MB
work_mem = 16MB
maintenance_work_mem = 128MB
effective_cache_size = 1GB
random_page_cost = 1.1
# A filter FerretDB hands over is served by an index whenever one exists, as MongoDB's planner does
# for an equality: PostgreSQL prices a jsonpath or containment check as one operator whatever its
# size, and for a \$in of a few hundred ids took a sequential scan for cheaper (20,000 documents:
# 858 ms, against 14 ms through the index). A field without an index is still scanned.
enable_seqscan = off
# JIT compiles scans of big tables and adds tens of milliseconds to queries that take a few.
jit = off
# Statistics soon after a bulk load: without them the planner takes every equality for selective and
# ANDs in the index of a field half the documents share ({organisationId, sex}: 5 ms instead of 0.1).
autovacuum_naptime = 5s
autovacuum_analyze_scale_factor = 0.05
timezone = 'UTC'
log_timezone = 'UTC'
lc_messages = 'C'
log_line_prefix = '%m [%p] '
log_min_messages = warning
log_checkpoints = off
PGCONF
}

# PostgreSQL says it accepts connections in the status line of postmaster.pid (what pg_ctl -w
# reads); FerretDB's own readiness probe then checks a real query through it.
pg_wait_ready() { # pid
  local deadline=$((SECONDS + postgres_ready_timeout)) status
  while ((SECONDS < deadline)); do
    alive "$1" || return 2
    status="$(sed -n '8p' "$pg_data/postmaster.pid" 2>/dev/null || true)"
    [[ "$status" == ready* ]] && return 0
    sleep 0.1
  done
  return 1
}

postgres_up() {
  local pid started
  if pid="$(running_pid postgres)"; then
    pg_wait_ready "$pid" || abort_start postgres "postgres: running (pid $pid) but not ready"
    say "postgres: already running (pid $pid) on $host:$pg_port"
    return 0
  fi
  pg_find || fail "postgres: cannot run PostgreSQL: $pg_reason"
  ensure_port_free "$pg_port" postgres POSTGRES_PORT
  pg_init
  pg_write_config
  started="$(now)"
  say "postgres: starting PostgreSQL $pg_major ($pg_bin${pg_user:+, as user $pg_user}) on $host:$pg_port…"
  launch postgres "${pg_as[@]}" "$pg_bin/postgres" -D "$pg_data" -c config_file="$pg_config"
  pid="$(<"$(pid_file postgres)")"
  pg_wait_ready "$pid" || abort_start postgres "postgres: not ready within $postgres_ready_timeout s"
  say "postgres: ready on $host:$pg_port in $(since "$started") s (pid $pid)"
}

# The URL FerretDB connects with (psql takes it too): no password in it, since a command line is
# visible to every user, but the pgpass file that holds it.
pg_url() { # database
  printf 'postgres://%s@%s:%s/%s?sslmode=disable&passfile=%s' "$pg_superuser" "$host" "$pg_port" "$1" "$pg_passfile"
}

# -------------------------------------------------------------------------------------------- ferretdb

ferret_build() {
  local started file stale=""
  if [[ -x "$ferret_bin" ]]; then
    for file in "$ferret_src"/*.go "$ferret_src"/patches/*.go "$ferret_src/go.mod" "$ferret_src/go.sum"; do
      [[ "$ferret_bin" -nt "$file" ]] || stale=yes
    done
    [[ -z "$stale" ]] && return 0
  fi
  need go "mongo: go is needed once to build FerretDB"
  say "mongo: building FerretDB (first run takes about a minute)…"
  started="$(now)"
  mkdir -p "$ferret_dir"
  # Pure Go (SQLite and the PostgreSQL driver included), so no C toolchain is needed. The files of
  # FerretDB we fix (patches/, each says what it fixes) replace the module's own in a vendored copy
  # of the dependencies, built in .local (Go refuses overlays of its module cache).
  local build="$ferret_dir/build"
  rm -rf "$build"
  mkdir -p "$build"
  cp "$ferret_src"/*.go "$ferret_src/go.mod" "$ferret_src/go.sum" "$build/"
  (cd "$build" && go mod vendor) || fail "mongo: fetching FerretDB's modules failed"
  local vendored="$build/vendor/github.com/FerretDB/FerretDB/internal"
  cp "$ferret_src/patches/msg_update.go" "$vendored/handler/msg_update.go"
  cp "$ferret_src/patches/msg_find.go" "$vendored/handler/msg_find.go"
  cp "$ferret_src/patches/msg_explain.go" "$vendored/handler/msg_explain.go"
  cp "$ferret_src/patches/collection.go" "$vendored/backends/collection.go"
  cp "$ferret_src/patches/query.go" "$vendored/backends/postgresql/query.go"
  cp "$ferret_src/patches/resource.go" "$vendored/util/resource/resource.go"
  (cd "$build" && CGO_ENABLED=0 go build -mod=vendor -o "$ferret_bin.tmp" .) || fail "mongo: building FerretDB failed"
  rm -rf "$build"
  mv -f "$ferret_bin.tmp" "$ferret_bin"
  say "mongo: FerretDB built in $(since "$started") s"
}

# How the running FerretDB stores its data, for humans: "PostgreSQL 15" or "SQLite".
ferret_storage_label() {
  local storage
  storage="$(cat "$ferret_storage_file" 2>/dev/null || true)"
  case "$storage" in
    postgresql*) printf 'PostgreSQL %s' "$(cut -d' ' -f2 <<<"$storage")" ;;
    sqlite) printf 'SQLite' ;;
    *) printf 'unknown storage' ;;
  esac
}

ferret_on_postgres() { [[ "$(cat "$ferret_storage_file" 2>/dev/null || true)" == postgresql* ]]; }

# The running FerretDB's start also started the cluster.
ferret_owns_postgres() { [[ "$(cut -d' ' -f1,3 "$ferret_storage_file" 2>/dev/null || true)" == "postgresql own" ]]; }

mongo_up() {
  local pid started
  if pid="$(running_pid ferretdb)"; then
    if ferret_on_postgres; then postgres_up; fi
    wait_ready mongo "$host:$mongo_port" "$mongo_ready_timeout" "$pid" ||
      abort_start ferretdb "mongo: running (pid $pid) but not answering"
    say "mongo: already running (FerretDB on $(ferret_storage_label), pid $pid) on $host:$mongo_port"
    return 0
  fi
  ensure_port_free "$mongo_port" mongo MONGO_PORT
  ferret_build
  local args=(-listen "$host:$mongo_port")
  if pg_find; then
    say "mongo: storage PostgreSQL $pg_major ($pg_bin); DANGVIEN_POSTGRES=off selects SQLite"
    # `down mongo` stops the cluster only when this start started it (a cluster that was already
    # up for something else stays up).
    local cluster=shared
    running_pid postgres >/dev/null || cluster=own
    postgres_up
    args+=(-handler postgresql -postgresql-url "$(pg_url "$pg_database")")
    printf 'postgresql %s %s %s\n' "$pg_major" "$cluster" "$pg_bin" >"$ferret_storage_file"
  else
    say "mongo: storage SQLite ($pg_reason)"
    mkdir -p "$ferret_data"
    args+=(-handler sqlite -data "$ferret_data")
    printf 'sqlite\n' >"$ferret_storage_file"
  fi
  # FERRETDB_PPROF=127.0.0.1:6060 serves Go's CPU and heap profiles of FerretDB there.
  [[ -n "${FERRETDB_PPROF:-}" ]] && args+=(-pprof "$FERRETDB_PPROF")
  started="$(now)"
  say "mongo: starting FerretDB on $host:$mongo_port…"
  launch ferretdb "$ferret_bin" "${args[@]}"
  pid="$(<"$(pid_file ferretdb)")"
  wait_ready mongo "$host:$mongo_port" "$mongo_ready_timeout" "$pid" ||
    abort_start ferretdb "mongo: not ready within $mongo_ready_timeout s"
  say "mongo: ready on $host:$mongo_port in $(since "$started") s (FerretDB on $(ferret_storage_label), pid $pid)"
}

# ------------------------------------------------------------------------------------------------ stop

stop_pid() { # name, pid[, signal]: PostgreSQL's clean and quick "fast shutdown" is SIGINT, not SIGTERM
  local i started
  started="$(now)"
  kill "-${3:-TERM}" "$2" 2>/dev/null || true
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

stop_server() { # name (kafka|ferretdb|postgres), label for humans[, signal]
  local pid file
  file="$(pid_file "$1")"
  if pid="$(running_pid "$1")"; then
    stop_pid "$2" "$pid" "${3:-TERM}"
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

# What the next `up mongo` would choose, for a stopped database (in a subshell: pg_find may fail).
next_storage() {
  local said
  if said="$(
    if pg_find; then printf 'PostgreSQL %s (%s)' "$pg_major" "$pg_bin"; else printf 'SQLite (%s)' "$pg_reason"; fi 2>&1
  )"; then
    printf '%s' "$said"
  else
    printf 'nothing: %s' "$said"
  fi
}

mongo_status() {
  local pid code=0
  if pid="$(running_pid ferretdb)"; then
    say "mongo (FerretDB on $(ferret_storage_label)): running (pid $pid) on $host:$mongo_port"
    if ferret_on_postgres && ! running_pid postgres >/dev/null; then
      say "mongo: its PostgreSQL is not running"
      code=3
    fi
  else
    say "mongo (FerretDB): stopped; the next start stores in $(next_storage)"
    code=3
  fi
  return "$code"
}

# ------------------------------------------------------------------------------------------------ main

usage() { # exit code: 0 when asked for, 2 after a mistake
  # The header comment, which is the manual.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
  exit "${1:-2}"
}

# Normalises server names: no name means kafka and mongo; `ferretdb` is accepted for `mongo`,
# `postgresql` for `postgres`.
servers=()
parse_servers() {
  local name
  servers=()
  for name in "$@"; do
    case "$name" in
      kafka) servers+=(kafka) ;;
      mongo | ferretdb) servers+=(mongo) ;;
      postgres | postgresql) servers+=(postgres) ;;
      *) usage ;;
    esac
  done
  ((${#servers[@]} > 0)) || servers=(kafka mongo)
}

named() { [[ " ${servers[*]} " == *" $1 "* ]]; }

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
[[ "$command" == url || "$command" == env || "$command" == rotate ]] || parse_servers "$@"

case "$command" in
  up)
    lock
    for server in kafka postgres mongo; do
      if named "$server"; then "${server}_up"; fi
    done
    ;;
  down)
    lock
    if named kafka; then stop_server kafka kafka; fi
    # FerretDB before the cluster it stores in. `down mongo` stops the cluster too when starting
    # FerretDB started it; `down postgres` stops FerretDB too when it stores there.
    stop_postgres=""
    if named postgres; then stop_postgres=yes; fi
    if named mongo || { named postgres && ferret_on_postgres; }; then
      if ferret_owns_postgres; then stop_postgres=yes; fi
      stop_server ferretdb mongo
      rm -f "$ferret_storage_file"
    fi
    if [[ -n "$stop_postgres" ]]; then stop_server postgres postgres INT; fi
    ;;
  status)
    code=0
    for server in "${servers[@]}"; do
      case "$server" in
        kafka) status_line kafka kafka "$kafka_port" || code=3 ;;
        mongo) mongo_status || code=3 ;;
        postgres) status_line postgres "postgres ($pg_data)" "$pg_port" || code=3 ;;
      esac
    done
    # The cluster is part of the database: shown with it when it runs.
    if named mongo && ! named postgres && running_pid postgres >/dev/null; then
      status_line postgres "postgres ($pg_data)" "$pg_port" || true
    fi
    exit "$code"
    ;;
  logs)
    files=()
    for server in "${servers[@]}"; do
      case "$server" in
        kafka) files+=("$(log_file kafka)") ;;
        mongo)
          files+=("$(log_file ferretdb)")
          if ferret_on_postgres; then files+=("$(log_file postgres)"); fi
          ;;
        postgres) files+=("$(log_file postgres)") ;;
      esac
    done
    for file in "${files[@]}"; do [[ -f "$file" ]] || fail "no log yet: $file"; done
    if [[ -t 1 ]]; then exec tail -n 100 -F "${files[@]}"; else exec tail -n 100 "${files[@]}"; fi
    ;;
  url)
    # Not through parse_servers: the second word is a PostgreSQL database name.
    [[ "${1:-}" == postgres || "${1:-}" == postgresql ]] || usage
    pg_url "${2:-$pg_database}"
    printf '\n'
    ;;
  env)
    [[ "${1:-}" == kafka ]] || usage
    [[ -s "$kafka_sasl_env" ]] || fail "kafka: no $kafka_sasl_env yet (local.sh up kafka writes it)"
    principal="${2:-admin}"
    password="$(kafka_password "$principal")"
    [[ -n "$password" ]] || fail "kafka: no principal $principal in $kafka_sasl_env"
    printf 'KAFKA_BROKERS=%s:%s\nKAFKA_SASL_MECHANISM=scram-sha-512\nKAFKA_USERNAME=%s\nKAFKA_PASSWORD=%s\n' \
      "$host" "$kafka_port" "$principal" "$password"
    ;;
  rotate)
    [[ "${1:-}" == kafka ]] || usage
    shift
    lock
    kafka_rotate "$@"
    ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
