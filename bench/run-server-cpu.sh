#!/usr/bin/env bash
# The server's own CPU per request on PostgreSQL: a throwaway PostgreSQL 15 cluster, the server jar in its own JVM (as
# bench/compare/run.sh starts it), then bench/ServerCpuBench.java (get by id, owner-only page, create).
# Usage: [SERVER_JARS="a.jar b.jar"] bench/run-server-cpu.sh [ServerCpuBench options: --seconds=15 --clients=8,32 ...]
# SERVER_JARS compares builds side by side (copy server/target/homebase-server.jar with its lib/ folder elsewhere first);
# an entry JAR:OPT,OPT gives that server's JVM extra options (-Dname=value).
# Needs PostgreSQL 15's server binaries (PGBIN, default /usr/lib/postgresql/15/bin); as root PostgreSQL runs as
# PG_OS_USER (default postgres). HOMEBASE_JAVA_OPTS reaches the server's JVM as with ./homebase.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
[ -x "$PGBIN/pg_ctl" ] || { echo "bench: $PGBIN/pg_ctl not found (set PGBIN)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/homebase-cpu.XXXXXX")"
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$work"
  as_pg() { runuser -u "${PG_OS_USER:-postgres}" -- "$@"; }
fi
mkdir "$work/pg" && { [ "$(id -u)" != 0 ] || chown "${PG_OS_USER:-postgres}" "$work/pg"; }
servers=()
cleanup() {
  for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${servers[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -f "$work/pg/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pgport="$(free_port)"
as_pg "$PGBIN/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >"$work/initdb.log" 2>&1
as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/pg.log" -w start \
  -o "-p $pgport -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=100" >/dev/null

cp -r bench/projects/bench "$work/project"
app_id="$(sed -n 's/.*"id": *"\([^"]*\)".*/\1/p' "$work/project/base44/.app.jsonc")"
app_id="${app_id:-benchapp}"
# One server per jar (SERVER_JARS, default the built one), each on its own database of the same cluster; the bench
# interleaves them (each scenario on every server in turn), so that a busy machine weighs on all of them alike.
targets="" k=0
for spec in ${SERVER_JARS:-server/target/homebase-server.jar}; do
  k=$((k + 1))
  jar="${spec%%:*}" extra=""
  [ "$jar" = "$spec" ] || extra="${spec#*:}"
  "$PGBIN/createdb" -h 127.0.0.1 -p "$pgport" -U postgres "homebase$k"
  port="$(free_port)"
  # shellcheck disable=SC2046
  HOMEBASE_AUTH_RATE_LIMITS=off "$JAVA_HOME/bin/java" $(homebase_jvm_opts) --enable-native-access=ALL-UNNAMED ${extra//,/ } \
    -jar "$jar" serve "$work/project" --host 127.0.0.1 --port "$port" --data "$work/data$k" \
    --db "postgresql://postgres@127.0.0.1:$pgport/homebase$k" >"$work/server$k.log" 2>&1 &
  servers+=("$!")
  for _ in $(seq 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/health" && break
    kill -0 "${servers[-1]}" 2>/dev/null || { cat "$work/server$k.log"; exit 1; }
    sleep 0.05
  done
  echo "server $k: $spec, pid ${servers[-1]}, port $port"
  targets+="${targets:+;}$spec|http://127.0.0.1:$port|${servers[-1]}|$work/server$k.log|homebase$k"
done
echo "PostgreSQL on $pgport; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
bench_java ServerCpuBench.java --app="$app_id" --targets="$targets" --jcmd="$JAVA_HOME/bin/jcmd" \
  --after-seed="$PGBIN/psql -q -h 127.0.0.1 -p $pgport -U postgres -d %DB% -c ANALYZE" "$@"
for p in "${servers[@]}"; do echo "server pid $p: $(awk '/VmRSS|VmHWM/ {printf "%s %s %s  ", $1, $2, $3}' "/proc/$p/status")"; done
