#!/usr/bin/env bash
# Wall time of whole `oauthctl audit` runs (hyperfine medians and spread) against
# `oauthctl serve` and against oidc-provider, both on 127.0.0.1, every check, headless;
# with the request count of one run. The target: under 2 s against serve.
# Needs hyperfine, node/npm. Usage: benches/audit.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
bin="$(benches/release-bin)"
benches/cpu-info
(cd peers/oidc-provider && [ -d node_modules/oidc-provider ] || npm ci --no-audit --no-fund --silent)
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
"$bin" --output json serve --port 0 --ephemeral --auto-approve > "$work/serve.json" 2>/dev/null &
pids+=($!)
(cd peers/oidc-provider && PORT=0 exec node server.mjs > "$work/peer.json" 2>/dev/null) &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/serve.json" ] && [ -s "$work/peer.json" ] && break; sleep 0.1; done
field() { python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])" "$1" "$2"; }
serve=$(field "$work/serve.json" issuer)
peer=$(field "$work/peer.json" issuer)
echo peer-client-secret-0123456789abcdef > "$work/peer1"
echo peer-client-2-secret-0123456789abcdef > "$work/peer2"
echo any > "$work/password"
serve_audit="$bin --output json audit --issuer $serve --client-id demo-client --client-secret-file $(field "$work/serve.json" client_secret_file) --login auto --username demo --password-file $(field "$work/serve.json" password_file) --public-client-id demo-public --fail-on low"
peer_audit="$bin --output json audit --issuer $peer --client-id peer-client --client-secret-file $work/peer1 --second-client-id peer-client-2 --second-client-secret-file $work/peer2 --public-client-id peer-public --login auto --username alice --password-file $work/password --param prompt=consent --fail-on high"
for name in serve peer; do
  cmd="${name}_audit"
  ${!cmd} | python3 -c "import json,sys; s=json.load(sys.stdin)['summary']; print(f'$name: {s[\"checks\"]} checks, {s[\"requests\"]} requests')"
done
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/audit.json" \
  -n "audit of oauthctl serve" "$serve_audit" \
  -n "audit of oidc-provider" "$peer_audit" >/dev/null
python3 - "$work/audit.json" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    t = sorted(r["times"])
    q = statistics.quantiles(t, n=4)
    print(f"{r['command']:26} median {statistics.median(t)*1000:7.1f} ms  (quartiles {q[0]*1000:.1f}-{q[2]*1000:.1f} ms, min {t[0]*1000:.1f}, max {t[-1]*1000:.1f})")
PY
