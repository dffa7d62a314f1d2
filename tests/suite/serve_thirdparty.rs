//! A client library nobody here wrote (Python's Authlib) drives `oauthctl serve`: the code
//! flow with PKCE, refresh, and client credentials. Also: a TOML config, and its errors.

use crate::common;

use common::assert_success;
use serde_json::Value;

fn serve(args: &[&str]) -> common::serve_process::ServeProcess {
    common::serve_process::start(args, None)
}

const AUTHLIB_FLOW: &str = r#"
import re, sys, requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.common.security import generate_token
issuer, secret, password = sys.argv[1], open(sys.argv[2]).read().strip(), open(sys.argv[3]).read().strip()
meta = requests.get(issuer + '/.well-known/openid-configuration').json()
redirect = 'http://127.0.0.1:8765/callback'
client = OAuth2Session('demo-client', secret, scope='openid profile offline_access', redirect_uri=redirect,
                       code_challenge_method='S256')
verifier = generate_token(48)
url, state = client.create_authorization_url(meta['authorization_endpoint'], code_verifier=verifier, nonce='abc')
browser = requests.Session()
page = browser.get(url)
request_id = re.search(r'name="request_id" value="([^"]+)"', page.text).group(1)
done = browser.post(issuer + '/login', data={'request_id': request_id, 'username': 'demo', 'password': password},
                    allow_redirects=False)
assert done.status_code == 303, done.text
token = client.fetch_token(meta['token_endpoint'], authorization_response=done.headers['Location'],
                           code_verifier=verifier)
assert token['token_type'].lower() == 'bearer' and 'id_token' in token and 'refresh_token' in token
info = client.get(meta['userinfo_endpoint']).json()
assert info['sub'] == 'demo', info
refreshed = client.refresh_token(meta['token_endpoint'], refresh_token=token['refresh_token'])
assert refreshed['refresh_token'] != token['refresh_token']
service = OAuth2Session('demo-client', secret, scope='read')
cc = service.fetch_token(meta['token_endpoint'], grant_type='client_credentials')
assert cc['scope'] == 'read', cc
print('ok')
"#;

#[test]
fn authlib_runs_the_code_flow_refresh_and_client_credentials() {
    let server = serve(&["--ephemeral", "--auto-approve"]);
    let info = &server.info;
    let out = common::run_python(
        AUTHLIB_FLOW,
        &[
            info["issuer"].as_str().unwrap(),
            info["client_secret_file"].as_str().unwrap(),
            info["password_file"].as_str().unwrap(),
        ],
    );
    assert_eq!(out.trim(), "ok");
}

#[test]
fn toml_config_defines_issuer_keys_users_and_clients() {
    let dir = tempfile::tempdir().unwrap();
    common::oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--name", "old"])
        .assert()
        .success();
    common::oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--name", "new"])
        .assert()
        .success();
    std::fs::write(
        dir.path().join("api.secret"),
        "s3cret-value-for-the-api-client\n",
    )
    .unwrap();
    let config = dir.path().join("idp.toml");
    std::fs::write(
        &config,
        r#"
[[keys]]
path = "old.key.pem"

[[keys]]
path = "new.key.pem"
active = true

[[users]]
username = "alice"
password = "wonderland"
claims = { name = "Alice", email = "alice@example.test", employee_id = "E42" }

[[clients]]
client_id = "api"
name = "Business API"
secret_file = "api.secret"
grant_types = ["client_credentials"]
scopes = ["all", "read", "write", "profile"]
access_token_lifetime = 900
"#,
    )
    .unwrap();
    let server = serve(&["--config", config.to_str().unwrap()]);
    let issuer = server.info["issuer"].as_str().unwrap();
    let jwks: Value = serde_json::from_str(
        &ureq::get(&format!("{issuer}/jwks"))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        jwks["keys"].as_array().unwrap().len(),
        2,
        "the retired key is still published"
    );
    let mut response = ureq::post(&format!("{issuer}/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header(
            "Authorization",
            &format!(
                "Basic {}",
                base64::Engine::encode(
                    &base64::engine::general_purpose::STANDARD,
                    "api:s3cret-value-for-the-api-client"
                )
            ),
        )
        .send("grant_type=client_credentials&scope=read")
        .unwrap();
    let token: Value =
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(token["expires_in"], 900);
    // Signed by the active key.
    let new_kid = common::oauthctl()
        .current_dir(dir.path())
        .args(["key", "thumbprint", "new.key.pem"])
        .output()
        .unwrap();
    let out = common::oauthctl()
        .args([
            "--output",
            "json",
            "token",
            "decode",
            token["access_token"].as_str().unwrap(),
        ])
        .output()
        .unwrap();
    let decoded: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        decoded["header"]["kid"].as_str().unwrap(),
        String::from_utf8_lossy(&new_kid.stdout).trim()
    );
}

#[test]
fn config_errors_name_the_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    std::fs::write(
        &config,
        "[[clients]]\nclient_id = \"has space\"\nsecret = \"x\"\n",
    )
    .unwrap();
    let out = common::oauthctl()
        .args(["serve", "--port", "0", "--ephemeral", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.toml:2:") && stderr.contains("client_id"),
        "{stderr}"
    );
    std::fs::write(
        &config,
        "[[clients]]\nclient_id = \"ok\"\nredirect_uri = [\"x\"]\n",
    )
    .unwrap();
    let out = common::oauthctl()
        .args(["serve", "--port", "0", "--ephemeral", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr.contains("bad.toml:3") && stderr.contains("redirect_uri"),
        "{stderr}"
    );
}

#[test]
fn users_may_have_a_pbkdf2_password_hash_made_by_python() {
    let hash = common::run_python(
        "import base64, hashlib\nsalt = b'0123456789abcdef'\nh = hashlib.pbkdf2_hmac('sha256', b'correct horse', salt, 100000)\nprint('pbkdf2-sha256$100000$' + base64.b64encode(salt).decode() + '$' + base64.b64encode(h).decode())",
        &[],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("idp.toml");
    std::fs::write(
        &config,
        format!(
            "[[users]]\nusername = \"carol\"\npassword_hash = \"{}\"\n\n[[clients]]\nclient_id = \"app\"\nredirect_uris = [\"http://127.0.0.1/callback\"]\nauto_approve = true\n",
            hash.trim()
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("pw"), "correct horse\n").unwrap();
    std::fs::write(dir.path().join("bad"), "wrong horse\n").unwrap();
    let server = serve(&["--config", config.to_str().unwrap()]);
    let issuer = server.info["issuer"].as_str().unwrap();
    let run = |pw: &str| {
        common::oauthctl()
            .args([
                "flow",
                "--issuer",
                issuer,
                "--client-id",
                "app",
                "--auth-method",
                "none",
                "--scope",
                "openid",
            ])
            .args(["--login", "auto", "--username", "carol", "--password-file"])
            .arg(dir.path().join(pw))
            .output()
            .unwrap()
    };
    let good = run("pw");
    assert_success(&good);
    let bad = run("bad");
    assert_eq!(bad.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("login_stuck"));
}
