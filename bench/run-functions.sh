#!/usr/bin/env bash
# Backend-function benchmark: cold start, warm call latency (median, p99) and warm process RSS, for a
# trivial Deno entry.ts and a trivial Java Entry.java, through the real proxy of a real server; plus
# the raw start of a Java function process in source-launcher mode vs. from compiled classes.
# Usage: bench/run-functions.sh [warm calls, default 200] [cold starts, default 5]
# Java functions run confined where the machine allows it; HOMEBASE_FUNCTIONS_SANDBOX=off measures them unconfined.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ ! -d functions-runtime/node_modules ] && [ -z "${HOMEBASE_DENO:-}" ]; then
  (cd functions-runtime && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
fi
bench_java FunctionBench.java "$@"
