#!/usr/bin/env bash
# SQLite durability benchmark: acknowledged single creates, updates, concurrent creates and bulk creates with
# synchronous=NORMAL and synchronous=FULL (WAL), one fresh database each, over real HTTP.
# Usage: bench/run-durability.sh [single creates, default 1000] [bulk requests of 100, default 50] [clients, default 8]
#        [data folder, default a temporary folder: put it on the disk you want to measure]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
cd "$root"
[ -f server/target/homebase-server.jar ] || ./mvnw -q -B -DskipTests -pl server -am package
for mode in normal full; do
  HOMEBASE_SQLITE_SYNCHRONOUS=$mode HOMEBASE_LOG_LEVEL=${HOMEBASE_LOG_LEVEL:-warn} "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "server/target/homebase-server.jar:server/target/lib/*" bench/DurabilityBench.java "$@"
done
