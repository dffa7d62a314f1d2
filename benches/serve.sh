#!/usr/bin/env bash
# client_credentials under load on 127.0.0.1: `oauthctl serve` vs oidc-provider (JWT access
# tokens, RS256), with wrk, in one run; plus `openssl speed -multi 2 rsa2048` signing as the
# ceiling. Needs wrk, openssl, node/npm. Usage: benches/serve.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
cargo build --release --quiet
bin="$PWD/target/release/oauthctl"
(cd peers/oidc-provider && [ -d node_modules/oidc-provider ] || npm install --no-audit --no-fund --silent)
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

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
"$bin" --quiet --output json serve --port 0 --config "$work/bench.toml" > "$work/oauthctl.json" 2>/dev/null &
pids+=($!)
(cd peers/oidc-provider && PORT=0 exec node server.mjs > "$work/peer.json" 2>/dev/null) &
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
load() { # issuer, basic credentials
  BODY="$3" BASIC=$(printf %s "$2" | base64 -w0) wrk -t1 -c20 -d"${secs}s" --latency -s "$work/cc.lua" "$1/token"
}
summary() { # wrk output on stdin -> "rate p99 errors"
  python3 -c '
import re, sys
text = sys.stdin.read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+\w+)", text).group(1)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(rate, p99, bad.group(1) if bad else 0)'
}
read -r ours_rate ours_p99 ours_bad < <(load "$ours" "bench:bench-secret-0123456789abcdef" "grant_type=client_credentials&scope=read" | summary)
read -r peer_rate peer_p99 peer_bad < <(load "$peer" "peer-client:peer-client-secret-0123456789abcdef" "grant_type=client_credentials&scope=read&resource=urn%3Aoauthctl%3Aapi" | summary)
ossl=$(openssl speed -seconds 3 -multi 2 rsa2048 2>/dev/null | awk '/^rsa 2048/ {print $(NF-1)}')
python3 - "$ours_rate" "$ours_p99" "$ours_bad" "$peer_rate" "$peer_p99" "$peer_bad" "$ossl" <<'PY'
import sys
o, op, ob, p, pp, pb, s = sys.argv[1:]
o, p, s = float(o), float(p), float(s)
print(f"oauthctl serve  {o:8.0f} tokens/s  p99 {op:>8}  non-2xx {ob}")
print(f"oidc-provider   {p:8.0f} tokens/s  p99 {pp:>8}  non-2xx {pb}")
print(f"openssl speed -multi 2 rsa2048: {s:.0f} signs/s")
print(f"ratio vs oidc-provider: {o/p:.2f} (target >= 1.5); vs openssl 2-core signing: {o/s:.2f} (target >= 0.6)")
PY
