#!/usr/bin/env bash
# What serve's TLS costs, side by side in one run (serve pinned to core 0, the load on
# core 1): the client_credentials rate over https against plain http (wrk keeps its 20
# connections alive, so this is the steady state; target >= 0.8), and the handshake cost per
# new connection with `openssl s_time` (full handshakes, and resumed ones).
# Needs wrk, taskset, openssl. Usage: benches/tls.sh [SECONDS=8] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-8}"
rounds="${2:-3}"
bin="$(benches/release-bin)"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
benches/cpu-info

benches/bench-config "$bin" "$work"
start() { # name, extra args...
  local name="$1"; shift
  taskset -c 0 "$bin" --quiet --output json serve --port 0 --config "$work/bench.toml" --state-dir "$work/$name" "$@" > "$work/$name.json" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 50); do [ -s "$work/$name.json" ] && break; sleep 0.1; done
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['issuer'])" "$work/$name.json"
}
plain=$(start plain)
tls=$(start tls --tls)
cat > "$work/cc.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BASIC")
LUA
basic=$(printf %s "bench:bench-secret-0123456789abcdef" | base64 -w0)
load() { # url -> "rate non2xx"
  BASIC="$basic" taskset -c 1 wrk -t1 -c20 -d"${secs}s" -s "$work/cc.lua" "$1/token" |
  python3 -c '
import re, sys
text = sys.stdin.read()
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), bad.group(1) if bad else 0)'
}
results=()
for round in $(seq "$rounds"); do
  read -r p pb < <(load "$plain")
  read -r t tb < <(load "$tls")
  printf 'round %s: http %8.0f/s (non-2xx %s)  https %8.0f/s (non-2xx %s)\n' "$round" "$p" "$pb" "$t" "$tb"
  if [ "$pb" = 0 ] && [ "$tb" = 0 ]; then results+=("$p $t"); else echo "round $round: not counted (failed requests)"; fi
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys
ratios = sorted(t / p for p, t in (map(float, l.split()) for l in sys.stdin if l.strip()))
print(f"serve https vs http client_credentials rate (keep-alive): median {ratios[len(ratios)//2]:.2f} (rounds {ratios[0]:.2f}-{ratios[-1]:.2f}; target >= 0.8)")'
hostport=${tls#https://}
for mode in -new -reuse; do
  taskset -c 1 openssl s_time -connect "$hostport" "$mode" -time 5 2>/dev/null |
    python3 -c '
import re, sys
mode = sys.argv[1]
text = sys.stdin.read()
m = re.search(r"(\d+) connections in ([\d.]+) real seconds", text)
n, s = int(m.group(1)), float(m.group(2))
kind = "full handshake" if mode == "-new" else "resumed session"
print(f"handshakes, {kind}: {n / s:.0f} connections/s, {1000 * s / n:.2f} ms each")' "$mode"
done
