#!/usr/bin/env bash
# SQLite durability benchmark: acknowledged single creates, updates, concurrent creates and bulk creates with
# synchronous=NORMAL and synchronous=FULL (WAL), one fresh database each, over real HTTP.
# Usage: bench/run-durability.sh [single creates, default 1000] [bulk requests of 100, default 50] [clients, default 8]
#        [data folder, default a temporary folder: put it on the disk you want to measure]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for mode in normal full; do
  HOMEBASE_SQLITE_SYNCHRONOUS=$mode HOMEBASE_LOG_LEVEL=${HOMEBASE_LOG_LEVEL:-warn} bench_java DurabilityBench.java "$@"
done
