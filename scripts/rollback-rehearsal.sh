#!/usr/bin/env bash
# npm run rehearse:rollback — proves the rollback path docs/DEPLOYMENT.md promises: the previous
# release (the commit in deploy/previous-release) runs on a database migrated by THIS checkout.
#   1. the previous release is exported into a temporary folder (git archive), installed
#      (npm ci) and built (npm run build), as Railway would build it;
#   2. meanwhile, a throwaway PostgreSQL gets this checkout's migrations (npm run db:migrate)
#      and the demo data this checkout seeds (npm run db:seed);
#   3. the previous release's own `npm run db:migrate` (Railway's pre-deploy step, which a
#      Redeploy runs too) must succeed on that schema; then its production server runs against
#      it, and this checkout's `npm run smoke` must pass against that server.
# A migration the previous release cannot run on (a renamed or dropped column, table or function
# it reads) fails step 3, naming the checks that broke. Nothing is left behind: the server, the
# database and the folder go when the script ends, however it ends.
# Settings: REHEARSAL_KEEP_LOGS=1 keeps the logs folder (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
release_file=deploy/previous-release

started_at=$SECONDS
work=''
server_pid=''
database_pid=''
current_step=''
current_log=''

say() { printf '%s\n' "$*"; }
fail() {
  say "rollback rehearsal failed: $*" >&2
  exit 1
}

# Runs one step with its output in a log file and prints its time. A failing step stops the
# script (set -e); the EXIT trap then shows the step's log.
step() {
  current_step=$1
  current_log="$work/logs/$(printf '%s' "$1" | tr -c 'a-zA-Z0-9' '-').log"
  shift
  local at=$SECONDS
  printf '  %-58s' "$current_step"
  "$@" >"$current_log" 2>&1
  say "$((SECONDS - at)) s"
  current_step=''
}

cleanup() {
  local status=$?
  if [ "$status" != 0 ] && [ -n "$current_step" ]; then
    say "FAILED"
    tail -n 40 "$current_log" | sed 's/^/    | /' >&2
    say "rollback rehearsal failed at: $current_step" >&2
  fi
  if [ -n "$database_pid" ]; then
    kill -TERM -- "-$database_pid" 2>/dev/null || true
    wait "$database_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  stop_throwaway_postgres 2>/dev/null || true
  if [ -n "$work" ]; then
    if [ "${REHEARSAL_KEEP_LOGS:-}" = 1 ]; then
      rm -rf "$work/release"
      say "logs kept in $work/logs"
    else
      rm -rf "$work"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The release to roll back to: the first line of deploy/previous-release that is not a comment.
[ -f "$release_file" ] || fail "$release_file is missing: it names the commit of the last release"
commit=$(grep -v '^\s*#' "$release_file" | grep -m1 -o '[0-9a-f]\{7,40\}' || true)
[ -n "$commit" ] || fail "$release_file names no commit (a 7 to 40 digit hexadecimal id)"
if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
  # A shallow clone (CI) may not have it: ask the remote for that one commit.
  say "commit $commit is not in this clone; fetching it from origin"
  git remote get-url origin >/dev/null 2>&1 || fail "commit $commit ($release_file) is not in this clone, which has no origin to fetch it from"
  git fetch --quiet --depth=1 origin "$commit" ||
    fail "commit $commit ($release_file) is not in this clone and origin did not give it (git fetch origin $commit); fetch it, or fix $release_file"
fi
commit=$(git rev-parse "$commit^{commit}")
say "Rollback rehearsal: the previous release ${commit:0:12} ($(git log -1 --format=%cs "$commit")) on the migrations of this checkout ($(git rev-parse --short HEAD 2>/dev/null || echo 'no commit'))"

work=$(mktemp -d /tmp/cs-rollback.XXXXXX)
mkdir -p "$work/release" "$work/logs" "$work/data"
# shellcheck source=scripts/postgres-throwaway.sh
source scripts/postgres-throwaway.sh
set -euo pipefail

# The same keys for the seed (this checkout) and the server (the previous release): fixed, throwaway.
export SESSION_SECRET=rollback-rehearsal-session-secret-0123456789
export PII_ENCRYPTION_KEY='rehearsal:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc='
export PII_BLIND_INDEX_KEY='CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk='
export DATA_DIR="$work/data" NEXT_TELEMETRY_DISABLED=1 LOG_LEVEL=warn
unset NEXT_PUBLIC_SUPABASE_URL NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY NEXT_PUBLIC_SUPABASE_ANON_KEY DATABASE_URL

say "database, with this checkout's migrations:"
step "throwaway PostgreSQL" start_throwaway_postgres
database_url=$TEST_DATABASE_URL
# Migrated and seeded while the previous release installs and builds: mostly waiting on the
# network and the disk, that leaves a core free. Its own process group, so it can be stopped whole.
setsid bash -c "set -e; at=\$SECONDS
  DATABASE_URL='$database_url' npm run --silent db:migrate; echo \"migrated in \$((SECONDS - at)) s\"; at=\$SECONDS
  DATABASE_URL='$database_url' npm run --silent db:seed; echo \"seeded in \$((SECONDS - at)) s\"" >"$work/logs/database.log" 2>&1 &
database_pid=$!
say "  migrate (npm run db:migrate) and seed (npm run db:seed)      in the background"

say "previous release, in $work/release:"
step "export ${commit:0:12} (git archive)" bash -c "set -o pipefail; git archive --format=tar '$commit' | tar -x -C '$work/release'"
step "install (npm ci)" bash -c "cd '$work/release' && npm ci --no-audit --no-fund --prefer-offline"
step "build (npm run build)" bash -c "cd '$work/release' && npm run build"

printf '  %-58s' "database migrated and seeded"
if wait "$database_pid"; then
  database_pid=''
  say "$(grep -E '^(migrated|seeded) in' "$work/logs/database.log" | paste -sd ',' | sed 's/,/, /')"
else
  database_pid=''
  say "FAILED"
  tail -n 40 "$work/logs/database.log" | sed 's/^/    | /' >&2
  fail "this checkout's migrations or seed failed on a fresh PostgreSQL"
fi

# What Railway's Redeploy of the previous deployment runs first: its own migrations, which must
# find nothing to undo or redo on the newer schema.
step "the previous release's npm run db:migrate" env DATABASE_URL="$database_url" bash -c "cd '$work/release' && npm run --silent db:migrate"

say "the previous release's production server on it:"
port=$(free_port)
(
  cd "$work/release/.next/standalone"
  exec env NODE_ENV=production PORT="$port" HOSTNAME=127.0.0.1 DATABASE_URL="$database_url" REFRESH_SCHEDULER=off \
    RAILWAY_GIT_COMMIT_SHA="$commit" node server.js
) >"$work/logs/server.log" 2>&1 &
server_pid=$!
# Any answer from /api/health will do: the smoke test judges it.
wait_for_server() {
  for _ in $(seq 1 120); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      say "the server exited; its log:" && cat "$work/logs/server.log"
      return 1
    fi
    curl --silent --output /dev/null --max-time 2 "http://127.0.0.1:$port/api/health" && return 0
    sleep 0.5
  done
  say "no answer from http://127.0.0.1:$port within 60 s; the server's log:" && cat "$work/logs/server.log"
  return 1
}
step "start on port $port" wait_for_server
printf '%s\n' "  smoke test (npm run smoke -- http://127.0.0.1:$port):"
smoke_at=$SECONDS
if ! npm run --silent smoke -- "http://127.0.0.1:$port" 2>&1 | sed 's/^/    /'; then
  say "  the previous release's server log ends with:" >&2
  tail -n 20 "$work/logs/server.log" | sed 's/^/    | /' >&2
  fail "the previous release ${commit:0:12} does not pass the smoke test on this checkout's migrations: a migration is not backward compatible (docs/DEPLOYMENT.md, Rollback)"
fi
say "  smoke test: $((SECONDS - smoke_at)) s"
say "rollback rehearsal passed in $((SECONDS - started_at)) s: ${commit:0:12} runs on this checkout's schema"
