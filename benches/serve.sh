#!/usr/bin/env bash
# client_credentials under load on 127.0.0.1 (JWT access tokens, RS256-2048): `oauthctl
# serve` vs oidc-provider, each pinned to core 0 in turn while wrk (1 thread, 20
# connections) runs pinned to core 1; `openssl speed rsa2048` signing on core 0 is the
# ceiling. ROUNDS rounds of SECONDS each, in one run; the ratios' spread is reported.
# Needs wrk, taskset, openssl, node/npm. Usage: benches/serve.sh [SECONDS=10] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
rounds="${2:-3}"
bin="$(benches/release-bin)"
(cd peers/oidc-provider && [ -d node_modules/oidc-provider ] || npm install --no-audit --no-fund --silent)
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

model=$(grep -m1 "model name" /proc/cpuinfo | sed 's/^model name\s*:\s*//')
ifma=$(grep -q -w avx512ifma /proc/cpuinfo && echo yes || echo no)
echo "cpu: $model; AVX-512 IFMA: $ifma; $(nproc) cores; $(openssl version | cut -d' ' -f1-2)"

"$bin" --quiet keygen --out-dir "$work" >/dev/null
cat > "$work/bench.toml" <<TOML
[[keys]]
path = "oauthctl.key.pem"
active = true

[[clients]]
client_id = "bench"
secret = "bench-secret-0123456789abcdef"
grant_types = ["client_credentials"]
scopes = ["read"]
TOML
taskset -c 0 "$bin" --quiet --output json serve --port 0 --config "$work/bench.toml" > "$work/oauthctl.json" 2>/dev/null &
pids+=($!)
(cd peers/oidc-provider && PORT=0 exec taskset -c 0 node server.mjs > "$work/peer.json" 2>/dev/null) &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/oauthctl.json" ] && [ -s "$work/peer.json" ] && break; sleep 0.1; done
ours=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['issuer'])" "$work/oauthctl.json")
peer=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['issuer'])" "$work/peer.json")

cat > "$work/cc.lua" <<'LUA'
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BASIC")
LUA
load() { # issuer, basic credentials, body -> "rate p99 non2xx"
  BODY="$3" BASIC=$(printf %s "$2" | base64 -w0) taskset -c 1 wrk -t1 -c20 -d"${secs}s" --latency -s "$work/cc.lua" "$1/token" |
  python3 -c '
import re, sys
text = sys.stdin.read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+\w+)", text).group(1)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(rate, p99, bad.group(1) if bad else 0)'
}
results=()
for round in $(seq "$rounds"); do
  read -r o op ob < <(load "$ours" "bench:bench-secret-0123456789abcdef" "grant_type=client_credentials&scope=read")
  read -r p pp pb < <(load "$peer" "peer-client:peer-client-secret-0123456789abcdef" "grant_type=client_credentials&scope=read&resource=urn%3Aoauthctl%3Aapi")
  s=$(taskset -c 0 openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ {print $(NF-1)}')
  printf 'round %s: oauthctl serve %8.0f/s (p99 %s, non-2xx %s)  oidc-provider %8.0f/s (p99 %s, non-2xx %s)  openssl sign %8.0f/s\n' \
    "$round" "$o" "$op" "$ob" "$p" "$pp" "$pb" "$s"
  results+=("$o $p $s")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys
rows = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
vs_peer = sorted(o / p for o, p, s in rows)
vs_ossl = sorted(o / s for o, p, s in rows)
mid = lambda xs: xs[len(xs) // 2]
print(f"serve vs oidc-provider, both on one core: median {mid(vs_peer):.2f} (rounds {vs_peer[0]:.2f}-{vs_peer[-1]:.2f}; target >= 1.5)")
print(f"serve vs openssl speed rsa2048 sign on one core: median {mid(vs_ossl):.2f} (rounds {vs_ossl[0]:.2f}-{vs_ossl[-1]:.2f}; target >= 0.8)")'
