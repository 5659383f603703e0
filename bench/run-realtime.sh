#!/usr/bin/env bash
# Realtime benchmark: one server process (SQLite, or the db URL given), N subscribers over Socket.IO (default 1000,
# spread over CLIENT_PROCS client processes, default 4), a burst of writes over HTTP; prints delivered events/s,
# commit-to-delivery latency (median, p99), the server's memory (RSS, Java heap) with the connections open, and the CPU
# time the server and the clients used per phase; then paced writes (default 20, one per 500 ms) for the latency when
# delivery keeps up. Needs Node >= 20 (uses the conformance suite's ws and
# socket.io-client; runs npm ci there once). CLIENT=sio uses the official socket.io-client instead of the default raw
# WebSocket client (see bench/realtime-client.mjs); SERVER_JAVA_OPTS adds JVM options to the server; SERVER_JAR runs
# another copy of the jar (with its lib/ beside it); HISTO_DIR saves the server's class histograms at 0 and N idle
# connections; JFR_FILE records the server with JFR (settings=profile) from the burst's start to the paced phase's end.
# Usage: bench/run-realtime.sh [subscribers] [burst writes] [write concurrency] [db URL] [paced writes] [interval ms]
# NODES=2 with a PostgreSQL URL starts a second server on the same database: subscribers on one node, writes on the
# other (events cross through LISTEN/NOTIFY).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
subscribers="${1:-1000}" writes="${2:-200}" concurrency="${3:-8}"
[ -d conformance/node_modules/socket.io-client ] || (cd conformance && npm ci --no-audit --no-fund >/dev/null)

jar="${SERVER_JAR:-server/target/homebase-server.jar}"
work="$(mktemp -d "${TMPDIR:-/tmp}/homebase-rt-bench.XXXXXX")"
db="${4:-sqlite:$work/data/bench.db}"
cp -r bench/projects/bench "$work/project"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${SERVER_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -jar "$jar" \
    serve "$work/project" --port "$port" --host 127.0.0.1 --data "$work/data" --db "$db" >"$work/server.log" 2>&1 &
server=$!
writer=""
cleanup() {
  for p in "$server" $writer; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
await_listening() { # log file
  for _ in $(seq 120); do grep -q "Homebase listening on" "$1" && return 0; sleep 0.5; done
  cat "$1"; exit 1
}
await_listening "$work/server.log"
write_url=""
if [ "${NODES:-1}" = 2 ]; then
  case "$db" in *postgres*) ;; *) echo "NODES=2 needs a PostgreSQL database URL" >&2; exit 2;; esac
  port2="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" \
      serve "$work/project" --port "$port2" --host 127.0.0.1 --data "$work/data2" --db "$db" >"$work/writer.log" 2>&1 &
  writer=$!
  await_listening "$work/writer.log"
  write_url="http://127.0.0.1:$port2"
fi
case "$db" in sqlite:*) kind=SQLite;; *) kind=PostgreSQL;; esac
echo "server pid $server on port $port, $kind, ${NODES:-1} node(s), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/realtime-subscribers.mjs "http://127.0.0.1:$port" benchapp Order "$server" "$JAVA_HOME/bin/jcmd" \
    "$subscribers" "$writes" "$concurrency" "${5:-20}" "${6:-500}" "$write_url"
