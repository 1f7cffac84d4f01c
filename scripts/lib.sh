# Shell helpers shared by scripts/test.sh and scripts/bench.sh.

step() { printf '\n==> %s\n' "$*" >&2; }

# wait_for NAME SECONDS COMMAND...: retry COMMAND until it succeeds.
wait_for() {
  local name=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name did not come up within ${secs}s" >&2
      return 1
    fi
    sleep 0.5
  done
}
