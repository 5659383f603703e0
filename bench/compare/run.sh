#!/usr/bin/env bash
# Homebase (PostgreSQL and SQLite) against Parse Server 9.10 on the same throwaway PostgreSQL 15 cluster, with one load
# generator for all (bench/CompareBench.java) and pgbench replaying Homebase's own SQL as the database's limit.
# Usage: bench/compare/run.sh [--quick] [--dry-run] [--million] [--realtime]
#   --quick     10k records per entity instead of 100k, 5 s per point instead of 20 s
#   --dry-run   seed and self-check only: every scenario answers right on every system (no timing)
#   --million   then tops the orders up to 1M (quick: 100k; or MILLION_RECORDS) on every system and runs the page and
#               the count again
#   --realtime  then bench/run-realtime.sh (Homebase only; REALTIME_SUBSCRIBERS, default 2000) on SQLite and on the
#               same PostgreSQL, its output appended to the report
# Needs: PostgreSQL 15 server binaries (PGBIN, default /usr/lib/postgresql/15/bin), Node >= 20.19 with npm, curl,
# python3, and a JDK >= 21 (found like ./homebase does). Writes bench/compare/results/<date>.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fail() { echo "bench/compare: $*" >&2; exit 2; }

quick="" dry="" million="" realtime=""
for arg in "$@"; do
  case "$arg" in
    --quick) quick=--quick ;;
    --dry-run) dry=--dry-run ;;
    --million) million=--million ;;
    --realtime) realtime=yes ;;
    *) fail "unknown option $arg (usage: run.sh [--quick] [--dry-run] [--million] [--realtime])" ;;
  esac
done

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
for tool in initdb pg_ctl postgres pgbench createdb; do
  [ -x "$PGBIN/$tool" ] || fail "$PGBIN/$tool not found: install PostgreSQL 15's server binaries (Debian: postgresql-15) or set PGBIN"
done
"$PGBIN/postgres" --version | grep -q ' 15\.' || fail "$PGBIN/postgres is not PostgreSQL 15 ($("$PGBIN/postgres" --version))"
for tool in node npm curl python3; do command -v "$tool" >/dev/null 2>&1 || fail "$tool not found on PATH"; done
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a===20&&b>=19||a===22&&b>=13||a===24&&b>=11?0:1)' \
  || fail "Parse Server 9.10 needs Node 20.19+, 22.13+ or 24.11+ (found $(node -v))"

# A JDK >= 21 and the server jar (built when missing); the working folder becomes the repository root.
# shellcheck source=../lib.sh
. "$here/../lib.sh"
[ -d "$here/parse/node_modules/parse-server" ] || (cd "$here/parse" && npm ci --no-audit --no-fund >/dev/null) \
  || fail "npm ci in bench/compare/parse failed"

# PostgreSQL 15: defaults (fsync on, shared_buffers 128 MB) plus enough connections for two pools and pgbench -c 32,
# and a log prefix that names the database (ComparePgbench reads Homebase's statements from the log).
bench_postgres compare -c max_connections=200 "-c log_line_prefix='%m [%p] %d '"
"$PGBIN/createdb" -h 127.0.0.1 -p "$pgport" -U postgres homebase
"$PGBIN/createdb" -h 127.0.0.1 -p "$pgport" -U postgres parse
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on port $pgport ($pgdir)"

# start NAME URL COMMAND...: starts a server in the background, waits for the first 200 from URL; sets $started_pid
# and $started_ms (milliseconds from the start to that first 200).
start() {
  local name="$1" url="$2"; shift 2
  local t0; t0=$(date +%s%N)
  "$@" >"$work/$name.log" 2>&1 &
  started_pid=$!
  bench_pids+=("$started_pid")
  for _ in $(seq 1200); do
    if curl -sf -o /dev/null "$url"; then started_ms=$(( ($(date +%s%N) - t0) / 1000000 )); return 0; fi
    kill -0 "$started_pid" 2>/dev/null || break
    sleep 0.02
  done
  cat "$work/$name.log"; fail "$name did not answer $url"
}

cp -r bench/projects/bench "$work/project"
app_id="$(sed -n 's/.*"id": *"\([^"]*\)".*/\1/p' "$work/project/base44/.app.jsonc")"
app_id="${app_id:-benchapp}"
# shellcheck disable=SC2046
homebase=("$JAVA_HOME/bin/java" $(homebase_jvm_opts) --enable-native-access=ALL-UNNAMED -jar server/target/homebase-server.jar serve "$work/project" --host 127.0.0.1)
export HOMEBASE_AUTH_RATE_LIMITS=off

port="$(free_port)"
start homebase-pg "http://127.0.0.1:$port/api/apps/$app_id/entities/Order?limit=1" \
  "${homebase[@]}" --port "$port" --data "$work/hb-pg" --db "postgresql://postgres@127.0.0.1:$pgport/homebase"
hb_pg="http://127.0.0.1:$port,$app_id,$started_pid,$work/homebase-pg.log" hb_pg_ms=$started_ms
port="$(free_port)"
start homebase-sqlite "http://127.0.0.1:$port/api/apps/$app_id/entities/Order?limit=1" \
  "${homebase[@]}" --port "$port" --data "$work/hb-sqlite"
hb_lite="http://127.0.0.1:$port,$app_id,$started_pid,$work/homebase-sqlite.log" hb_lite_ms=$started_ms
port="$(free_port)"
start parse "http://127.0.0.1:$port/parse/health" node "$here/parse/server.js" "$port" "postgres://postgres@127.0.0.1:$pgport/parse"
parse="http://127.0.0.1:$port/parse,$started_pid" parse_ms=$started_ms
echo "started: Homebase PG ${hb_pg_ms} ms, Homebase SQLite ${hb_lite_ms} ms, Parse ${parse_ms} ms (to the first 200)"

out="$here/results/$(date -u +%Y-%m-%d-%H%M)${quick:+-quick}.md"
bench_java CompareBench.java $quick $dry $million ${MILLION_RECORDS:+--big=$MILLION_RECORDS} --homebase-pg="$hb_pg" --homebase-sqlite="$hb_lite" --parse="$parse" \
  --start-Homebase-PG="$hb_pg_ms" --start-Homebase-SQLite="$hb_lite_ms" --start-Parse="$parse_ms" \
  --pg="127.0.0.1:$pgport" --pglog="$pgdir/pg.log" --pgbench="$PGBIN/pgbench" --work="$work" --out="$out"

# Start each server again on its now seeded database (no migrations to run, indexes there): the restart's time to
# the first 200, appended to the report. Runs in this shell (not a pipe), so the cleanup still stops the new servers.
restart() { # NAME SLUG PID URL COMMAND...
  local name="$1" slug="$2" pid="$3" url="$4"; shift 4
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  start "$slug-restart" "$url" "$@"
  restarts+="| $name | $started_ms ms |"$'\n'
}
# The database server's own memory for each system: private memory (smaps_rollup) of the backends connected to its
# database, after the timed runs (kept statements and their plans live there; shared buffers are not counted).
pg_private() { # DBNAME -> "N backends, X MiB"
  local n=0 kib=0 pid
  for pid in $(pgrep -f "postgres: [a-z]+ $1 "); do
    n=$((n + 1))
    kib=$((kib + $(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s + 0}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo "$n backends, $((kib / 1024)) MiB private"
}
if [ -z "$dry" ]; then
  printf '\n## PostgreSQL backends after the runs\n\n| system | backends and their private memory |\n|---|---|\n| Homebase PG | %s |\n| Parse | %s |\n' \
    "$(pg_private homebase)" "$(pg_private parse)" | tee -a "$out"
fi

if [ -z "$dry" ]; then
  restarts=""
  IFS=, read -r url _ pid _ <<<"$hb_pg"
  restart "Homebase PG" homebase-pg "$pid" "$url/api/apps/$app_id/entities/Order?limit=1" \
    "${homebase[@]}" --port "${url##*:}" --data "$work/hb-pg" --db "postgresql://postgres@127.0.0.1:$pgport/homebase"
  IFS=, read -r url _ pid _ <<<"$hb_lite"
  restart "Homebase SQLite" homebase-sqlite "$pid" "$url/api/apps/$app_id/entities/Order?limit=1" \
    "${homebase[@]}" --port "${url##*:}" --data "$work/hb-sqlite"
  IFS=, read -r url pid <<<"$parse"
  port="${url##*:}"
  restart "Parse" parse "$pid" "$url/health" node "$here/parse/server.js" "${port%/parse}" "postgres://postgres@127.0.0.1:$pgport/parse"
  printf '\n## Restart on the seeded database: start to first 200\n\n| system | restart |\n|---|---|\n%s' "$restarts" | tee -a "$out"
fi

if [ -n "$realtime" ] && [ -z "$dry" ]; then
  "$PGBIN/createdb" -h 127.0.0.1 -p "$pgport" -U postgres realtime
  subscribers="${REALTIME_SUBSCRIBERS:-2000}"
  { printf '\n## Realtime fan-out (Homebase only: bench/run-realtime.sh %s; Parse LiveQuery not measured)\n\n```\n' "$subscribers"
    bench/run-realtime.sh "$subscribers" 200 8
    bench/run-realtime.sh "$subscribers" 200 8 "postgresql://postgres@127.0.0.1:$pgport/realtime"
    printf '```\n'; } | tee -a "$out"
fi
