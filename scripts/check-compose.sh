#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: Debian's docker-compose (1.29.x)
# parses, validates and interpolates it. Installs docker-compose when it is missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "check-compose: docker-compose is missing and installing it needs root or sudo" >&2
    exit 1
  fi
}

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "check-compose: installing Debian's docker-compose"
  as_root apt-get update -qq
  # No recommends: they would pull in the Docker engine, which is not needed to parse.
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi

compose() { docker-compose -f docker-compose.yml "$@"; }
fail() { echo "check-compose: FAIL: $*" >&2; exit 1; }

# 1. The file parses, validates and interpolates.
LIVECHAT_SESSION_SECRET=ci-check compose config -q

# 2. Every service the stack needs is there.
services=$(LIVECHAT_SESSION_SECRET=ci-check compose config --services)
for s in postgres temporal-schema temporal temporal-setup temporal-ui migrate api worker; do
  grep -qx "$s" <<<"$services" || fail "service $s is missing"
done

# 3. The session secret is required, never defaulted.
if out=$(env -u LIVECHAT_SESSION_SECRET docker-compose -f docker-compose.yml config -q 2>&1); then
  fail "docker-compose.yml must require LIVECHAT_SESSION_SECRET"
fi
grep -q "set LIVECHAT_SESSION_SECRET" <<<"$out" || fail "unexpected error without the secret: $out"

# 4. The files mounted into the containers parse: shell scripts, Temporal's dynamic config
#    (python3-yaml comes with docker-compose).
sh -n deploy/temporal/schema.sh
sh -n deploy/temporal/setup.sh
bash -n deploy/postgres/initdb/10-livechat.sh
python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' deploy/temporal/dynamicconfig/livechat.yaml

echo "check-compose: OK: docker-compose.yml is valid ($(docker-compose version --short 2>/dev/null || echo docker-compose))"
