#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the FlowSdk.Instances tests on 127.0.0.1 and sets FLOWSDK_POSTGRES to its
# Npgsql connection string.
#
#   source .ci/postgres.sh            # exports FLOWSDK_POSTGRES into this shell
#   eval "$(bash .ci/postgres.sh)"    # the same from a child process
#
# Installs PostgreSQL with apt-get when no server binaries are found (Debian 12 ships 15). The cluster lives in
# $FLOWSDK_PG_DIR (default /tmp/flowsdk-postgres-$PORT), owned by the postgres user, listens on 127.0.0.1 only, on
# $FLOWSDK_PG_PORT (default 55432, away from a system cluster's 5432). Running it again reuses a running cluster.
# The server runs with fsync=off (fast, and a throwaway for tests); FLOWSDK_PG_FSYNC=on starts it with PostgreSQL's
# default durable commits instead, for measurements (use another port: a running cluster keeps its setting).
# Safe to source: it never exits the calling shell and changes no shell options.

flowsdk_pg_log() { echo "postgres.sh: $*" >&2; }

flowsdk_pg_start() {
  local port="${FLOWSDK_PG_PORT:-55432}"
  local dir="${FLOWSDK_PG_DIR:-/tmp/flowsdk-postgres-$port}"
  local db=flowsdk user=flowsdk password=flowsdk
  local fsync="${FLOWSDK_PG_FSYNC:-off}"
  local bin run_as=()

  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      flowsdk_pg_log "PostgreSQL is not installed and installing it needs root"; return 1
    fi
    flowsdk_pg_log "installing PostgreSQL"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$bin/initdb" ] || { flowsdk_pg_log "no initdb after installing"; return 1; }
  fi

  # The server refuses to run as root: as root, run it as the postgres user the package created.
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { flowsdk_pg_log "no postgres user"; return 1; }
    run_as=(runuser -u postgres --)
    mkdir -p "$dir" && chown postgres:postgres "$dir" && chmod 700 "$dir" || return 1
  else
    mkdir -p "$dir" && chmod 700 "$dir" || return 1
  fi

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    flowsdk_pg_log "creating a cluster in $dir/data"
    "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust --auth-host=scram-sha-256 -E UTF8 --no-instructions >&2 || return 1
  fi

  if ! "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    flowsdk_pg_log "starting on 127.0.0.1:$port (fsync=$fsync)"
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=$fsync" start >&2 \
      || { tail -n 20 "$dir/server.log" >&2; return 1; }
  fi

  # Superuser work over the cluster's own socket (trusted), then a password user for the tests over TCP.
  local psql=("${run_as[@]}" "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  "${psql[@]}" -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN CREATE ROLE $user LOGIN PASSWORD '$password'; END IF;
    END \$\$;" >&2 || return 1
  if [ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    "${psql[@]}" -c "CREATE DATABASE $db OWNER $user" >&2 || return 1
  fi

  FLOWSDK_POSTGRES="Host=127.0.0.1;Port=$port;Database=$db;Username=$user;Password=$password"
  export FLOWSDK_POSTGRES
  flowsdk_pg_log "ready: FLOWSDK_POSTGRES=$FLOWSDK_POSTGRES"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  flowsdk_pg_start
else
  flowsdk_pg_start || exit 1
  echo "export FLOWSDK_POSTGRES='$FLOWSDK_POSTGRES'"
fi
