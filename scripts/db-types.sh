#!/usr/bin/env bash
# npm run db:types — src/lib/db/database.types.ts from the migrations. Needs no Supabase project
# and no Docker: the Supabase CLI reads a throwaway PostgreSQL 15 (started and stopped here),
# or the server at TEST_DATABASE_URL when it is set (a fresh database is made there and dropped).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  # shellcheck source=scripts/postgres-throwaway.sh
  source scripts/postgres-throwaway.sh
  start_throwaway_postgres
  trap stop_throwaway_postgres EXIT
fi
npx tsx scripts/db-types.mts "$TEST_DATABASE_URL"
