#!/usr/bin/env bash
# InvokeLLM / AI gateway proxy overhead against a local OpenAI-compatible stub (p50/p99).
# Usage: bench/run-llm.sh [requests per case (2000)] [db URL]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
cd "$root"
[ -f server/target/homebase-server.jar ] || ./mvnw -q -B -DskipTests -pl server -am package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "server/target/homebase-server.jar:server/target/lib/*" bench/LlmBench.java "$@"
