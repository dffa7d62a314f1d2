#!/usr/bin/env bash
# What DPoP (RFC 9449) costs, side by side in one run:
#  1. serve's client_credentials rate with an ES256 DPoP proof on every request against
#     the same requests without one (JWT access tokens, RS256-2048), serve pinned to core
#     0, wrk (1 thread, 20 connections) on core 1; every proof is distinct (fresh jti,
#     made just before its round by Python's cryptography), since serve refuses a replay.
#     Target: DPoP rate >= 0.8 of the bearer rate.
#  2. `flow --embedded --dpop` wall time against plain `flow --embedded` (hyperfine).
# Needs wrk, hyperfine, taskset and the test venv (scripts/test makes .venv).
# Usage: benches/dpop.sh [SECONDS=10] [ROUNDS=3] [FLOW_RUNS=30]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
rounds="${2:-3}"
runs="${3:-30}"
bin="$(benches/release-bin)"
python=.venv/bin/python
[ -x "$python" ] || { echo "benches/dpop.sh: run scripts/test once to make .venv" >&2; exit 1; }
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
benches/cpu-info

benches/bench-config "$bin" "$work"
taskset -c 0 "$bin" --quiet --output json serve --port 0 --config "$work/bench.toml" > "$work/serve.json" 2>/dev/null &
server=$!
for _ in $(seq 50); do [ -s "$work/serve.json" ] && break; sleep 0.1; done
issuer=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['issuer'])" "$work/serve.json")

cat > "$work/proofs.py" <<'PY'
# COUNT distinct ES256 DPoP proofs for POST URL, one per line, all by one key.
import base64, json, os, sys, time
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
url, count = sys.argv[1], int(sys.argv[2])
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
key = ec.generate_private_key(ec.SECP256R1())
n = key.public_key().public_numbers()
jwk = {"crv": "P-256", "kty": "EC", "x": b64(n.x.to_bytes(32, "big")), "y": b64(n.y.to_bytes(32, "big"))}
head = b64(json.dumps({"alg": "ES256", "typ": "dpop+jwt", "jwk": jwk}, separators=(",", ":")).encode())
now = int(time.time())
out = sys.stdout
for _ in range(count):
    claims = {"jti": b64(os.urandom(16)), "htm": "POST", "htu": url, "iat": now}
    signing_input = head + "." + b64(json.dumps(claims, separators=(",", ":")).encode())
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    out.write(signing_input + "." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big")) + "\n")
PY
cat > "$work/cc.lua" <<'LUA'
local proofs = {}
local file = os.getenv("PROOFS")
if file and file ~= "" then
  for line in io.lines(file) do proofs[#proofs + 1] = line end
end
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Authorization"] = "Basic " .. os.getenv("BASIC"),
}
local body = "grant_type=client_credentials&scope=read"
local i = 0
request = function()
  if #proofs > 0 then
    i = i + 1
    headers["DPoP"] = proofs[i]
  end
  return wrk.format("POST", nil, headers, body)
end
LUA
basic=$(printf %s "bench:bench-secret-0123456789abcdef" | base64 -w0)
load() { # proofs file ("" for none) -> "rate p99 non2xx"
  PROOFS="$1" BASIC="$basic" taskset -c 1 wrk -t1 -c20 -d"${secs}s" --latency -s "$work/cc.lua" "$issuer/token" |
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
  read -r b bp bb < <(load "")
  # Enough distinct proofs for the round at the bearer rate, and a margin.
  count=$(python3 -c "print(int($b * $secs * 1.5) + 1000)")
  taskset -c 1 "$python" "$work/proofs.py" "$issuer/token" "$count" > "$work/proofs.txt"
  read -r d dp db < <(load "$work/proofs.txt")
  printf 'round %s: bearer %8.0f/s (p99 %s, non-2xx %s)  DPoP ES256 %8.0f/s (p99 %s, non-2xx %s; %s proofs)\n' \
    "$round" "$b" "$bp" "$bb" "$d" "$dp" "$db" "$count"
  # A round with any failed request measured something else: it is reported, not counted.
  if [ "$bb" = 0 ] && [ "$db" = 0 ]; then results+=("$b $d"); else echo "round $round: not counted (failed requests)"; fi
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys
ratios = sorted(d / b for b, d in (map(float, l.split()) for l in sys.stdin if l.strip()))
print(f"serve DPoP vs bearer client_credentials rate: median {ratios[len(ratios)//2]:.2f} (rounds {ratios[0]:.2f}-{ratios[-1]:.2f}; target >= 0.8)")'

hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/flow.json" \
  -n "flow --embedded" "$bin flow --embedded" \
  -n "flow --embedded --dpop" "$bin flow --embedded --dpop" >/dev/null
python3 - "$work/flow.json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
for r in results:
    t = sorted(r["times"])
    q = statistics.quantiles(t, n=4)
    print(f"{r['command']:24} median {statistics.median(t)*1000:6.1f} ms (quartiles {q[0]*1000:.1f}-{q[2]*1000:.1f})")
plain, dpop = (statistics.median(r["times"]) for r in results)
print(f"flow --dpop vs plain flow wall time: {dpop / plain:.2f}x")
PY
