#!/usr/bin/env bash
# npm test — everything, in the order CI runs it: typecheck, lint, unit tests, integration
# tests on PGlite and on a PostgreSQL server, then the production build and the e2e tests in
# Chromium. Nothing is skipped: without TEST_DATABASE_URL a throwaway PostgreSQL is started
# (and stopped) here; without a browser the e2e step fails and says how to get one.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

started_postgres=0
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  step "starting a throwaway PostgreSQL (TEST_DATABASE_URL is not set)"
  # shellcheck source=scripts/postgres-throwaway.sh
  source scripts/postgres-throwaway.sh
  start_throwaway_postgres
  started_postgres=1
  trap stop_throwaway_postgres EXIT
fi

step "typecheck"
npm run --silent typecheck
step "lint"
npm run --silent lint
step "unit tests"
npm run --silent test:unit
step "integration tests on PGlite"
npm run --silent test:integration:pglite
step "integration tests on PostgreSQL ($TEST_DATABASE_URL)"
npm run --silent test:integration:postgres
step "production build"
npm run --silent build
step "end-to-end tests in Chromium (${CHROMIUM_PATH:-/usr/bin/chromium})"
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "No Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}: apt-get install -y chromium, or set CHROMIUM_PATH." >&2
  exit 1
fi
npm run --silent test:e2e
# The previous release (deploy/previous-release), built in a temporary folder, must pass the
# smoke test on a database this checkout's migrations made (docs/DEPLOYMENT.md, Rollback).
step "rollback rehearsal"
rehearsal_started=$SECONDS
npm run --silent rehearse:rollback
echo "rollback rehearsal took $((SECONDS - rehearsal_started)) s"

[ "$started_postgres" = 1 ] && stop_throwaway_postgres
step "all tests passed"
