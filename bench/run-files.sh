#!/usr/bin/env bash
# Files benchmark over real HTTP: UploadFile and GET /media/ for 1 MB and 20 MB files.
# Usage: bench/run-files.sh [db URL] [rounds per size]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
cd "$root"
[ -f server/target/homebase-server.jar ] || ./mvnw -q -B -DskipTests -pl server -am package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "server/target/homebase-server.jar:server/target/lib/*" bench/FilesBench.java "$@"
