#!/usr/bin/env bash
# Search benchmark against the real search node and broker (dev.enclave.search.SearchBenchmark):
#   write-to-searchable lag p50/p99, and search p50/p99 with 10 vs 1,000 tenants in the shared index.
# Bounded (3-5 minutes on 2 cores, most of it the application start and loading 40,400 documents).
# Run it like the tests: ENCLAVE_STACK_EXTERNAL=1 ENCLAVE_TEST_DB=... bench/search.sh   (the stack must be up)
# Knobs (system properties): -Dbench.lag.samples=40 -Dbench.docs=40 -Dbench.rounds=10 -Dbench.queries=100
# The table is printed and kept in target/bench/search.md; the full log in target/bench/search.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
rm -f target/bench/search.md
if ! ./mvnw -B test -Dtest=SearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@" > target/bench/search.log 2>&1; then
  tail -40 target/bench/search.log
  exit 1
fi
cat target/bench/search.md
