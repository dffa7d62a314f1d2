//! The authorization endpoint: redirect URI matching, state, iss, PKCE.

use super::*;

/// Where an answer to a request with `redirect_uri` went: `Some(location)` if the server
/// redirected the browser straight there.
fn redirected_to(
    a: &mut Auditor,
    client: &ClientAuth,
    redirect_uri: &str,
) -> Result<Option<String>> {
    let verifier = format!(
        "{}{}",
        crate::jwt::token::random_jti()?,
        crate::jwt::token::random_jti()?
    );
    let url = a
        .authorize_url(
            client,
            "audit-state",
            &verifier,
            &[("redirect_uri", redirect_uri)],
        )
        .map_err(|e| crate::error::Error::protocol("no_endpoint", e))?;
    let response = a.get(&url, &[])?;
    let location = response.header("location").unwrap_or_default().to_string();
    let host_of = |u: &str| Url::parse(u).map(|p| (p.scheme.to_string(), p.authority.to_string()));
    Ok(((300..400).contains(&response.status)
        && (location.starts_with(redirect_uri) || host_of(&location) == host_of(redirect_uri)))
    .then_some(location))
}

pub fn authorize_redirect_exact(a: &mut Auditor) -> Result<Outcome> {
    let base = a.redirect_uri.clone();
    let Some(parsed) = Url::parse(&base) else {
        return Ok(Outcome::skip("the redirect URI does not parse"));
    };
    let (scheme, authority, rest) = (parsed.scheme, parsed.authority, parsed.rest);
    let other_scheme = if scheme == "https" { "http" } else { "https" };
    let mut variants = vec![
        ("an extra path segment", format!("{base}/extra")),
        ("an extra query", format!("{base}?extra=1")),
        (
            "another scheme",
            format!("{other_scheme}://{authority}{rest}"),
        ),
        (
            "a userinfo @ trick",
            format!("{scheme}://{authority}@attacker.example{rest}"),
        ),
        (
            "a longer host",
            format!("{scheme}://{}.attacker.example{rest}", parsed.host),
        ),
    ];
    // Any port is allowed for loopback redirect URIs only (RFC 8252 section 7.3).
    if !parsed.is_loopback() {
        let port = if parsed.port == Some("8443") {
            "9443"
        } else {
            "8443"
        };
        let other = format!("{scheme}://{}:{port}{rest}", parsed.host);
        variants.push(("another port", other));
    }
    let client = a.client.clone();
    let mut followed = Vec::new();
    for (what, variant) in &variants {
        if redirected_to(a, &client, variant)?.is_some() {
            followed.push(*what);
        }
    }
    Ok(Outcome::when(
        followed.is_empty(),
        format!(
            "none of {} variants of the redirect URI was redirected to",
            variants.len()
        ),
        format!("redirected to variants with {}", followed.join(", ")),
    ))
}

pub fn authorize_no_open_redirect(a: &mut Auditor) -> Result<Outcome> {
    let client = a.client.clone();
    let target = "https://attacker.example/callback";
    Ok(match redirected_to(a, &client, target)? {
        Some(_) => Outcome::fail("an unregistered redirect URI was redirected to"),
        None => Outcome::pass("an unregistered redirect URI got no redirect"),
    })
}

pub fn authorize_state_returned(a: &mut Auditor) -> Result<Outcome> {
    let code = a.code_for(None)?;
    let returned = code.answer.get("state");
    Ok(Outcome::when(
        returned == Some(code.state.as_str()),
        "state came back unchanged",
        format!("state came back as {returned:?}"),
    ))
}

pub fn authorize_iss_returned(a: &mut Auditor) -> Result<Outcome> {
    let advertised = a
        .metadata
        .get("authorization_response_iss_parameter_supported")
        == Some(&Value::Bool(true));
    let code = a.code_for(None)?;
    let iss = code.answer.get("iss").map(str::to_owned);
    Ok(match (advertised, iss) {
        (_, Some(iss)) if iss == a.issuer => Outcome::pass("iss = issuer in the response"),
        (_, Some(iss)) => Outcome::fail(format!("iss `{iss}` is not the issuer")),
        (true, None) => Outcome::fail("advertised, but the response has no iss"),
        (false, None) => Outcome::skip("not advertised, and not sent"),
    })
}

/// Sign in for an authorization request of `client` with `overrides`, and return the answer.
fn probe(a: &mut Auditor, client: &ClientAuth, overrides: &[(&str, &str)]) -> Result<Answer> {
    let url = a
        .authorize_url(client, "audit-state", &"v".repeat(43), overrides)
        .map_err(|e| crate::error::Error::protocol("no_endpoint", e))?;
    let redirect = a.redirect_uri.clone();
    a.authorize(&url, &redirect)
}

/// Pass when the answer carries no `member` (the request was refused), else fail.
fn refused(answer: &Answer, member: &str, fail: &str) -> Outcome {
    Outcome::when(
        answer.get(member).is_none(),
        format!("refused ({})", answer.get("error").unwrap_or("no answer")),
        fail,
    )
}

const NO_PKCE: [(&str, &str); 2] = [("code_challenge", ""), ("code_challenge_method", "")];

pub fn authorize_public_client_pkce(a: &mut Auditor) -> Result<Outcome> {
    let public = need!(
        a.extras.public.clone().ok_or("give --public-client-id"),
        "needs a public client"
    );
    let answer = probe(a, &public, &NO_PKCE)?;
    Ok(refused(
        &answer,
        "code",
        "a public client got a code without PKCE",
    ))
}

pub fn authorize_pkce_plain_refused(a: &mut Auditor) -> Result<Outcome> {
    let client = a.client.clone();
    let plain = "v".repeat(43);
    let overrides = [
        ("code_challenge", plain.as_str()),
        ("code_challenge_method", "plain"),
    ];
    let answer = probe(a, &client, &overrides)?;
    Ok(refused(&answer, "code", "a plain challenge was accepted"))
}

pub fn authorize_pkce_required_confidential(a: &mut Auditor) -> Result<Outcome> {
    let client = a.client.clone();
    let answer = probe(a, &client, &NO_PKCE)?;
    Ok(refused(
        &answer,
        "code",
        "the client got a code without PKCE",
    ))
}

pub fn authorize_implicit_refused(a: &mut Auditor) -> Result<Outcome> {
    let client = a.client.clone();
    let overrides = [("response_type", "token"), NO_PKCE[0], NO_PKCE[1]];
    let answer = probe(a, &client, &overrides)?;
    Ok(match answer.get("access_token") {
        None => refused(&answer, "access_token", ""),
        Some(_) => Outcome::warn(
            "response_type=token returned an access token: this client may use the implicit grant",
        ),
    })
}

pub fn par_request_uri_once(a: &mut Auditor) -> Result<Outcome> {
    let endpoint = need!(
        a.endpoint("pushed_authorization_request_endpoint"),
        "no PAR endpoint"
    );
    let authorize = need!(
        a.endpoint("authorization_endpoint"),
        "no authorization endpoint"
    );
    let client = a.client.clone();
    let mut form = a.authorize_params(&client, "audit-state", &"v".repeat(43), &[]);
    // The authentication methods other than Basic add client_id themselves.
    if client.method != ClientAuthMethod::ClientSecretBasic {
        form.retain(|(n, _)| n != "client_id");
    }
    let pushed = a.post(&endpoint, Some(&client), form, &[])?;
    let request_uri = json::parse_object(&pushed.body)
        .ok()
        .and_then(|b| text(&b, "request_uri"));
    let Some(request_uri) = request_uri.filter(|_| pushed.status == 201) else {
        return Ok(Outcome::skip(format!(
            "the push was not accepted (HTTP {})",
            pushed.status
        )));
    };
    let sep = if authorize.contains('?') { '&' } else { '?' };
    let query = serde_urlencoded::to_string([
        ("client_id", client.id.as_str()),
        ("request_uri", request_uri.as_str()),
    ])
    .unwrap_or_default();
    let url = format!("{authorize}{sep}{query}");
    let redirect = a.redirect_uri.clone();
    let first = a.authorize(&url, &redirect)?;
    if first.get("code").is_none() {
        return Ok(Outcome::skip("the pushed request did not give a code"));
    }
    // The signed-in browser again: a server that took the request_uri twice redirects
    // with a second code; one that refuses shows an error page, where the login stops.
    let reused = match a.authorize(&url, &redirect) {
        Ok(again) => again.get("code").is_some(),
        Err(e) if e.reason == "login_stuck" => false,
        Err(e) => return Err(e),
    };
    Ok(Outcome::when(
        !reused,
        "a second use of the request_uri was refused",
        "the same request_uri gave a second code",
    ))
}

/// An unsigned (`alg: none`) request object carrying an otherwise valid request.
fn unsigned_request_object(a: &Auditor, params: &[(String, String)]) -> Result<String> {
    let now = crate::jwt::time::now()?;
    let mut claims = serde_json::Map::new();
    for (name, value) in params {
        claims.insert(name.clone(), value.clone().into());
    }
    claims.insert("iss".into(), a.client.id.clone().into());
    claims.insert("aud".into(), a.meta("issuer").unwrap_or_default().into());
    claims.insert("exp".into(), (now + 60).into());
    let header = serde_json::json!({"alg": "none", "typ": "oauth-authz-req+jwt"});
    Ok(format!(
        "{}.{}.",
        crate::b64::encode(header.to_string()),
        crate::b64::encode(Value::Object(claims).to_string())
    ))
}

pub fn authorize_unsigned_request_object(a: &mut Auditor) -> Result<Outcome> {
    if a.meta_flag("request_parameter_supported") != Some(true) {
        return Ok(Outcome::skip("the metadata does not offer request objects"));
    }
    let authorize = need!(
        a.endpoint("authorization_endpoint"),
        "no authorization endpoint"
    );
    let client = a.client.clone();
    let params = a.authorize_params(&client, "audit-state", &"v".repeat(43), &[]);
    let object = unsigned_request_object(a, &params)?;
    // client_id outside (RFC 9101 section 5), response_type and scope too (OpenID Connect).
    let mut outside: Vec<(String, String)> = params
        .iter()
        .filter(|(n, _)| matches!(n.as_str(), "client_id" | "response_type" | "scope"))
        .cloned()
        .collect();
    outside.push(("request".into(), object));
    let sep = if authorize.contains('?') { '&' } else { '?' };
    let url = format!(
        "{authorize}{sep}{}",
        serde_urlencoded::to_string(&outside).unwrap_or_default()
    );
    let redirect = a.redirect_uri.clone();
    let used = match a.authorize(&url, &redirect) {
        Ok(answer) => answer.get("code").is_some(),
        // An error page, where a headless sign-in stops: refused.
        Err(e) if e.reason == "login_stuck" => false,
        Err(e) => return Err(e),
    };
    let required = a.meta_flag("require_signed_request_object") == Some(true);
    Ok(Outcome::when(
        !used,
        "an unsigned request object was refused",
        if required {
            "a code was issued for an unsigned request object, though the server requires signed ones"
        } else {
            "a code was issued for an unsigned (alg none) request object: anyone can forge one"
        },
    ))
}
