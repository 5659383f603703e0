# Sourced by the bench/run-*.sh scripts: a JDK >= 21 in JAVA_HOME, the repository root as the working folder, and the
# server jar built when missing. bench_java runs a bench/*.java program on the server's class path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
cd "$root"
[ -f server/target/homebase-server.jar ] && [ -n "$(ls server/target/lib/homebase-sdk*.jar 2>/dev/null)" ] \
  || ./mvnw -q -B -DskipTests -Dhomebase.consumers.skip -pl server -am package

# bench_java PROGRAM.java [ARGS...]: runs bench/PROGRAM.java (a single-file source program) against the built server.
# The JVM runs with the launcher's defaults (scripts/jvm-opts.sh: heap limit, G1 giving memory back when idle), and with
# a temporary folder of its own (its data folders, databases, projects), removed when it ends.
# shellcheck source=../scripts/jvm-opts.sh
. "$root/scripts/jvm-opts.sh"
bench_java() {
  local program="$1"; shift
  local tmp rc=0
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/homebase-bench-java.XXXXXX")"
  # shellcheck disable=SC2046
  "$JAVA_HOME/bin/java" $(homebase_jvm_opts) --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$tmp" \
    -cp "server/target/homebase-server.jar:server/target/lib/*" "bench/$program" "$@" || rc=$?
  rm -rf "$tmp"
  return "$rc"
}

# bench_postgres NAME [-c SETTING=VALUE ...]: a throwaway PostgreSQL cluster (PGBIN's binaries) for one benchmark run.
# Sets work (a new temporary folder, homebase-NAME.XXXXXX), pgdir ($work/pg: data/ and pg.log), pgport (free), as_pg
# (runs a command as the cluster's OS user: PostgreSQL refuses root, so as root that is PG_OS_USER, default postgres),
# free_port, and bench_pids (add the processes you start; they are stopped on exit, then the cluster, then $work is
# removed). The cluster listens on 127.0.0.1 with trust authentication, UTF-8 and the C locale, plus the settings given.
bench_postgres() {
  local name="$1"; shift
  work="$(mktemp -d "${TMPDIR:-/tmp}/homebase-$name.XXXXXX")"
  pgdir="$work/pg"
  bench_pids=()
  as_pg() { "$@"; }
  if [ "$(id -u)" = 0 ]; then
    local pg_user="${PG_OS_USER:-postgres}"
    id "$pg_user" >/dev/null 2>&1 || { echo "bench: running as root, and there is no OS user $pg_user to run PostgreSQL as (set PG_OS_USER)" >&2; exit 2; }
    chmod 755 "$work"
    as_pg() { runuser -u "${PG_OS_USER:-postgres}" -- "$@"; }
  fi
  mkdir "$pgdir"
  if [ "$(id -u)" = 0 ]; then chown "${PG_OS_USER:-postgres}" "$pgdir"; fi
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  pgport="$(free_port)"
  as_pg "$PGBIN/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log"; echo "bench: initdb failed" >&2; exit 2; }
  as_pg "$PGBIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/pg.log" -w start \
    -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 $*" >/dev/null \
    || { cat "$pgdir/pg.log"; echo "bench: PostgreSQL did not start" >&2; exit 2; }
}

bench_cleanup() {
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${bench_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -f "$pgdir/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
