#!/usr/bin/env bash
# Cursor walk and aggregate benchmark. Usage: bench/run-walk.sh [records, default 1000000] [db URL]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
cd "$root"
[ -f server/target/homebase-server.jar ] || ./mvnw -q -B -DskipTests -pl server -am package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "server/target/homebase-server.jar:server/target/lib/*" bench/WalkBench.java "$@"
