#!/usr/bin/env bash
# Wall time of whole `oauthctl flow` runs (hyperfine medians): against the built-in server
# (--embedded) and against oidc-provider on 127.0.0.1, every step, headless.
# Needs hyperfine, node/npm. Usage: benches/flow.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
bin="$(benches/release-bin)"
(cd peers/oidc-provider && [ -d node_modules/oidc-provider ] || npm install --no-audit --no-fund --silent)
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
(cd peers/oidc-provider && PORT=0 exec node server.mjs > "$work/peer.json" 2>/dev/null) &
pid=$!
for _ in $(seq 50); do [ -s "$work/peer.json" ] && break; sleep 0.1; done
peer=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['issuer'])" "$work/peer.json")
echo peer-client-secret-0123456789abcdef > "$work/secret"
echo any > "$work/password"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/flow.json" \
  -n "flow --embedded" "$bin flow --embedded" \
  -n "flow vs oidc-provider" "$bin flow --issuer $peer --client-id peer-client --client-secret-file $work/secret --login auto --username alice --password-file $work/password --param prompt=consent" >/dev/null
python3 - "$work/flow.json" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    t = sorted(r["times"])
    print(f"{r['command']:24} median {statistics.median(t)*1000:7.1f} ms  (mean user {r['user']*1000:.1f} ms, system {r['system']*1000:.1f} ms)")
PY
