//! The token endpoint: codes, PKCE verifiers, client authentication, caching, refresh.

use super::*;

fn error_code(body: &[u8]) -> String {
    json::parse_object(body)
        .ok()
        .and_then(|b| text(&b, "error"))
        .unwrap_or_else(|| "no error code".into())
}

pub fn token_code_single_use(a: &mut Auditor) -> Result<Outcome> {
    let code = a.code_for(None)?;
    let first = a.redeem_code(&code)?;
    if first.status != 200 {
        return Ok(Outcome::skip(format!(
            "the first redemption failed (HTTP {})",
            first.status
        )));
    }
    let second = a.redeem_code(&code)?;
    Ok(Outcome::when(
        second.status != 200,
        format!(
            "the second redemption was refused ({})",
            error_code(&second.body)
        ),
        "the same code was redeemed twice",
    ))
}

pub fn token_code_replay_revokes(a: &mut Auditor) -> Result<Outcome> {
    let code = a.code_for(None)?;
    let first = a.redeem_code(&code)?;
    let tokens = json::parse_object(&first.body).unwrap_or_default();
    let Some(access) = text(&tokens, "access_token") else {
        return Ok(Outcome::skip("the first redemption gave no access token"));
    };
    let second = a.redeem_code(&code)?;
    if second.status == 200 {
        return Ok(Outcome::skip(
            "the replay was not refused (see token-code-single-use)",
        ));
    }
    Ok(match a.active(&access)? {
        None => Outcome::skip("no introspection endpoint to ask"),
        Some(false) => Outcome::pass("the first redemption's access token was revoked"),
        Some(true) => Outcome::warn("the first redemption's access token still works"),
    })
}

pub fn token_code_bound_redirect(a: &mut Auditor) -> Result<Outcome> {
    let code = a.code_for(None)?;
    let client = a.client.clone();
    let other = format!("{}/other", code.redirect_uri);
    let r = a.redeem(&client, &code.code, Some(&code.verifier), &other)?;
    Ok(Outcome::when(
        r.status != 200,
        format!("another redirect_uri was refused ({})", error_code(&r.body)),
        "the code was redeemed with another redirect_uri",
    ))
}

pub fn token_code_bound_client(a: &mut Auditor) -> Result<Outcome> {
    let second = need!(
        a.extras.second.clone().ok_or("give --second-client-id"),
        "needs a second client"
    );
    let code = a.code_for(None)?;
    let r = a.redeem(
        &second,
        &code.code,
        Some(&code.verifier),
        &code.redirect_uri,
    )?;
    Ok(Outcome::when(
        r.status != 200,
        format!("another client was refused ({})", error_code(&r.body)),
        "another client redeemed the code",
    ))
}

pub fn token_pkce_verified(a: &mut Auditor) -> Result<Outcome> {
    let client = a.client.clone();
    let code = a.code_for(None)?;
    let wrong = format!(
        "{}{}",
        crate::jwt::token::random_jti()?,
        crate::jwt::token::random_jti()?
    );
    let r = a.redeem(&client, &code.code, Some(&wrong), &code.redirect_uri)?;
    if r.status == 200 {
        return Ok(Outcome::fail("a wrong code_verifier was accepted"));
    }
    let code = a.code_for(None)?;
    let r = a.redeem(&client, &code.code, None, &code.redirect_uri)?;
    Ok(Outcome::when(
        r.status != 200,
        "wrong and missing verifiers refused",
        "a missing code_verifier was accepted",
    ))
}

pub fn token_no_store(a: &mut Auditor) -> Result<Outcome> {
    let code = a.code_for(None)?;
    let r = a.redeem_code(&code)?;
    if r.status != 200 {
        return Ok(Outcome::skip(format!(
            "no token response (HTTP {})",
            r.status
        )));
    }
    let cache = r
        .header("cache-control")
        .unwrap_or_default()
        .to_ascii_lowercase();
    Ok(Outcome::when(
        cache.split(',').any(|d| d.trim() == "no-store"),
        "Cache-Control: no-store",
        format!("Cache-Control is `{cache}`"),
    ))
}

pub fn token_client_authenticated(a: &mut Auditor) -> Result<Outcome> {
    if a.client.method == ClientAuthMethod::None || a.client.secret.is_none() {
        return Ok(Outcome::skip("the client is public or has no secret"));
    }
    let token = need!(a.endpoint("token_endpoint"), "no token endpoint");
    // No credentials at all: the client_id alone.
    let bare = ClientAuth {
        method: ClientAuthMethod::None,
        secret: None,
        key: None,
        id: a.client.id.clone(),
    };
    let form = vec![("grant_type".into(), "client_credentials".into())];
    let r = a.post(&token, Some(&bare), form, &[])?;
    if r.status == 200 {
        return Ok(Outcome::fail(
            "the confidential client got tokens with its client_id alone",
        ));
    }
    let mut wrong = a.client.clone();
    wrong.secret = Some(crate::secret::Secret::new(b"not-the-secret".to_vec()));
    let form = vec![("grant_type".into(), "client_credentials".into())];
    let r = a.post(&token, Some(&wrong), form, &[])?;
    let error = error_code(&r.body);
    Ok(Outcome::when(
        r.status == 401 || (r.status == 400 && error == "invalid_client"),
        format!("a wrong secret was refused (HTTP {}, {error})", r.status),
        format!("a wrong secret got HTTP {} ({error})", r.status),
    ))
}

pub fn refresh_no_scope_escalation(a: &mut Auditor) -> Result<Outcome> {
    let tokens = a.tokens()?;
    let Some(refresh) = text(&tokens, "refresh_token") else {
        return Ok(Outcome::skip("no refresh token was issued"));
    };
    let granted = tokens
        .get("scope")
        .and_then(Value::as_str)
        .unwrap_or(&a.extras.scope)
        .to_string();
    let wider = format!("{granted} oauthctl-audit-extra-scope");
    let token = need!(a.endpoint("token_endpoint"), "no token endpoint");
    let client = a.client.clone();
    let form = vec![
        ("grant_type".into(), "refresh_token".into()),
        ("refresh_token".into(), refresh),
        ("scope".into(), wider),
    ];
    let r = a.post(&token, Some(&client), form, &[])?;
    let widened = r.status == 200
        && json::parse_object(&r.body)
            .ok()
            .and_then(|b| text(&b, "scope"))
            .is_some_and(|s| s.split(' ').any(|x| x == "oauthctl-audit-extra-scope"));
    Ok(if widened {
        Outcome::fail("the refresh granted a scope beyond the original grant")
    } else if r.status == 200 {
        Outcome::warn("the wider request was answered with tokens (the extra scope left out)")
    } else {
        Outcome::pass(format!("refused ({})", error_code(&r.body)))
    })
}

pub fn token_errors_are_json(a: &mut Auditor) -> Result<Outcome> {
    let token = need!(a.endpoint("token_endpoint"), "no token endpoint");
    let client = a.client.clone();
    let form = vec![("grant_type".into(), "oauthctl-audit-unknown-grant".into())];
    let r = a.post(&token, Some(&client), form, &[])?;
    let body = json::parse_object(&r.body).ok();
    let error = body
        .as_ref()
        .and_then(|b| b.get("error").and_then(Value::as_str));
    Ok(match (r.status, error) {
        (400, Some("unsupported_grant_type")) => {
            Outcome::pass("HTTP 400 with error unsupported_grant_type")
        }
        (400 | 401, Some(other)) => Outcome::warn(format!(
            "an unknown grant got error `{other}`, not unsupported_grant_type"
        )),
        (status, _) => Outcome::fail(format!(
            "an unknown grant got HTTP {status} without an RFC 6749 5.2 JSON error"
        )),
    })
}

pub fn token_get_refused(a: &mut Auditor) -> Result<Outcome> {
    let token = need!(a.endpoint("token_endpoint"), "no token endpoint");
    let url = format!("{token}?grant_type=client_credentials");
    let r = a.get(&url, &[])?;
    Ok(Outcome::when(
        r.status != 200,
        format!("GET answered HTTP {}", r.status),
        "the token endpoint answered a GET with 200",
    ))
}

pub fn refresh_bound_client(a: &mut Auditor) -> Result<Outcome> {
    let second = need!(
        a.extras.second.clone().ok_or("give --second-client-id"),
        "needs a second client"
    );
    let tokens = a.tokens()?;
    let Some(refresh) = text(&tokens, "refresh_token") else {
        return Ok(Outcome::skip("no refresh token was issued"));
    };
    let token = need!(a.endpoint("token_endpoint"), "no token endpoint");
    let form = vec![
        ("grant_type".into(), "refresh_token".into()),
        ("refresh_token".into(), refresh),
    ];
    let r = a.post(&token, Some(&second), form, &[])?;
    Ok(Outcome::when(
        r.status != 200,
        format!("another client was refused ({})", error_code(&r.body)),
        "another client used the refresh token",
    ))
}

pub fn refresh_reuse_refused(a: &mut Auditor) -> Result<Outcome> {
    let tokens = a.tokens()?;
    let Some(first) = text(&tokens, "refresh_token") else {
        return Ok(Outcome::skip("no refresh token was issued"));
    };
    let token = need!(a.endpoint("token_endpoint"), "no token endpoint");
    let client = a.client.clone();
    let refresh = |rt: &str| {
        vec![
            ("grant_type".to_string(), "refresh_token".to_string()),
            ("refresh_token".to_string(), rt.to_string()),
        ]
    };
    let rotated = a.post(&token, Some(&client), refresh(&first), &[])?;
    let body = json::parse_object(&rotated.body).unwrap_or_default();
    let Some(second) = body
        .get("refresh_token")
        .and_then(Value::as_str)
        .filter(|rt| *rt != first)
        .map(str::to_owned)
    else {
        return Ok(Outcome::skip(
            "the server does not rotate refresh tokens (allowed for confidential clients)",
        ));
    };
    let reused = a.post(&token, Some(&client), refresh(&first), &[])?;
    if reused.status == 200 {
        return Ok(Outcome::fail(
            "a rotated-away refresh token was accepted again",
        ));
    }
    let family = a.post(&token, Some(&client), refresh(&second), &[])?;
    Ok(if family.status == 200 {
        Outcome::warn(
            "the reuse was refused, but the newer refresh token of the family still works",
        )
    } else {
        Outcome::pass("the reuse was refused and the family revoked")
    })
}
