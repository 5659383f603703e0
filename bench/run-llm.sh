#!/usr/bin/env bash
# InvokeLLM / AI gateway proxy overhead against a local OpenAI-compatible stub (p50/p99).
# Usage: bench/run-llm.sh [requests per case (2000)] [db URL]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# One user sends thousands of requests: the per-app and per-user InvokeLLM limits (MAX 0 = off) would answer 429.
export HOMEBASE_LLM_LIMIT_APP="${HOMEBASE_LLM_LIMIT_APP:-0/1h}" HOMEBASE_LLM_LIMIT_USER="${HOMEBASE_LLM_LIMIT_USER:-0/1h}"
bench_java LlmBench.java "$@"
