#!/usr/bin/env bash
# The one test command (`make test`, called by .ci/run). It first sets up what
# a fresh machine lacks — PostgreSQL started, Debian's chromium and
# docker-compose, the Temporal CLI and golangci-lint built from the module
# proxy, npm packages — then runs every check: the web app's build and unit
# tests, gofmt, go vet, golangci-lint, the compose file, the browser
# end-to-end tests against a real stack, and the Go tests against the real
# PostgreSQL and one shared Temporal dev server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export GOTOOLCHAIN=local
GOBIN="$(go env GOPATH)/bin"
export PATH="$GOBIN:$PATH"
# shellcheck source=scripts/tools.env
source scripts/tools.env

TEMPORAL_TEST_PORT="${TEMPORAL_TEST_PORT:-17299}"
E2E_PORT="${E2E_PORT:-18089}"
WORK="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# shellcheck source=scripts/lib.sh
source scripts/lib.sh

step "PostgreSQL"
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  wait_for PostgreSQL 60 pg_isready -h 127.0.0.1 -p 5432 -q
fi
echo "PostgreSQL answers on 127.0.0.1:5432"

step "Debian packages"
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
command -v docker-compose >/dev/null 2>&1 || packages+=(docker-compose)
if [ "${#packages[@]}" -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
echo "chromium and docker-compose present"

step "Go tools"
scripts/install-tools.sh

step "Web app: install, build, unit tests"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build && npm test)

step "gofmt, go vet, golangci-lint"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:" >&2; echo "$unformatted" >&2; exit 1
fi
go vet ./...
golangci-lint run ./...

step "docker-compose.yml"
scripts/check-compose.sh

step "Temporal dev server for this run (127.0.0.1:$TEMPORAL_TEST_PORT)"
# The tuning values are worker.DevServerTuningFlags (see bench/README.md).
TEMPORAL_VERSION_CHECK_DISABLED=1 setsid temporal server start-dev --headless --ip 127.0.0.1 \
  --port "$TEMPORAL_TEST_PORT" --log-level error \
  --dynamic-config-value history.transferProcessorMaxPollRPS=1000 \
  --dynamic-config-value matching.numTaskqueueReadPartitions=1 \
  --dynamic-config-value matching.numTaskqueueWritePartitions=1 >"$WORK/temporal.log" 2>&1 &
pids+=($!)
wait_for "Temporal dev server" 90 temporal operator cluster health --address "127.0.0.1:$TEMPORAL_TEST_PORT"
export LIVECHAT_TEST_TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_TEST_PORT"

step "Browser end-to-end tests against livechat dev"
go build -o "$WORK/livechat" ./cmd/livechat
psql -h 127.0.0.1 -U postgres -d postgres -qc 'DROP DATABASE IF EXISTS livechat_e2e WITH (FORCE)'
LIVECHAT_DATABASE_URL="postgres://postgres@127.0.0.1:5432/livechat_e2e?sslmode=disable" \
LIVECHAT_TEMPORAL_ADDRESS="$LIVECHAT_TEST_TEMPORAL_ADDRESS" \
LIVECHAT_TASK_QUEUE="e2e" \
LIVECHAT_HTTP_ADDR="127.0.0.1:$E2E_PORT" \
LIVECHAT_PUBLIC_URL="http://127.0.0.1:$E2E_PORT" \
LIVECHAT_DATA_DIR="$WORK/data" \
  setsid "$WORK/livechat" dev >"$WORK/dev.log" 2>&1 &
pids+=($!)
if ! wait_for "livechat dev" 90 curl -fsS "http://127.0.0.1:$E2E_PORT/readyz"; then
  cat "$WORK/dev.log" >&2; exit 1
fi
(cd web && LIVECHAT_E2E_URL="http://127.0.0.1:$E2E_PORT" \
  LIVECHAT_E2E_EMAIL="owner@demo.livechat.local" LIVECHAT_E2E_PASSWORD="livechat-demo" \
  LIVECHAT_E2E_TEAM="Inbox" npm run test:e2e) || { tail -50 "$WORK/dev.log" >&2; exit 1; }

step "Go tests (PostgreSQL + Temporal dev server)"
go test -race -count=1 -timeout 15m ./...
