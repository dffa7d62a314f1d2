#!/usr/bin/env bash
# Memory under steady mixed load: `oauthctl serve` (release build) on 127.0.0.1 gets, at
# once, short-lived client_credentials tokens, unauthenticated GET /authorize requests
# that are never finished, and whole code flows (authorize, login once per worker, code
# exchange, refresh), for SECONDS; the server's RSS is printed every INTERVAL seconds.
# The summary gives the spread of RSS after WARMUP seconds (target: within +-10% of its
# mean). Only python3's standard library is needed for the load.
# Usage: benches/soak.sh [SECONDS=300] [INTERVAL=10] [WARMUP=60]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-300}"
every="${2:-10}"
warmup="${3:-60}"
bin="$(benches/release-bin)"
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$bin" --quiet keygen --out-dir "$work" >/dev/null
cat > "$work/soak.toml" <<TOML
[[keys]]
path = "oauthctl.key.pem"
active = true

[[users]]
username = "soak"
password = "soak-password"

# Machine-to-machine tokens that expire quickly, as an API gateway's clients use them.
[[clients]]
client_id = "m2m"
secret = "m2m-secret-0123456789abcdef"
grant_types = ["client_credentials"]
scopes = ["read"]
access_token_lifetime = 2

[[clients]]
client_id = "web"
secret = "web-secret-0123456789abcdef"
redirect_uris = ["http://127.0.0.1/callback"]
grant_types = ["authorization_code", "refresh_token"]
scopes = ["openid", "read"]
access_token_lifetime = 5
refresh_token_lifetime = 10
auto_approve = true
TOML
"$bin" --quiet --output json serve --port 0 --config "$work/soak.toml" > "$work/serve.json" 2>/dev/null &
server=$!
for _ in $(seq 100); do [ -s "$work/serve.json" ] && break; sleep 0.1; done
issuer=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['issuer'])" "$work/serve.json")
grep -m1 "model name" /proc/cpuinfo | sed 's/^model name\s*:/cpu:/'
echo "server: $issuer (pid $server); load for ${secs}s, RSS every ${every}s, warm-up ${warmup}s"

python3 - "$issuer" "$server" "$secs" "$every" "$warmup" <<'PY'
import base64, hashlib, http.client, json, os, re, secrets, sys, threading, time
from urllib.parse import urlencode, urlsplit, parse_qs

issuer, pid, secs, every, warmup = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:])
host = urlsplit(issuer).netloc
stop = time.monotonic() + secs
counts = {"m2m": 0, "authorize": 0, "flow": 0, "errors": 0}
lock = threading.Lock()

def bump(kind, ok=True):
    with lock:
        counts[kind if ok else "errors"] += 1

def basic(cid, secret):
    return "Basic " + base64.b64encode(f"{cid}:{secret}".encode()).decode()

def request(conn, method, path, body=None, headers=None):
    headers = dict(headers or {})
    if body is not None:
        body = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()

def worker(job):
    conn = http.client.HTTPConnection(host, timeout=10)
    cookie = None
    while time.monotonic() < stop:
        try:
            job_ok = job(conn, cookie)
            if isinstance(job_ok, tuple):
                ok, cookie = job_ok
            else:
                ok = job_ok
            bump(job.__name__, ok)
        except Exception:
            bump(job.__name__, False)
            conn.close()
            conn = http.client.HTTPConnection(host, timeout=10)

def m2m(conn, _):
    s, _, _ = request(conn, "POST", "/token", {"grant_type": "client_credentials"},
                      {"Authorization": basic("m2m", "m2m-secret-0123456789abcdef")})
    return s == 200

def pkce():
    verifier = secrets.token_urlsafe(32)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge

def authorize_path(challenge):
    return "/authorize?" + urlencode({
        "response_type": "code", "client_id": "web", "redirect_uri": "http://127.0.0.1:9/callback",
        "scope": "openid read", "state": secrets.token_urlsafe(16), "nonce": secrets.token_urlsafe(16),
        "code_challenge": challenge, "code_challenge_method": "S256"})

def authorize(conn, _):
    # Abandoned sign-ins: each leaves a pending request behind (bounded by the server).
    s, _, _ = request(conn, "GET", authorize_path(pkce()[1]))
    return s in (200, 302)

def flow(conn, cookie):
    verifier, challenge = pkce()
    headers = {"Cookie": cookie} if cookie else {}
    s, h, body = request(conn, "GET", authorize_path(challenge), headers=headers)
    if s == 200:  # the login page: sign in once, keep the session like a browser
        rid = re.search(rb'name="request_id" value="([^"]+)"', body).group(1).decode()
        s, h, body = request(conn, "POST", "/login",
                             {"request_id": rid, "username": "soak", "password": "soak-password"})
        cookie = h.get("set-cookie", "").split(";")[0]
    code = parse_qs(urlsplit(h.get("location", "")).query).get("code", [None])[0]
    if not code:
        return False, cookie
    auth = {"Authorization": basic("web", "web-secret-0123456789abcdef")}
    s, _, body = request(conn, "POST", "/token", {"grant_type": "authorization_code", "code": code,
                         "redirect_uri": "http://127.0.0.1:9/callback", "code_verifier": verifier}, auth)
    if s != 200:
        return False, cookie
    refresh = json.loads(body)["refresh_token"]
    s, _, _ = request(conn, "POST", "/token", {"grant_type": "refresh_token", "refresh_token": refresh}, auth)
    return s == 200, cookie

def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))

threads = [threading.Thread(target=worker, args=(job,), daemon=True)
           for job in (m2m, m2m, authorize, flow, flow)]
for t in threads:
    t.start()
start = time.monotonic()
samples = []
print(f"{'t(s)':>6} {'RSS MiB':>8} {'m2m':>8} {'authorize':>10} {'flows':>7} {'errors':>7}")
while time.monotonic() < stop:
    time.sleep(min(every, max(0.0, stop - time.monotonic())))
    t = time.monotonic() - start
    rss = rss_kib()
    samples.append((t, rss))
    with lock:
        c = dict(counts)
    print(f"{t:6.0f} {rss / 1024:8.1f} {c['m2m']:8d} {c['authorize']:10d} {c['flow']:7d} {c['errors']:7d}", flush=True)
for t in threads:
    t.join(timeout=15)
steady = [r for t, r in samples if t >= warmup]
if len(steady) >= 2:
    mean = sum(steady) / len(steady)
    lo, hi = min(steady), max(steady)
    print(f"after {warmup:.0f}s warm-up: RSS {lo/1024:.1f}-{hi/1024:.1f} MiB, mean {mean/1024:.1f} MiB, "
          f"spread {100*(lo-mean)/mean:+.1f}% / {100*(hi-mean)/mean:+.1f}% (target within +-10%)")
else:
    print("too few samples after the warm-up for a summary; run longer")
PY
