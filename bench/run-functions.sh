#!/usr/bin/env bash
# Backend functions benchmark (needs Deno: npm ci in functions-runtime/). Usage: bench/run-functions.sh [calls, default 500]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
cd "$root"
[ -f server/target/homebase-server.jar ] || ./mvnw -q -B -DskipTests -pl server -am package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "server/target/homebase-server.jar:server/target/lib/*" bench/FunctionsBench.java "$@"
