#!/usr/bin/env bash
# Runs a benchmark script (scripts/bench-*.mts) against BENCH_DATABASE_URL, or against a
# throwaway PostgreSQL started (and stopped) here, with the arguments after the script. Used by the npm run bench:* scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
script="$1"
if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  # shellcheck source=scripts/postgres-throwaway.sh
  source scripts/postgres-throwaway.sh
  start_throwaway_postgres
  trap stop_throwaway_postgres EXIT
  export BENCH_DATABASE_URL="$TEST_DATABASE_URL"
fi
export SESSION_SECRET=benchmark-session-secret-0123456789abcdef LOG_LEVEL=silent
npx tsx "$script" "${@:2}"
