# Sourced by ./homebase and bench/lib.sh: homebase_jvm_opts prints the JVM options the server runs with.
#
# Defaults, each only when the options already given (JAVA_OPTS, HOMEBASE_JAVA_OPTS) do not set it:
#   heap limit: HOMEBASE_HEAP (e.g. 512m, 1g) or a quarter of the machine's (or container's) memory, between 128m and
#     256m; the JVM's own default is a quarter of the machine, which it keeps once used;
#   a small start heap (32m), so an idle server stays small;
#   G1 with a periodic collection every 15 s when idle, after which it gives back heap beyond 50 % free
#   (-XX:MaxHeapFreeRatio=50; the JVM's default, 70, kept an idle server at 264-279 MiB after a load, 50 brings it to
#   about 200 with no measurable CPU cost under load: G1 applies the ratio after a marking cycle or a full collection,
#   and under load sizes the heap by its GC time goal; MinHeapFreeRatio=10 with 30 was not clearly better in the same
#   runs, see the README). Each of the three is left out when the given options choose a collector or set that option;
#   on a JDK 22 or newer, -XX:TrimNativeHeapInterval=10000: every 10 s the JVM gives glibc's free native memory (JIT
#   compiler, GC work areas) back to the system; it took the idle RSS after a load from 204-265 to 194-197 MiB. Left
#   out on JDK 21 (not checked there, and a JVM refuses to start on a flag it does not know) and when given.
# Also exports MALLOC_ARENA_MAX=2 (unless set): glibc otherwise keeps up to 8 malloc arenas per core for the JVM's
# native memory (JIT compiler, GC, threads), which grows the RSS and keeps it after load.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
homebase_jvm_opts() {
  local given="${JAVA_OPTS:-} ${HOMEBASE_JAVA_OPTS:-}" opts=""
  case "$given" in
    *-Xmx*|*MaxHeapSize*|*MaxRAMPercentage*|*MaxRAM=*) ;;
    *)
      local heap="${HOMEBASE_HEAP:-}"
      if [ -z "$heap" ]; then
        local kib limit
        kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
        # A container's limit (cgroup v2, then v1) when it is below the machine's memory.
        for f in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
          if [ -r "$f" ]; then
            limit=$(cat "$f" 2>/dev/null)
            case "$limit" in ''|max|*[!0-9]*) ;; *) [ "$((limit / 1024))" -lt "${kib:-0}" ] && kib=$((limit / 1024)) ;; esac
          fi
        done
        local mib=$(( ${kib:-0} / 1024 / 4 ))
        [ "$mib" -lt 128 ] && mib=128
        [ "$mib" -gt 256 ] && mib=256
        heap="${mib}m"
      fi
      opts="$opts -Xmx$heap"
      ;;
  esac
  case "$given" in *-Xms*|*InitialHeapSize*) ;; *) opts="$opts -Xms32m" ;; esac
  case "$given" in
    *-XX:+Use*GC*) ;;
    *)
      opts="$opts -XX:+UseG1GC"
      case "$given" in *G1PeriodicGCInterval*) ;; *) opts="$opts -XX:G1PeriodicGCInterval=15000" ;; esac
      case "$given" in *HeapFreeRatio*) ;; *) opts="$opts -XX:MaxHeapFreeRatio=50" ;; esac
      ;;
  esac
  case "$given" in
    *TrimNativeHeapInterval*) ;;
    *) if _homebase_jdk_at_least 22; then opts="$opts -XX:TrimNativeHeapInterval=10000"; fi ;;
  esac
  echo "$opts ${JAVA_OPTS:-} ${HOMEBASE_JAVA_OPTS:-}"
}

# Whether the JDK in $JAVA_HOME is at least the major version $1 (read from its release file; no JVM started).
_homebase_jdk_at_least() {
  local major
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${JAVA_HOME:-/nonexistent}/release" 2>/dev/null || true)
  [ -n "$major" ] && [ "$major" -ge "$1" ]
}
