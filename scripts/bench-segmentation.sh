#!/usr/bin/env bash
# npm run bench:segmentation — runs the benchmark against BENCH_DATABASE_URL, or a throwaway
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
export SESSION_SECRET=benchmark-session-secret-0123456789abcdef LOG_LEVEL=silent
npx tsx scripts/bench-segmentation.mts
