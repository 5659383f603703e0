#!/usr/bin/env bash
# Backend functions hosting benchmark: warm invoke vs direct fetch, hot-reload pickup, stored output per second (needs Deno: npm ci in functions-runtime/). Usage: bench/run-functions-hosting.sh [calls, default 500]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
cd "$root"
[ -f server/target/homebase-server.jar ] || ./mvnw -q -B -DskipTests -pl server -am package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "server/target/homebase-server.jar:server/target/lib/*" bench/FunctionHostingBench.java "$@"
