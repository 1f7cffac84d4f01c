#!/usr/bin/env bash
# Lifecycle benchmark (`make bench`, `make bench ARGS=--quick`): hand-off →
# assigned latency, claim latency and open chats held by one worker. See
# bench/README.md.
#
# If something already answers on BENCH_URL (default http://127.0.0.1:18090)
# the bench runs against it. Otherwise this script starts a stack of its own
# and stops it on exit: a Temporal dev server on 127.0.0.1:17390 (SQLite file,
# headless, so it never clashes with the UI port of a `make dev` stack),
# `livechat dev` on 127.0.0.1:18090 with the database livechat_bench (dropped
# first) and a data dir under a temporary directory. The bench then also
# reports the resident memory of both processes.
#
# BENCH_TEMPORAL_FLAGS are the flags of that Temporal dev server; by default
# the tuning `livechat dev` uses too (worker.DevServerTuningFlags). To see
# what the dev server's own defaults cost (one history shard whose transfer
# queue is read at most 20 times a second, four partitions per task queue):
#   BENCH_TEMPORAL_FLAGS=" " scripts/bench.sh
#
# Arguments go to livechat-bench unchanged, e.g.
#   scripts/bench.sh --quick
#   scripts/bench.sh -scenario open-chats -open-chats 20000
#
# `scripts/bench.sh messaging …` runs the messaging load generator
# (`livechat-bench messaging`) instead. The stack it starts then trusts
# X-Forwarded-For from 127.0.0.1 (LIVECHAT_TRUSTED_PROXIES), so each simulated
# visitor has an address of its own for the per-IP limits, and the bench
# gets the pid of `livechat dev` for the API's memory:
#   scripts/bench.sh messaging --quick
#   scripts/bench.sh messaging -chats 1000 -rate 500 -duration 60s -agents 50
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export GOTOOLCHAIN=local
GOBIN="$(go env GOPATH)/bin"
export PATH="$GOBIN:$PATH"

BENCH_URL="${BENCH_URL:-http://127.0.0.1:18090}"
BENCH_HTTP_ADDR="${BENCH_HTTP_ADDR:-127.0.0.1:18090}"
BENCH_TEMPORAL_ADDR="${BENCH_TEMPORAL_ADDR:-127.0.0.1:17390}"
BENCH_DB="${BENCH_DB:-livechat_bench}"
PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
TUNED="--dynamic-config-value history.transferProcessorMaxPollRPS=1000 --dynamic-config-value matching.numTaskqueueReadPartitions=1 --dynamic-config-value matching.numTaskqueueWritePartitions=1"
read -r -d "" -a temporal_extra <<<"${BENCH_TEMPORAL_FLAGS:-$TUNED}" || true

mode=lifecycle
if [ "${1:-}" = messaging ]; then
  mode=messaging
  shift
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

bench_flags=(-url "$BENCH_URL")
if curl -fsS -m 5 "$BENCH_URL/readyz" >/dev/null 2>&1; then
  step "A Livechat stack answers on $BENCH_URL: benchmarking it as it is"
  if [ "$mode" = messaging ]; then
    echo "(messaging: the stack must run with LIVECHAT_TRUSTED_PROXIES=127.0.0.1, or the per-IP limits refuse the visitors' messages)" >&2
  fi
else
  case "$BENCH_URL" in
    "http://$BENCH_HTTP_ADDR" | "http://$BENCH_HTTP_ADDR/") ;;
    *) echo "nothing answers on $BENCH_URL, and this script only starts a stack on http://$BENCH_HTTP_ADDR" >&2; exit 1 ;;
  esac
  command -v temporal >/dev/null || { echo "the Temporal CLI is missing: run scripts/install-tools.sh (make tools)" >&2; exit 1; }
  pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || { echo "PostgreSQL does not answer on $PG_HOST:$PG_PORT" >&2; exit 1; }

  step "Building livechat"
  go build -o "$WORK/livechat" ./cmd/livechat

  step "Fresh database $BENCH_DB"
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"

  step "Temporal dev server on $BENCH_TEMPORAL_ADDR ${BENCH_TEMPORAL_FLAGS:-}"
  mkdir -p "$WORK/data"
  TEMPORAL_VERSION_CHECK_DISABLED=1 setsid temporal server start-dev --headless \
    --ip "${BENCH_TEMPORAL_ADDR%:*}" --port "${BENCH_TEMPORAL_ADDR##*:}" \
    --db-filename "$WORK/data/temporal.db" \
    --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal \
    --log-level warn "${temporal_extra[@]}" >"$WORK/temporal.log" 2>&1 &
  temporal_pid=$!
  pids+=("$temporal_pid")
  if ! wait_for "Temporal dev server" 90 temporal operator cluster health --address "$BENCH_TEMPORAL_ADDR"; then
    tail -50 "$WORK/temporal.log" >&2; exit 1
  fi

  trusted=""
  [ "$mode" = messaging ] && trusted="127.0.0.1"
  step "livechat dev on $BENCH_HTTP_ADDR"
  LIVECHAT_TRUSTED_PROXIES="$trusted" \
  LIVECHAT_DATABASE_URL="postgres://postgres@$PG_HOST:$PG_PORT/$BENCH_DB?sslmode=disable" \
  LIVECHAT_TEMPORAL_ADDRESS="$BENCH_TEMPORAL_ADDR" \
  LIVECHAT_HTTP_ADDR="$BENCH_HTTP_ADDR" \
  LIVECHAT_PUBLIC_URL="http://$BENCH_HTTP_ADDR" \
  LIVECHAT_DATA_DIR="$WORK/data" \
    setsid "$WORK/livechat" dev >"$WORK/dev.log" 2>&1 &
  dev_pid=$!
  pids+=("$dev_pid")
  if ! wait_for "livechat dev" 120 curl -fsS -m 5 "$BENCH_URL/readyz"; then
    tail -50 "$WORK/dev.log" >&2; exit 1
  fi
  if [ "$mode" = messaging ]; then
    bench_flags+=(-api-pid "$dev_pid" -temporal-pid "$temporal_pid")
  else
    bench_flags+=(-worker-pid "$dev_pid" -temporal-pid "$temporal_pid" -temporal-address "$BENCH_TEMPORAL_ADDR")
  fi
fi

subcommand=()
[ "$mode" = messaging ] && subcommand=(messaging)
step "livechat-bench ${subcommand[*]} ${bench_flags[*]} $*"
status=0
"$WORK/livechat-bench" "${subcommand[@]}" "${bench_flags[@]}" "$@" || status=$?
if [ "$status" -ne 0 ] && [ -f "$WORK/dev.log" ]; then
  echo "--- last lines of the livechat dev log ---" >&2
  tail -30 "$WORK/dev.log" >&2
fi
exit "$status"
