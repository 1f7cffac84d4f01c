# Livechat — the two commands you need:
#   make dev    run the whole stack locally (Temporal dev server + UI, worker, API, demo data)
#   make test   set up what is missing and run every check (what CI runs)

export GOTOOLCHAIN := local
GOBIN := $(shell go env GOPATH)/bin

.PHONY: dev test tools web build generate lint record-histories

dev: tools web
	go run ./cmd/livechat dev

test:
	scripts/test.sh

tools:
	scripts/install-tools.sh

web:
	cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build

build: web
	go build -trimpath -o bin/livechat ./cmd/livechat

# Regenerate store/db from store/queries and the migrations.
generate:
	scripts/install-tools.sh --with-sqlc
	$(GOBIN)/sqlc generate

lint:
	$(GOBIN)/golangci-lint run ./...

# Re-record the chat workflow histories the replay tests run (needs the
# Temporal CLI; uses a dev server started by the tests).
record-histories:
	LIVECHAT_RECORD_HISTORIES=$(CURDIR)/workflows/testdata/histories go test ./worker/ -run 'TestHandoffToEnd|TestConcurrentClaims|TestTimerFires|TestOfferAndTransfer' -count=1

# The benchmark suite (not a test): every scenario of bench/README.md against
# a stack of its own, one report in bench/results/<date>.json and .md (about
# 13 minutes). make bench ARGS=--quick (under 2 minutes), ARGS=--profile adds
# CPU and heap profiles of the API and the worker.
.PHONY: bench
bench:
	scripts/bench.sh $(ARGS)

# Messaging benchmark: visitors' and agents' sockets exchange messages at a
# set rate; delivery latency, throughput, lost and duplicated messages. See
# bench/README.md. make bench-messaging ARGS=--quick
.PHONY: bench-messaging
bench-messaging:
	scripts/bench.sh messaging $(ARGS)
