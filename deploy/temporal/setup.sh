#!/bin/sh
# Creates Livechat's Temporal namespace and registers its Keyword search attributes.
# Runs in temporalio/admin-tools once the server is healthy; safe to re-run.
# Env: TEMPORAL_ADDRESS (read by the CLI), LIVECHAT_TEMPORAL_NAMESPACE,
#      TEMPORAL_NAMESPACE_RETENTION, LIVECHAT_SEARCH_ATTRIBUTES (space separated).
set -eu

ns=${LIVECHAT_TEMPORAL_NAMESPACE:-default}
retention=${TEMPORAL_NAMESPACE_RETENTION:-168h}
attrs=${LIVECHAT_SEARCH_ATTRIBUTES:-ChatStatus OrgId TeamId AssigneeId ContactId}

log() { echo "temporal-setup: $*"; }

# retry N CMD...: run CMD until it succeeds, at most N times, 2 s apart.
retry() {
  n=$1; shift
  i=1
  until "$@"; do
    [ "$i" -ge "$n" ] && return 1
    i=$((i + 1))
    sleep 2
  done
}

ns_exists() { temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1; }

# True when $1 is registered as a Keyword in $ns. The JSON prints the type as
# "INDEXED_VALUE_TYPE_KEYWORD"; KeywordList ends in _LIST and does not match.
sa_is_keyword() {
  temporal operator search-attribute list --namespace "$ns" --output json 2>/dev/null |
    grep -Eiq "\"$1\": *\"[a-z_]*keyword\""
}

log "waiting for the cluster at ${TEMPORAL_ADDRESS:-localhost:7233}"
retry 60 temporal operator cluster health >/dev/null

if ns_exists; then
  log "namespace $ns exists"
else
  log "creating namespace $ns (retention $retention)"
  # Tolerate a concurrent creator; the describe below decides.
  temporal operator namespace create --namespace "$ns" --retention "$retention" || true
fi
# A new namespace reaches every frontend's cache within seconds.
retry 30 ns_exists || { log "namespace $ns not found"; exit 1; }

for a in $attrs; do
  if sa_is_keyword "$a"; then
    log "search attribute $a exists"
    continue
  fi
  log "adding search attribute $a (Keyword)"
  # One name per call: the CLI applies --type to a single --name.
  # Fails if $a exists with another type; that is an operator's call to fix.
  retry 10 temporal operator search-attribute create --namespace "$ns" --name "$a" --type Keyword
done

for a in $attrs; do
  retry 15 sa_is_keyword "$a" || { log "search attribute $a is missing or not a Keyword"; exit 1; }
done

# The list above reads the database; starts and queries use each frontend's namespace
# cache, which picks new attributes up a few seconds later. Done when a query accepts them.
query=""
for a in $attrs; do query="${query:+$query AND }$a = '_'"; done
sa_queryable() { temporal workflow list --namespace "$ns" --query "$query" --limit 1 >/dev/null 2>&1; }
retry 30 sa_queryable || { log "search attributes not usable in queries yet"; exit 1; }
log "done: namespace $ns, search attributes: $attrs"
