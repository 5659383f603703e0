#!/usr/bin/env bash
# The filtered count and page of bench/compare on Homebase with SQLite, one seeded copy, several builds interleaved.
# Usage: bench/run-filtered-reads.sh SEEDED_DIR [SECONDS] [LABEL=BUILD_DIR ...]
#   SEEDED_DIR  a data folder with bench/compare's records (100k notes and 100k orders over 100 users); seeded (with the
#               current build) when it holds no database yet, then only read: each run starts on a fresh copy of it
#   SECONDS     timed seconds per point (default 20); 0: only seed
#   LABEL=BUILD_DIR[@DATA_DIR]  a build to run: a folder with homebase-server.jar and lib/ (default: now=server/target),
#               on a copy of DATA_DIR when given (a copy of SEEDED_DIR already started once with that build, so its
#               startup changes nothing), or on a PostgreSQL database when DATA_DIR is a postgresql:// URL (used as it is;
#               seed it first with SECONDS 0 and HOMEBASE_BENCH_DB=URL; HOMEBASE_BENCH_BUILD: the build that seeds); given several, they
#               run in turn, so drift hits each alike (give A B A B)
# Measuring runs must hold the bench lock: flock /work/wt/bench.lock bench/run-filtered-reads.sh ...
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seeded="$(mkdir -p "$1" && cd "$1" && pwd)"; shift
seconds="${1:-20}"; [ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- "now=$root/server/target"
work="$(mktemp -d "${TMPDIR:-/tmp}/homebase-filtered.XXXXXX")"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export HOMEBASE_AUTH_RATE_LIMITS=off

# serve BUILD_DIR DATA_DIR LOG: starts the server in the background on a free port; sets port and server_pid.
serve() {
  port="$(free_port)"
  local db=()
  [ -n "${4:-}" ] && db=(--db "$4")
  # shellcheck disable=SC2046
  "$JAVA_HOME/bin/java" $(homebase_jvm_opts) --enable-native-access=ALL-UNNAMED -jar "$1/homebase-server.jar" \
    serve "$root/bench/projects/bench" --host 127.0.0.1 --port "$port" --data "$2" "${db[@]}" >"$3" 2>&1 &
  server_pid=$!
  for _ in $(seq 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/apps/benchapp/entities/Order?limit=1" && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  cat "$3"; echo "the server did not start" >&2; exit 2
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

if [ ! -f "$seeded/homebase.db" ] && [ ! -f "$seeded/seeded" ]; then
  serve "${HOMEBASE_BENCH_BUILD:-$root/server/target}" "$seeded" "$work/seed.log" "${HOMEBASE_BENCH_DB:-}"
  bench_java FilteredReadBench.java seed "http://127.0.0.1:$port" benchapp "$work/seed.log"
  stop
  touch "$seeded/seeded"
fi

[ "$seconds" = 0 ] && exit 0
for run in "$@"; do
  label="${run%%=*}" build="${run#*=}" data="$seeded"
  case "$build" in *@*) data="${build#*@}" build="${build%%@*}" ;; esac
  rm -rf "$work/data"
  case "$data" in
    postgresql://*) mkdir "$work/data"; serve "$build" "$work/data" "$work/$label.log" "$data" ;;
    *) cp -r "$data" "$work/data"; serve "$build" "$work/data" "$work/$label.log" ;;
  esac
  bench_java FilteredReadBench.java measure "http://127.0.0.1:$port" benchapp "$seconds" "$label"
  stop
done
