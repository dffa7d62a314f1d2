//! Two certified relying-party libraries nobody here wrote, openid-client and oauth4webapi
//! (npm, pinned in peers/rp-libraries/package.json), drive `oauthctl serve` with their
//! clock tolerance at 0: every client kind through the code flow, and max_age, prompt
//! sets, form_post, resource indicators, the device grant, DPoP (with and without server
//! nonces), signed request objects with JARM responses, and the refusals. A failure prints
//! the library's own error.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::serve_client::*;

const API: &str = "https://api.example/";

fn drive(s: &Server, scenario: &[&str]) {
    drive_with(s, scenario, &[]);
}

fn drive_with(s: &Server, scenario: &[&str], env: &[(&str, &str)]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/rp-libraries");
    assert!(
        dir.join("node_modules/openid-client").is_dir() && dir.join("node_modules/oauth4webapi").is_dir(),
        "openid-client and oauth4webapi are not installed in {}; run the suite with `scripts/test`, which runs npm ci there",
        dir.display()
    );
    let out = Command::new("node")
        .arg(dir.join("drive.mjs"))
        .args(scenario)
        .env("OAUTHCTL_ISSUER", &s.running.issuer)
        .env("OAUTHCTL_SECRET", SECRET)
        .env("OAUTHCTL_PASSWORD", PASSWORD)
        .envs(env.iter().copied())
        .output()
        .expect("node is installed (scripts/test checks for it)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with("ok "),
        "{scenario:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn consenting() -> Server {
    start()
}

#[test]
fn openid_client_runs_the_code_flow_refresh_introspection_and_revocation_for_each_client_kind() {
    let s = consenting();
    for kind in ["basic", "post", "none"] {
        drive(&s, &["code", kind]);
    }
}

#[test]
fn oauth4webapi_validates_query_and_form_post_responses_for_each_client_kind() {
    let s = consenting();
    for (kind, mode) in [
        ("basic", "query"),
        ("post", "form_post"),
        ("none", "fragment"),
    ] {
        drive(&s, &["o4", kind, mode]);
    }
}

#[test]
fn openid_client_checks_auth_time_against_max_age() {
    drive(&consenting(), &["max-age"]);
}

#[test]
fn openid_client_sees_prompt_sets_honoured_and_prompt_none_refused_without_a_session() {
    drive(&consenting(), &["prompts"]);
}

#[test]
fn openid_client_receives_a_form_post_response() {
    drive(&consenting(), &["form-post"]);
}

#[test]
fn openid_client_gets_tokens_for_a_resource_and_invalid_target_for_others() {
    let s = start_with(|settings| settings.clients[0].resources = vec![API.into()]);
    drive(&s, &["resource", API]);
}

#[test]
fn openid_client_runs_the_device_grant() {
    drive(&consenting(), &["device"]);
}

#[test]
fn openid_client_sees_a_wrong_secret_a_replayed_code_and_a_wrong_verifier_refused() {
    drive(&consenting(), &["refusals"]);
}

#[test]
fn oauth4webapi_pushes_authorization_requests_for_each_client_kind() {
    let s = consenting();
    for kind in ["basic", "none"] {
        drive(&s, &["par", kind]);
    }
}

#[test]
fn oauth4webapi_binds_tokens_with_dpop_with_and_without_server_nonces() {
    let s = consenting();
    for kind in ["basic", "none"] {
        drive(&s, &["dpop", kind, "no-nonces"]);
    }
    let s = start_with(|settings| {
        for client in &mut settings.clients {
            client.require_dpop = true;
            client.require_dpop_nonce = true;
        }
    });
    for kind in ["basic", "none"] {
        drive(&s, &["dpop", kind, "nonces"]);
    }
}

#[test]
fn oauth4webapi_signs_request_objects_and_validates_jarm_responses() {
    let mut key = oauthctl::keys::generate::generate(oauthctl::keys::generate::KeySpec::Ec(
        oauthctl::keys::Curve::P256,
    ))
    .unwrap();
    key.kid = Some(key.kid_or_thumbprint());
    let public = key.public();
    let s = start_with(move |settings| {
        settings.clients[0].jwks = vec![public];
        settings.clients[0].require_signed_request_object = true;
    });
    let jwk = serde_json::Value::Object(oauthctl::keys::jwk::to_jwk(&key, true)).to_string();
    for (mode, how) in [
        ("query.jwt", "by-value"),
        ("fragment.jwt", "by-value"),
        ("form_post.jwt", "pushed"),
        ("jwt", "pushed"),
    ] {
        drive_with(&s, &["jar", mode, how], &[("OAUTHCTL_CLIENT_JWK", &jwk)]);
    }
}

#[test]
fn oauth4webapi_authenticates_with_client_secret_jwt_and_private_key_jwt() {
    let hmac_secret = "an-hmac-secret-of-thirty-two-by!";
    let mut key = oauthctl::keys::generate::generate(oauthctl::keys::generate::KeySpec::Ec(
        oauthctl::keys::Curve::P256,
    ))
    .unwrap();
    key.kid = Some(key.kid_or_thumbprint());
    let public = key.public();
    let s = start_with(move |settings| {
        let mut signer = settings.clients[0].clone();
        signer.id = "signer".into();
        signer.secret = None;
        signer.auth_method = oauthctl::protocol::ClientAuthMethod::PrivateKeyJwt;
        signer.jwks = vec![public];
        let mut hmac = signer.clone();
        settings.clients.push(signer);
        hmac.id = "hmac".into();
        hmac.auth_method = oauthctl::protocol::ClientAuthMethod::ClientSecretJwt;
        hmac.secret = Some(oauthctl::secret::Secret::new(hmac_secret.into()));
        hmac.jwks = Vec::new();
        settings.clients.push(hmac);
    });
    let jwk = serde_json::Value::Object(oauthctl::keys::jwk::to_jwk(&key, true)).to_string();
    drive_with(
        &s,
        &["assertion", "hmac"],
        &[("OAUTHCTL_HMAC_SECRET", hmac_secret)],
    );
    drive_with(&s, &["assertion", "key"], &[("OAUTHCTL_CLIENT_JWK", &jwk)]);
}
