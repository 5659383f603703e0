#!/usr/bin/env bash
# The server's own CPU per request on PostgreSQL: a throwaway PostgreSQL 15 cluster, the server jar in its own JVM (as
# bench/compare/run.sh starts it), then bench/ServerCpuBench.java (get by id, owner-only page, create, update by id).
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

bench_postgres cpu -c max_connections=100

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
  bench_pids+=("$!")
  for _ in $(seq 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/health" && break
    kill -0 "${bench_pids[-1]}" 2>/dev/null || { cat "$work/server$k.log"; exit 1; }
    sleep 0.05
  done
  echo "server $k: $spec, pid ${bench_pids[-1]}, port $port"
  targets+="${targets:+;}$spec|http://127.0.0.1:$port|${bench_pids[-1]}|$work/server$k.log|homebase$k"
done
echo "PostgreSQL on $pgport; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
bench_java ServerCpuBench.java --app="$app_id" --targets="$targets" --jcmd="$JAVA_HOME/bin/jcmd" \
  --after-seed="$PGBIN/psql -q -h 127.0.0.1 -p $pgport -U postgres -d %DB% -c ANALYZE" "$@"
for p in "${bench_pids[@]}"; do echo "server pid $p: $(awk '/VmRSS|VmHWM/ {printf "%s %s %s  ", $1, $2, $3}' "/proc/$p/status")"; done
