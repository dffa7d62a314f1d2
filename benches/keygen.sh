#!/usr/bin/env bash
# RSA-2048 key generation, oauthctl vs openssl, whole processes, side by side in one
# hyperfine run per round. Key generation time is random (the prime search), so compare
# medians over many runs, over several rounds. openssl searches on one core and oauthctl on
# every core, so the run pinned to one core (taskset) is reported too.
# Usage: benches/keygen.sh [RUNS] [ROUNDS]   (needs hyperfine, openssl, taskset)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-60}"
rounds="${2:-3}"
bin="$(benches/release-bin)"
benches/cpu-info
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
openssl_cmd='openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out /dev/null'
for round in $(seq "$rounds"); do
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/keygen$round.json" \
    -n openssl "$openssl_cmd" \
    -n oauthctl "$bin keygen --stdout private-pem" \
    -n "openssl, 1 core" "taskset -c 0 $openssl_cmd" \
    -n "oauthctl, 1 core" "taskset -c 0 $bin keygen --stdout private-pem" >/dev/null
done
python3 - "$out"/keygen*.json <<'PY'
import json, statistics, sys
ratios = {"all cores": [], "1 core": []}
for path in sys.argv[1:]:
    r = {x["command"]: sorted(x["times"]) for x in json.load(open(path))["results"]}
    med = {k: statistics.median(v) * 1000 for k, v in r.items()}
    p90 = {k: v[int(0.9 * len(v))] * 1000 for k, v in r.items()}
    ratios["all cores"].append(med["oauthctl"] / med["openssl"])
    ratios["1 core"].append(med["oauthctl, 1 core"] / med["openssl, 1 core"])
    print("  " + "  ".join(f"{k}: median {med[k]:.1f} ms (p90 {p90[k]:.0f})" for k in r))
for name, xs in ratios.items():
    spread = " ".join(f"{x:.2f}" for x in xs)
    print(f"ratio oauthctl/openssl median keygen time, {name}: {statistics.median(xs):.2f} "
          f"(rounds: {spread})  target <= 0.50")
PY
