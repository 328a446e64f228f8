#!/usr/bin/env bash
# npm run bench:import — runs the import benchmark against BENCH_DATABASE_URL, or a throwaway
# PostgreSQL started (and stopped) here.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  # shellcheck source=scripts/postgres-throwaway.sh
  source scripts/postgres-throwaway.sh
  start_throwaway_postgres
  trap stop_throwaway_postgres EXIT
  export BENCH_DATABASE_URL="$TEST_DATABASE_URL"
fi
export LOG_LEVEL=silent
# A small heap on purpose: the import must not need memory that grows with the file.
NODE_OPTIONS="--max-old-space-size=256 ${NODE_OPTIONS:-}" npx tsx scripts/bench-import.mts
