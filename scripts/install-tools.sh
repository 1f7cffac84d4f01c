#!/usr/bin/env bash
# Builds the Go tools the project needs into $(go env GOPATH)/bin when they
# are missing or at another version: the Temporal CLI (dev server, ~8 min cold
# on 2 cores) and golangci-lint. `sqlc` is built only with --with-sqlc.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export GOTOOLCHAIN=local
source scripts/tools.env
GOBIN="$(go env GOPATH)/bin"

# have TOOL VERSION: the tool is installed and reports VERSION (without the v).
have() {
  [ -x "$GOBIN/$1" ] && "$GOBIN/$1" version 2>/dev/null | grep -q "${2#v}"
}

if ! [ -x "$GOBIN/temporal" ]; then
  echo "building the Temporal CLI $TEMPORAL_CLI_VERSION (several minutes the first time)"
  go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
fi
if ! have golangci-lint "$GOLANGCI_LINT_VERSION"; then
  echo "building golangci-lint $GOLANGCI_LINT_VERSION"
  go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION"
fi
if [ "${1:-}" = "--with-sqlc" ] && ! have sqlc "$SQLC_VERSION"; then
  echo "building sqlc $SQLC_VERSION"
  go install "github.com/sqlc-dev/sqlc/cmd/sqlc@$SQLC_VERSION"
fi
echo "Go tools ready in $GOBIN"
