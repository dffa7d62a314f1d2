#!/usr/bin/env bash
# RSA-2048 key generation, oauthctl vs openssl, whole processes, side by side in one
# hyperfine run. Key generation time is random, so compare medians over many runs.
# Usage: benches/keygen.sh [RUNS]   (needs hyperfine and openssl; builds --release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-60}"
cargo build --release --quiet
bin="$PWD/target/release/oauthctl"
out="$(mktemp -d)"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/keygen.json" \
  -n openssl 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out /dev/null' \
  -n oauthctl "$bin keygen --stdout private-pem"
python3 - "$out/keygen.json" <<'PY'
import json, statistics, sys
results = {r["command"]: sorted(r["times"]) for r in json.load(open(sys.argv[1]))["results"]}
def p(ts, q): return ts[min(len(ts) - 1, int(q * len(ts)))] * 1000
for name, ts in results.items():
    print(f"{name:9} median {statistics.median(ts)*1000:7.1f} ms   p90 {p(ts, .9):7.1f} ms   n={len(ts)}")
ratio = statistics.median(results["oauthctl"]) / statistics.median(results["openssl"])
print(f"ratio (oauthctl median / openssl median): {ratio:.2f}   target <= 0.50; oauthctl p90 target < 250 ms")
PY
