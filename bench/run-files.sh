#!/usr/bin/env bash
# Files benchmark over real HTTP: UploadFile and GET /media/ for 1 MB and 20 MB files.
# Usage: bench/run-files.sh [db URL] [rounds per size]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_java FilesBench.java "$@"
