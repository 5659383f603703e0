#!/usr/bin/env bash
# Rate-limit benchmark: the cost of one check (an upsert in the database) and login throughput with concurrent clients,
# limits off and on. Usage: bench/run-ratelimit.sh [check|login|all] [db URL, default fresh SQLite files] [clients] [seconds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
cd "$root"
[ -f server/target/homebase-server.jar ] || ./mvnw -q -B -DskipTests -pl server -am package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "server/target/homebase-server.jar:server/target/lib/*" bench/RateLimitBench.java "$@"
