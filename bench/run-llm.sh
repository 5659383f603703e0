#!/usr/bin/env bash
# InvokeLLM / AI gateway proxy overhead against a local OpenAI-compatible stub (p50/p99).
# Usage: bench/run-llm.sh [requests per case (2000)] [db URL]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_java LlmBench.java "$@"
