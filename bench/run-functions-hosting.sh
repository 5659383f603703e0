#!/usr/bin/env bash
# Backend functions hosting benchmark: warm invoke vs direct fetch, hot-reload pickup, stored output per second (needs Deno: npm ci in functions-runtime/). Usage: bench/run-functions-hosting.sh [calls, default 500]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_java FunctionHostingBench.java "$@"
