#!/usr/bin/env bash
# Entity API benchmark over real HTTP. Usage: bench/run-entities.sh [records] [db URL]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_java EntityBench.java "$@"
