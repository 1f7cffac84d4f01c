#!/usr/bin/env bash
# The benchmark suite (`make bench`, `make bench ARGS=--quick`): every
# scenario of bench/README.md against a stack this script starts, then one
# report, bench/results/<UTC date-time>.json, and its Markdown summary beside
# it (.md).
#
#   scripts/bench.sh [--quick] [--profile]   the suite: lifecycle scenarios, then the messaging load
#   scripts/bench.sh lifecycle [flags...]    only `livechat-bench` (hand-off burst, claim race, timers, history, EXPLAIN)
#   scripts/bench.sh messaging [flags...]    only `livechat-bench messaging` (the real-time load)
#
# --profile also writes CPU and heap profiles of the API and the worker,
# taken during the hand-off burst and the messaging load, under
# bench/results/profiles-<date-time>/.
#
# If something already answers on BENCH_URL (default http://127.0.0.1:18090)
# the bench runs against it as it is (no process metrics, no profiles unless
# you pass the flags yourself). Otherwise this script starts a stack of its
# own and stops it on exit: a Temporal dev server on 127.0.0.1:17390 (SQLite
# file, headless), then `livechat migrate`, `livechat seed`, and `livechat
# worker` and `livechat api` as separate processes (so their CPU and memory
# are measured apart, each with pprof on loopback) against the database
# livechat_bench (dropped first). The stack trusts X-Forwarded-For from
# 127.0.0.1 (LIVECHAT_TRUSTED_PROXIES), so each simulated visitor has an
# address of its own for the per-IP limits.
#
# BENCH_TEMPORAL_FLAGS are the flags of that Temporal dev server; by default
# the tuning `livechat dev` uses too (worker.DevServerTuningFlags). To see
# what the dev server's own defaults cost:
#   BENCH_TEMPORAL_FLAGS=" " scripts/bench.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export GOTOOLCHAIN=local
GOBIN="$(go env GOPATH)/bin"
export PATH="$GOBIN:$PATH"

BENCH_URL="${BENCH_URL:-http://127.0.0.1:18090}"
BENCH_HTTP_ADDR="${BENCH_HTTP_ADDR:-127.0.0.1:18090}"
BENCH_TEMPORAL_ADDR="${BENCH_TEMPORAL_ADDR:-127.0.0.1:17390}"
BENCH_PPROF_API="${BENCH_PPROF_API:-127.0.0.1:18095}"
BENCH_PPROF_WORKER="${BENCH_PPROF_WORKER:-127.0.0.1:18096}"
BENCH_DB="${BENCH_DB:-livechat_bench}"
PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
DB_URL="postgres://postgres@$PG_HOST:$PG_PORT/$BENCH_DB?sslmode=disable"
TUNED="--dynamic-config-value history.transferProcessorMaxPollRPS=1000 --dynamic-config-value matching.numTaskqueueReadPartitions=1 --dynamic-config-value matching.numTaskqueueWritePartitions=1"
read -r -d "" -a temporal_extra <<<"${BENCH_TEMPORAL_FLAGS:-$TUNED}" || true

mode=suite
case "${1:-}" in
  lifecycle | messaging) mode=$1; shift ;;
esac
quick=()
profile=false
if [ "$mode" = suite ]; then
  for arg in "$@"; do
    case "$arg" in
      --quick | -quick) quick=(-quick) ;;
      --profile | -profile) profile=true ;;
      *) echo "the suite takes --quick and --profile only; for other flags run 'scripts/bench.sh lifecycle …' or 'scripts/bench.sh messaging …'" >&2; exit 2 ;;
    esac
  done
  set --
fi

WORK="$(mktemp -d)"
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=scripts/lib.sh
source scripts/lib.sh

step "Building livechat-bench"
go build -o "$WORK/livechat-bench" ./cmd/livechat-bench

# Flags for both commands, and those only the lifecycle command knows.
common=(-url "$BENCH_URL")
lifecycle_only=()
messaging_only=()
own_stack=false
if curl -fsS -m 5 "$BENCH_URL/readyz" >/dev/null 2>&1; then
  step "A Livechat stack answers on $BENCH_URL: benchmarking it as it is"
  echo "(the messaging load needs that stack to run with LIVECHAT_TRUSTED_PROXIES=127.0.0.1, or the per-IP limits refuse the visitors' messages)" >&2
else
  case "$BENCH_URL" in
    "http://$BENCH_HTTP_ADDR" | "http://$BENCH_HTTP_ADDR/") ;;
    *) echo "nothing answers on $BENCH_URL, and this script only starts a stack on http://$BENCH_HTTP_ADDR" >&2; exit 1 ;;
  esac
  command -v temporal >/dev/null || { echo "the Temporal CLI is missing: run scripts/install-tools.sh (make tools)" >&2; exit 1; }
  pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || { echo "PostgreSQL does not answer on $PG_HOST:$PG_PORT" >&2; exit 1; }
  own_stack=true

  step "Building livechat"
  go build -o "$WORK/livechat" ./cmd/livechat

  step "Fresh database $BENCH_DB"
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" -qc "CREATE DATABASE $BENCH_DB"

  step "Temporal dev server on $BENCH_TEMPORAL_ADDR ${BENCH_TEMPORAL_FLAGS:-}"
  mkdir -p "$WORK/data"
  TEMPORAL_VERSION_CHECK_DISABLED=1 setsid temporal server start-dev --headless \
    --ip "${BENCH_TEMPORAL_ADDR%:*}" --port "${BENCH_TEMPORAL_ADDR##*:}" \
    --db-filename "$WORK/data/temporal.db" \
    --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal \
    --search-attribute ChatStatus=Keyword --search-attribute OrgId=Keyword --search-attribute TeamId=Keyword \
    --search-attribute AssigneeId=Keyword --search-attribute ContactId=Keyword \
    --log-level warn "${temporal_extra[@]}" >"$WORK/temporal.log" 2>&1 &
  temporal_pid=$!
  pids+=("$temporal_pid")
  if ! wait_for "Temporal dev server" 90 temporal operator cluster health --address "$BENCH_TEMPORAL_ADDR"; then
    tail -50 "$WORK/temporal.log" >&2; exit 1
  fi

  step "livechat migrate, seed, worker and api on $BENCH_HTTP_ADDR"
  export LIVECHAT_DATABASE_URL="$DB_URL" LIVECHAT_TEMPORAL_ADDRESS="$BENCH_TEMPORAL_ADDR" \
    LIVECHAT_HTTP_ADDR="$BENCH_HTTP_ADDR" LIVECHAT_PUBLIC_URL="http://$BENCH_HTTP_ADDR" \
    LIVECHAT_TRUSTED_PROXIES="127.0.0.1" LIVECHAT_DATA_DIR="$WORK/data" LIVECHAT_STORAGE_DIR="$WORK/data/attachments" \
    LIVECHAT_SESSION_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  "$WORK/livechat" migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; exit 1; }
  "$WORK/livechat" seed >"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log" >&2; exit 1; }
  PGAPPNAME=livechat-worker LIVECHAT_PPROF_ADDR="$BENCH_PPROF_WORKER" setsid "$WORK/livechat" worker >"$WORK/worker.log" 2>&1 &
  worker_pid=$!
  pids+=("$worker_pid")
  PGAPPNAME=livechat-api LIVECHAT_PPROF_ADDR="$BENCH_PPROF_API" setsid "$WORK/livechat" api >"$WORK/api.log" 2>&1 &
  api_pid=$!
  pids+=("$api_pid")
  # readyz checks the API's PostgreSQL and Temporal, not the worker: its
  # pprof port opens once it is connected to both.
  if ! wait_for "livechat worker" 60 curl -fsS -m 5 "http://$BENCH_PPROF_WORKER/debug/pprof/"; then
    tail -50 "$WORK/worker.log" >&2; exit 1
  fi
  if ! wait_for "livechat api" 120 curl -fsS -m 5 "$BENCH_URL/readyz"; then
    tail -50 "$WORK/api.log" >&2; exit 1
  fi
  common+=(-api-pid "$api_pid" -worker-pid "$worker_pid" -temporal-pid "$temporal_pid")
  # The stack is thrown away after the run: the messaging load need not end its chats.
  messaging_only=(-keep)
  lifecycle_only=(-temporal-address "$BENCH_TEMPORAL_ADDR" -database-url "$DB_URL"
    -pprof-api "$BENCH_PPROF_API" -pprof-worker "$BENCH_PPROF_WORKER")
fi

show_logs() {
  for log in api worker; do
    if [ -f "$WORK/$log.log" ]; then
      echo "--- last lines of the livechat $log log ---" >&2
      tail -30 "$WORK/$log.log" >&2
    fi
  done
}

# bench CMD FLAGS...: runs livechat-bench, labelling its database connections.
bench() {
  step "livechat-bench $*"
  PGAPPNAME=livechat-bench "$WORK/livechat-bench" "$@"
}

status=0
case "$mode" in
  lifecycle)
    bench "${common[@]}" "${lifecycle_only[@]}" "$@" || status=$?
    ;;
  messaging)
    bench messaging "${common[@]}" "${messaging_only[@]}" "$@" || status=$?
    ;;
  suite)
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    profiles=()
    if $profile && $own_stack; then
      profiles=(-profile -profile-dir "bench/results/profiles-$stamp")
    fi
    bench "${common[@]}" "${lifecycle_only[@]}" "${quick[@]}" "${profiles[@]}" -out "$WORK/lifecycle.json" || status=$?
    bench messaging "${common[@]}" "${messaging_only[@]}" "${quick[@]}" -out "$WORK/messaging.json" || { s=$?; [ "$status" -eq 0 ] && status=$s; }
    parts=()
    for part in lifecycle messaging; do
      [ -f "$WORK/$part.json" ] && parts+=("$WORK/$part.json")
    done
    if [ "${#parts[@]}" -gt 0 ]; then
      "$WORK/livechat-bench" summary -out "bench/results/$stamp.json" "${parts[@]}"
      echo
      cat "bench/results/$stamp.md"
    fi
    ;;
esac
[ "$status" -ne 0 ] && show_logs
exit "$status"
