#!/usr/bin/env bash
# End-to-end check of the Spring Boot example (not part of CI): installs the SDK, builds this project,
# serves examples/tasks on a free port with a fresh data folder, starts the Spring app against it with a
# service token, and curls POST /tasks and GET /tasks. Exits non-zero when a step fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
homebase_find_jdk

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {  # wait_for URL LOG: polls URL until it answers (any HTTP status), up to 60 s
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.5
  done
  echo "check.sh: $1 did not answer; log:" >&2; cat "$2" >&2; return 1
}

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== installing the SDK and building the example"
(cd "$root" && ./mvnw -B -ntp -q -pl sdk install -Dhomebase.consumers.skip -DskipTests)
(cd "$root" && ./mvnw -B -ntp -q -f examples/spring-boot/pom.xml package)

hb_port="$(free_port)"
app_port="$(free_port)"
app_id="64b7f0c2a1d3e4f5a6b7c8d9"

echo "== starting Homebase on port $hb_port"
"$root/homebase" serve "$root/examples/tasks" --port "$hb_port" --data "$work/data" > "$work/homebase.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$hb_port/api/apps/$app_id/entities/Task" "$work/homebase.log"
token="$("$root/homebase" service-token "$root/examples/tasks" --data "$work/data" | head -1)"

echo "== starting the Spring app on port $app_port"
PORT="$app_port" HOMEBASE_SERVER_URL="http://127.0.0.1:$hb_port" HOMEBASE_APP_ID="$app_id" \
  HOMEBASE_SERVICE_TOKEN="$token" \
  "$JAVA_HOME/bin/java" -jar "$here/target/homebase-spring-boot-example.jar" > "$work/spring.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$app_port/tasks" "$work/spring.log"

base="http://127.0.0.1:$app_port/tasks"
echo "== POST /tasks"
created="$(curl -sS -f -X POST "$base" -H 'Content-Type: application/json' \
  -d '{"title":"Write the Spring example","priority":5}')"
echo "$created"
curl -sS -f -X POST "$base" -H 'Content-Type: application/json' -d '{"title":"Already done","status":"done"}' >/dev/null
echo "== GET /tasks"
open="$(curl -sS -f "$base")"
echo "$open"
echo "== POST /tasks without a title"
bad_status="$(curl -sS -o "$work/bad.json" -w '%{http_code}' -X POST "$base" -H 'Content-Type: application/json' -d '{}')"
echo "$bad_status $(cat "$work/bad.json")"

fail() { echo "check.sh: FAILED: $1" >&2; exit 1; }
grep -q '"title":"Write the Spring example"' <<<"$created" || fail "POST /tasks did not return the task"
grep -q '"status":"todo"' <<<"$created" || fail "the created task has no default status"
grep -q '"title":"Write the Spring example"' <<<"$open" || fail "GET /tasks does not list the open task"
grep -q 'Already done' <<<"$open" && fail "GET /tasks lists a done task"
[ "$bad_status" = 400 ] || fail "POST /tasks without a title answered $bad_status, not 400"
grep -q 'service role: on' "$work/spring.log" || fail "the Spring app did not pick up the service token"
grep -qF "$token" "$work/spring.log" && fail "the Spring log contains the service token"
echo "== OK"
