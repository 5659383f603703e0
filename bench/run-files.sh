#!/usr/bin/env bash
# Files benchmark over real HTTP: UploadFile and GET /media/ for 1 MB and 20 MB files, on the disk storage and then on
# S3 (Adobe's S3Mock, the S3-compatible server of the tests, started here on a free port from server/target/s3mock).
# Usage: bench/run-files.sh [db URL] [rounds per size] [disk|s3|both (default both)]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
db="${1:-}"; rounds="${2:-20}"; which="${3:-both}"

if [ "$which" != s3 ]; then
  HOMEBASE_STORAGE=disk bench_java FilesBench.java "$db" "$rounds"
fi
if [ "$which" != disk ]; then
  jar=server/target/s3mock/s3mock.jar
  [ -f "$jar" ] || ./mvnw -q -B -ntp -Dhomebase.consumers.skip -pl server generate-test-resources
  store="$(mktemp -d)"
  "$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC -jar "$jar" --server.port=0 --com.adobe.testing.s3mock.http-port=0 \
    --com.adobe.testing.s3mock.store.root="$store/store" --com.adobe.testing.s3mock.store.initial-buckets=bench \
    --spring.main.banner-mode=off >"$store/s3mock.log" 2>&1 &
  s3mock=$!
  trap 'kill "$s3mock" 2>/dev/null; wait "$s3mock" 2>/dev/null; rm -rf "$store"' EXIT
  port=""
  for _ in $(seq 1 600); do
    port="$(grep -o 'Tomcat started on ports.*' "$store/s3mock.log" 2>/dev/null | grep -oE '[0-9]+ \(http\)' | cut -d' ' -f1 || true)"
    [ -n "$port" ] && break
    kill -0 "$s3mock" 2>/dev/null || { cat "$store/s3mock.log" >&2; exit 1; }
    sleep 0.2
  done
  [ -n "$port" ] || { echo "S3Mock did not start" >&2; exit 1; }
  HOMEBASE_STORAGE=s3 HOMEBASE_S3_ENDPOINT="http://127.0.0.1:$port" HOMEBASE_S3_BUCKET=bench \
    HOMEBASE_S3_ACCESS_KEY=bench HOMEBASE_S3_SECRET_KEY=bench bench_java FilesBench.java "$db" "$rounds"
fi
