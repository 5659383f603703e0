#!/usr/bin/env bash
# Cursor walk and aggregate benchmark. Usage: bench/run-walk.sh [records, default 1000000] [db URL]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_java WalkBench.java "$@"
