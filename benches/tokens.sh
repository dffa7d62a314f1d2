#!/usr/bin/env bash
# Token benchmarks, side by side in one run, reported as ratios:
#  1. one `token mint` and one `token verify` process vs jwt-cli's encode/decode (hyperfine);
#  2. batch verify (RS256-2048) on one core and on two, vs `openssl speed rsa2048` verify;
#  3. batch mint on one core vs `openssl speed rsa2048` sign.
# Needs hyperfine, openssl, taskset, and jwt-cli (`cargo install jwt-cli`, on PATH or in
# $JWT_CLI). Usage: benches/tokens.sh [TOKENS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20000}"
rounds="${2:-5}"
bin="$(benches/release-bin)"
benches/cpu-info
jwt="${JWT_CLI:-$(command -v jwt || true)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$bin" --quiet keygen >/dev/null

rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.0f}')" "$@"; }
# Wall seconds of a shell command line (its own output redirected inside).
seconds() { local TIMEFORMAT=%R; { time bash -c "$1" >/dev/null 2>&1; } 2>&1; }
openssl_rates() { # prints "sign verify" per second
  openssl speed -seconds 3 "$@" rsa2048 2>/dev/null | awk '/^rsa 2048/ {print $(NF-1), $NF}'
}

# Both binaries are copied into the work directory first. A binary's start-up depends on how
# its file sits in the page cache, not only on its bytes: measured here, the same bytes as
# written by the linker took ~20 more page faults per run than a fresh copy, and jwt-cli's
# installed file likewise more than a copy. Copying both gives them the same treatment.
cp "$bin" "$work/oauthctl-copy"
bin="$work/oauthctl-copy"
if [ -n "$jwt" ]; then
  cp "$jwt" "$work/jwt-copy"
  jwt="$work/jwt-copy"
fi

echo "== single processes (hyperfine, median wall time, $rounds rounds of 100 runs)"
token="$("$bin" token mint --key oauthctl.key.pem --sub bench --exp 1h)"
if [ -n "$jwt" ]; then
  jwt_token="$("$jwt" encode --alg RS256 --secret @oauthctl.key.pem '{"sub":"bench","exp":4102444800}')"
  # Several short rounds rather than one long one: on a machine with noisy neighbours, a slow
  # spell then lands on both tools of a round instead of on whichever ran during it.
  for round in $(seq "$rounds"); do
    hyperfine -N --warmup 10 --runs 100 --export-json "single$round.json" \
      -n "oauthctl mint" "$bin token mint --key oauthctl.key.pem --sub bench" \
      -n "jwt-cli encode" "$jwt encode --alg RS256 --secret @oauthctl.key.pem '{\"sub\":\"bench\"}'" \
      -n "oauthctl verify" "$bin token verify $token --key oauthctl.pub.pem" \
      -n "jwt-cli decode" "$jwt decode --alg RS256 --secret @oauthctl.pub.pem $jwt_token" >/dev/null
  done
  python3 - single*.json <<'PY'
import json, statistics, sys
mint, verify = [], []
for path in sys.argv[1:]:
    r = {x["command"]: statistics.median(x["times"]) * 1000 for x in json.load(open(path))["results"]}
    mint.append(r["oauthctl mint"] / r["jwt-cli encode"])
    verify.append(r["oauthctl verify"] / r["jwt-cli decode"])
    print("  " + "  ".join(f"{k} {v:5.2f} ms" for k, v in r.items()))
rounds = lambda xs: " ".join(f"{x:.2f}" for x in xs)
print(f"  mint/encode ratio   {statistics.median(mint):.2f} (rounds: {rounds(mint)})  (target <= 1.0)")
print(f"  verify/decode ratio {statistics.median(verify):.2f} (rounds: {rounds(verify)})  (target <= 1.0)")
PY
else
  echo "  jwt-cli not found: install it with 'cargo install jwt-cli' or set JWT_CLI" >&2
fi

echo "== batch mint and verify, RS256-2048, $n tokens"
read -r ossl_sign1 ossl_verify1 < <(taskset -c 0 bash -c "$(declare -f openssl_rates); openssl_rates")
read -r ossl_sign2 ossl_verify2 < <(openssl_rates -multi 2)
t_mint=$(seconds "taskset -c 0 '$bin' token mint --key oauthctl.key.pem --sub bench --exp 1h --count $n > tokens.txt")
t_verify1=$(seconds "taskset -c 0 '$bin' token verify --batch --key oauthctl.pub.pem < tokens.txt > verdicts1.txt")
t_verify2=$(seconds "'$bin' token verify --batch --key oauthctl.pub.pem < tokens.txt > verdicts2.txt")
valid=$(grep -c '"ok":true' verdicts2.txt || true)
[ "$valid" = "$n" ] || { echo "only $valid of $n tokens verified" >&2; exit 1; }
mint1=$(rate "$n" "$t_mint"); verify1=$(rate "$n" "$t_verify1"); verify2=$(rate "$n" "$t_verify2")
python3 - "$mint1" "$ossl_sign1" "$verify1" "$ossl_verify1" "$verify2" "$ossl_verify1" <<'PY'
import sys
m1, s1, v1, o1, v2, o1b = map(float, sys.argv[1:])
print(f"  mint, 1 core:    {m1:8.0f}/s   openssl sign 1 core {s1:8.0f}/s   ratio {m1/s1:.2f} (target >= 0.9)")
print(f"  verify, 1 core:  {v1:8.0f}/s   openssl verify 1 core {o1:6.0f}/s   ratio {v1/o1:.2f} (target >= 0.8)")
print(f"  verify, 2 cores: {v2:8.0f}/s   vs openssl 1 core            ratio {v2/o1b:.2f} (target >= 1.5)")
PY
echo "  (openssl -multi 2: sign $ossl_sign2/s, verify $ossl_verify2/s)"
