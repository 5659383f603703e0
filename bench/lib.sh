# Sourced by the bench/run-*.sh scripts: a JDK >= 21 in JAVA_HOME, the repository root as the working folder, and the
# server jar built when missing. bench_java runs a bench/*.java program on the server's class path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
cd "$root"
[ -f server/target/homebase-server.jar ] && [ -n "$(ls server/target/lib/homebase-sdk*.jar 2>/dev/null)" ] \
  || ./mvnw -q -B -DskipTests -Dhomebase.consumers.skip -pl server -am package

# bench_java PROGRAM.java [ARGS...]: runs bench/PROGRAM.java (a single-file source program) against the built server.
# The JVM runs with the launcher's defaults (scripts/jvm-opts.sh: heap limit, G1 giving memory back when idle).
# shellcheck source=../scripts/jvm-opts.sh
. "$root/scripts/jvm-opts.sh"
bench_java() {
  local program="$1"; shift
  # shellcheck disable=SC2046
  "$JAVA_HOME/bin/java" $(homebase_jvm_opts) --enable-native-access=ALL-UNNAMED -cp "server/target/homebase-server.jar:server/target/lib/*" \
    "bench/$program" "$@"
}
