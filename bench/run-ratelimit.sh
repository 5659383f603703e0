#!/usr/bin/env bash
# Rate-limit benchmark: the cost of one check (an upsert in the database) and login throughput with concurrent clients,
# limits off and on. Usage: bench/run-ratelimit.sh [check|login|all] [db URL, default fresh SQLite files] [clients] [seconds]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_java RateLimitBench.java "$@"
