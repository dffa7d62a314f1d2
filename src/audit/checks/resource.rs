//! Revocation, introspection, userinfo and the login pages.

use super::*;

pub fn revocation_access_token(a: &mut Auditor) -> Result<Outcome> {
    let revoke = need!(a.endpoint("revocation_endpoint"), "no revocation endpoint");
    let tokens = a.tokens()?;
    let Some(access) = text(&tokens, "access_token") else {
        return Ok(Outcome::skip("no access token"));
    };
    let client = a.client.clone();
    let form = vec![
        ("token".into(), access.clone()),
        ("token_type_hint".into(), "access_token".into()),
    ];
    a.post(&revoke, Some(&client), form, &[])?;
    let active = a.active(&access)?;
    let userinfo = a.userinfo_status(&access)?;
    let mut problems = Vec::new();
    if active == Some(true) {
        problems.push("introspection still says active".to_string());
    }
    if userinfo == Some(200) {
        problems.push("userinfo still accepts it".to_string());
    }
    Ok(Outcome::when(
        problems.is_empty(),
        "inactive at introspection, refused at userinfo",
        problems.join("; "),
    ))
}

pub fn introspection_requires_auth(a: &mut Auditor) -> Result<Outcome> {
    let url = need!(
        a.endpoint("introspection_endpoint"),
        "no introspection endpoint"
    );
    let r = a.post(
        &url,
        None,
        vec![("token".into(), "oauthctl-audit-probe".into())],
        &[],
    )?;
    Ok(Outcome::when(
        r.status == 401 || r.status == 400 || r.status == 403,
        format!("refused without authentication (HTTP {})", r.status),
        format!("answered HTTP {} without client authentication", r.status),
    ))
}

pub fn pages_no_framing(a: &mut Auditor) -> Result<Outcome> {
    let client = a.client.clone();
    let verifier = "v".repeat(43);
    let url = need!(
        a.authorize_url(&client, "audit-state", &verifier, &[]),
        "no endpoint"
    );
    let r = a.get_page(&url)?;
    if r.status != 200 {
        return Ok(Outcome::skip(format!(
            "no page to look at (HTTP {}; a session may have answered at once)",
            r.status
        )));
    }
    let xfo = r
        .header("x-frame-options")
        .unwrap_or_default()
        .to_ascii_uppercase();
    let csp = r
        .header("content-security-policy")
        .unwrap_or_default()
        .to_string();
    Ok(Outcome::when(
        xfo == "DENY" || xfo == "SAMEORIGIN" || csp.contains("frame-ancestors"),
        "the login page forbids framing",
        "the login page has neither X-Frame-Options nor CSP frame-ancestors",
    ))
}

pub fn revocation_refresh_family(a: &mut Auditor) -> Result<Outcome> {
    let revoke = need!(a.endpoint("revocation_endpoint"), "no revocation endpoint");
    let tokens = a.tokens()?;
    let (Some(access), Some(refresh)) = (
        text(&tokens, "access_token"),
        text(&tokens, "refresh_token"),
    ) else {
        return Ok(Outcome::skip("no refresh token was issued"));
    };
    let client = a.client.clone();
    let form = vec![
        ("token".into(), refresh),
        ("token_type_hint".into(), "refresh_token".into()),
    ];
    a.post(&revoke, Some(&client), form, &[])?;
    Ok(match a.active(&access)? {
        None => Outcome::skip("no introspection endpoint to ask"),
        Some(false) => Outcome::pass("the grant's access token was revoked with its refresh token"),
        Some(true) => Outcome::warn(
            "the access token of the same grant still works after its refresh token was revoked",
        ),
    })
}

pub fn introspection_inactive_minimal(a: &mut Auditor) -> Result<Outcome> {
    let url = need!(
        a.endpoint("introspection_endpoint"),
        "no introspection endpoint"
    );
    let client = a.client.clone();
    let form = vec![("token".into(), "oauthctl-audit-unknown-token".into())];
    let r = a.post(&url, Some(&client), form, &[])?;
    let body = json::parse_object(&r.body).ok();
    Ok(match body {
        Some(b) if b.len() == 1 && b.get("active") == Some(&Value::Bool(false)) => {
            Outcome::pass("exactly {\"active\":false}")
        }
        Some(b) if b.get("active") == Some(&Value::Bool(false)) => Outcome::warn(format!(
            "inactive, but with more members: {}",
            b.keys().cloned().collect::<Vec<_>>().join(", ")
        )),
        _ => Outcome::fail(format!(
            "an unknown token did not introspect as inactive (HTTP {})",
            r.status
        )),
    })
}

/// The server's JWKS as a verifier.
fn server_keys(a: &mut Auditor) -> Result<std::result::Result<KeyRing, String>> {
    let Ok(url) = a.endpoint("jwks_uri") else {
        return Ok(Err("the metadata has no jwks_uri".into()));
    };
    let response = a.get(&url, &[])?;
    let keys = match load::parse(&response.body, &load::no_passphrase) {
        Ok(loaded) => loaded.keys,
        Err(e) => return Ok(Err(format!("the JWKS does not load: {}", e.message))),
    };
    Ok(KeyRing::new(keys, false, &[]).map_err(|e| e.message))
}

pub fn id_token_valid(a: &mut Auditor) -> Result<Outcome> {
    let (tokens, nonce) = a.tokens_with_nonce()?;
    let Some(id_token) = tokens.get("id_token").and_then(Value::as_str) else {
        return Ok(Outcome::skip("no ID token (is openid in --scope?)"));
    };
    let ring = need!(server_keys(a)?, "no server keys");
    let policy = Policy {
        now: crate::jwt::time::now()?,
        leeway: 60,
        issuer: Some(a.issuer.clone()),
        audiences: vec![a.client.id.clone()],
        required: vec!["iat".into(), "sub".into()],
        expected: vec![("nonce".into(), Value::String(nonce))],
        ..Policy::default()
    };
    let verified = match ring.verify(id_token, &policy) {
        Ok(verified) => verified,
        Err(e) => return Ok(Outcome::fail(format!("ID token: {}", e.message))),
    };
    let access = tokens.get("access_token").and_then(Value::as_str);
    let at_hash = verified.claims.get("at_hash").and_then(Value::as_str);
    Ok(match (at_hash, access) {
        (Some(found), Some(access)) if found != hash::left_half_hash(verified.alg, access) => {
            Outcome::fail("at_hash does not match the access token")
        }
        (Some(_), Some(_)) => {
            Outcome::pass("signature, iss, aud, exp, iat, nonce and at_hash check out")
        }
        _ => Outcome::pass("signature, iss, aud, exp, iat and nonce check out (no at_hash)"),
    })
}

pub fn userinfo_rejects_id_token(a: &mut Auditor) -> Result<Outcome> {
    let tokens = a.tokens()?;
    let Some(id_token) = text(&tokens, "id_token") else {
        return Ok(Outcome::skip("no ID token (is openid in --scope?)"));
    };
    Ok(match a.userinfo_status(&id_token)? {
        None => Outcome::skip("no userinfo endpoint"),
        Some(200) => Outcome::fail("userinfo accepted an ID token as a bearer token"),
        Some(status) => Outcome::pass(format!("refused (HTTP {status})")),
    })
}

pub fn userinfo_sub_matches(a: &mut Auditor) -> Result<Outcome> {
    let tokens = a.tokens()?;
    let (Some(id_token), Some(access)) = (text(&tokens, "id_token"), text(&tokens, "access_token"))
    else {
        return Ok(Outcome::skip("no ID token (is openid in --scope?)"));
    };
    let url = need!(a.endpoint("userinfo_endpoint"), "no userinfo endpoint");
    let header = format!("Bearer {access}");
    let r = a.get(&url, &[("Authorization", &header)])?;
    let info_sub = json::parse_object(&r.body)
        .ok()
        .and_then(|b| text(&b, "sub"));
    let id_sub = crate::jwt::jws::parse(&id_token)
        .ok()
        .and_then(|p| crate::jwt::token::parse_claims(&p.payload).ok())
        .and_then(|c| text(&c, "sub"));
    Ok(match (info_sub, id_sub) {
        (Some(a), Some(b)) if a == b => Outcome::pass("userinfo's sub is the ID token's"),
        (Some(_), Some(_)) => Outcome::fail("userinfo's sub differs from the ID token's"),
        _ => Outcome::fail(format!("no sub to compare (userinfo HTTP {})", r.status)),
    })
}

pub fn userinfo_token_in_query(a: &mut Auditor) -> Result<Outcome> {
    let url = need!(a.endpoint("userinfo_endpoint"), "no userinfo endpoint");
    let tokens = a.tokens()?;
    let Some(access) = text(&tokens, "access_token") else {
        return Ok(Outcome::skip("no access token"));
    };
    let sep = if url.contains('?') { '&' } else { '?' };
    let query =
        serde_urlencoded::to_string([("access_token", access.as_str())]).unwrap_or_default();
    let r = a.get(&format!("{url}{sep}{query}"), &[])?;
    Ok(if r.status == 200 {
        Outcome::warn("userinfo accepts the access token in the query string (it ends up in logs)")
    } else {
        Outcome::pass(format!(
            "a token in the query was refused (HTTP {})",
            r.status
        ))
    })
}
