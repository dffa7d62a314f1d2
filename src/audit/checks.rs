//! The checks. Each returns its verdict with a sentence saying what it saw; an `Err` is a
//! check that could not run (its verdict is `error`). A check that needs something the
//! operator did not give (a second client, a public client) is skipped with the reason.

use serde_json::Value;

use super::{Auditor, Outcome};
use crate::error::Result;
use crate::json;
use crate::keys::load::{self, Format};
use crate::oauth::client::ClientAuth;
use crate::protocol::url::Url;
use crate::protocol::ClientAuthMethod;

/// Skip with `why` unless `needs` holds.
macro_rules! need {
    ($needs:expr, $why:expr) => {
        match $needs {
            Ok(value) => value,
            Err(why) => return Ok(Outcome::skip(format!("{}: {why}", $why))),
        }
    };
}

pub fn metadata_issuer_exact(a: &mut Auditor) -> Result<Outcome> {
    let found = a.meta("issuer").unwrap_or("(none)").to_string();
    Ok(Outcome::when(
        found == a.issuer,
        format!("{} names issuer {found}", a.metadata_url),
        format!(
            "{} names issuer `{found}`, not `{}`: clients must refuse this metadata",
            a.metadata_url, a.issuer
        ),
    ))
}

pub fn metadata_https_endpoints(a: &mut Auditor) -> Result<Outcome> {
    let insecure: Vec<String> = a
        .metadata
        .iter()
        .filter(|(name, _)| name.ends_with("_endpoint") || name.as_str() == "jwks_uri")
        .filter_map(|(name, value)| {
            let url = value.as_str()?;
            let ok = Url::parse(url)
                .is_some_and(|u| u.scheme == "https" || (u.scheme == "http" && u.is_loopback()));
            (!ok).then(|| format!("{name} {url}"))
        })
        .collect();
    Ok(Outcome::when(
        insecure.is_empty(),
        "every endpoint is https or loopback",
        format!("not https: {}", insecure.join(", ")),
    ))
}

pub fn metadata_pkce_s256(a: &mut Auditor) -> Result<Outcome> {
    let methods = a.meta_list("code_challenge_methods_supported");
    if !methods.iter().any(|m| m == "S256") {
        return Ok(Outcome::fail(format!(
            "code_challenge_methods_supported is {methods:?}: no S256"
        )));
    }
    if methods.iter().any(|m| m == "plain") {
        return Ok(Outcome::warn("S256 is offered, and plain too"));
    }
    Ok(Outcome::pass("S256 only"))
}

pub fn metadata_legacy_grants(a: &mut Auditor) -> Result<Outcome> {
    let mut legacy = Vec::new();
    if a.meta_list("grant_types_supported")
        .iter()
        .any(|g| g == "password" || g == "implicit")
    {
        legacy.push("grant_types_supported lists password or implicit");
    }
    if a.meta_list("response_types_supported")
        .iter()
        .any(|t| t.split(' ').any(|p| p == "token"))
    {
        legacy.push("response_types_supported includes token (implicit)");
    }
    Ok(if legacy.is_empty() {
        Outcome::pass("no legacy grant advertised")
    } else {
        Outcome::warn(legacy.join("; "))
    })
}

pub fn metadata_no_alg_none(a: &mut Auditor) -> Result<Outcome> {
    let algs = a.meta_list("id_token_signing_alg_values_supported");
    Ok(Outcome::when(
        !algs.iter().any(|alg| alg.eq_ignore_ascii_case("none")),
        format!("ID tokens signed with {}", algs.join(", ")),
        "none is among id_token_signing_alg_values_supported",
    ))
}

/// The JWKS document and its keys as raw JSON objects, or why there is none.
type Jwks = std::result::Result<(Vec<u8>, Vec<Value>), String>;

fn jwks(a: &mut Auditor) -> Result<Jwks> {
    let Ok(url) = a.endpoint("jwks_uri") else {
        return Ok(Err("the metadata has no jwks_uri".into()));
    };
    let response = a.get(&url, &[])?;
    if response.status != 200 {
        return Ok(Err(format!("jwks_uri answered HTTP {}", response.status)));
    }
    let keys = json::parse_object(&response.body)
        .ok()
        .and_then(|doc| doc.get("keys").and_then(Value::as_array).cloned());
    Ok(match keys {
        Some(keys) => Ok((response.body, keys)),
        None => Err("jwks_uri is not a JSON object with a keys array".into()),
    })
}

pub fn keys_parse(a: &mut Auditor) -> Result<Outcome> {
    let (body, raw) = need!(jwks(a)?, "no JWKS");
    let loaded = load::parse(&body, &load::no_passphrase);
    Ok(match loaded {
        Ok(loaded) if loaded.format == Format::Jwks && loaded.skipped.is_empty() => {
            Outcome::pass(format!("{} key(s), all usable", loaded.keys.len()))
        }
        Ok(loaded) => Outcome::fail(format!(
            "{} of {} key(s) unusable: {}",
            loaded.skipped.len(),
            raw.len(),
            loaded
                .skipped
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        )),
        Err(e) => Outcome::fail(format!("the JWKS does not load: {}", e.message)),
    })
}

pub fn keys_no_private_members(a: &mut Auditor) -> Result<Outcome> {
    let (_, raw) = need!(jwks(a)?, "no JWKS");
    const PRIVATE: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "k"];
    let exposed: Vec<String> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, key)| {
            let members: Vec<&str> = PRIVATE
                .iter()
                .copied()
                .filter(|m| key.get(*m).is_some())
                .collect();
            (!members.is_empty()).then(|| format!("key {i}: {}", members.join(", ")))
        })
        .collect();
    Ok(Outcome::when(
        exposed.is_empty(),
        format!("{} public key(s)", raw.len()),
        format!("private members published: {}", exposed.join("; ")),
    ))
}

pub fn keys_unique_kid(a: &mut Auditor) -> Result<Outcome> {
    let (_, raw) = need!(jwks(a)?, "no JWKS");
    let kids: Vec<&str> = raw
        .iter()
        .filter_map(|k| k.get("kid").and_then(Value::as_str))
        .collect();
    let mut repeated: Vec<&str> = kids
        .iter()
        .copied()
        .filter(|kid| kids.iter().filter(|k| *k == kid).count() > 1)
        .collect();
    repeated.dedup();
    Ok(if !repeated.is_empty() {
        Outcome::fail(format!("kid used twice: {}", repeated.join(", ")))
    } else if kids.len() < raw.len() && raw.len() > 1 {
        Outcome::warn("several keys and some without a kid: verifiers cannot pick")
    } else {
        Outcome::pass(format!("{} distinct kid(s)", kids.len()))
    })
}

pub fn keys_rsa_2048(a: &mut Auditor) -> Result<Outcome> {
    let (_, raw) = need!(jwks(a)?, "no JWKS");
    let mut small = Vec::new();
    let mut rsa = 0;
    for (i, key) in raw.iter().enumerate() {
        if key.get("kty").and_then(Value::as_str) != Some("RSA") {
            continue;
        }
        rsa += 1;
        let bits = key
            .get("n")
            .and_then(Value::as_str)
            .and_then(|n| crate::b64::decode(n).ok())
            .map(|n| {
                let leading = n.iter().take_while(|b| **b == 0).count();
                let n = &n[leading..];
                n.first()
                    .map_or(0, |b| (n.len() - 1) * 8 + (8 - b.leading_zeros() as usize))
            })
            .unwrap_or(0);
        if bits < 2048 {
            small.push(format!("key {i}: {bits} bits"));
        }
    }
    Ok(Outcome::when(
        small.is_empty(),
        format!("{rsa} RSA key(s), none under 2048 bits"),
        small.join(", "),
    ))
}

pub fn keys_use_alg_consistent(a: &mut Auditor) -> Result<Outcome> {
    let (_, raw) = need!(jwks(a)?, "no JWKS");
    let mut wrong = Vec::new();
    for (i, key) in raw.iter().enumerate() {
        let text = |m: &str| key.get(m).and_then(Value::as_str);
        if let Some(usage) = text("use") {
            if usage != "sig" && usage != "enc" {
                wrong.push(format!("key {i}: use `{usage}`"));
            }
        }
        let Some(alg) = text("alg") else { continue };
        let fits = match (text("kty"), text("crv")) {
            (Some("RSA"), _) => {
                alg.starts_with("RS") || alg.starts_with("PS") || alg.starts_with("RSA")
            }
            (Some("EC"), Some("P-256")) => alg == "ES256" || alg.starts_with("ECDH"),
            (Some("EC"), Some("P-384")) => alg == "ES384" || alg.starts_with("ECDH"),
            (Some("EC"), Some("P-521")) => alg == "ES512" || alg.starts_with("ECDH"),
            (Some("OKP"), _) => alg == "EdDSA" || alg == "Ed25519" || alg.starts_with("ECDH"),
            _ => false,
        };
        if !fits {
            wrong.push(format!("key {i}: alg {alg} does not fit its type"));
        }
    }
    Ok(Outcome::when(
        wrong.is_empty(),
        "use and alg agree with the key types",
        wrong.join("; "),
    ))
}

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
    let variants = [
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
    let client = a.client.clone();
    let mut followed = Vec::new();
    for (what, variant) in &variants {
        if redirected_to(a, &client, variant)?.is_some() {
            followed.push(*what);
        }
    }
    Ok(Outcome::when(
        followed.is_empty(),
        format!("{} variants of the redirect URI refused", variants.len()),
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

pub fn authorize_public_client_pkce(a: &mut Auditor) -> Result<Outcome> {
    let public = need!(
        a.extras.public.clone().ok_or("give --public-client-id"),
        "needs a public client"
    );
    let url = a
        .authorize_url(
            &public,
            "audit-state",
            &"v".repeat(43),
            &[("code_challenge", ""), ("code_challenge_method", "")],
        )
        .map_err(|e| crate::error::Error::protocol("no_endpoint", e))?;
    let redirect = a.redirect_uri.clone();
    let answer = a.authorize(&url, &redirect)?;
    Ok(Outcome::when(
        answer.get("code").is_none(),
        format!("refused ({})", answer.get("error").unwrap_or("no code")),
        "a public client got a code without PKCE",
    ))
}

pub fn authorize_pkce_plain_refused(a: &mut Auditor) -> Result<Outcome> {
    let verifier = "v".repeat(43);
    let client = a.client.clone();
    let url = a
        .authorize_url(
            &client,
            "audit-state",
            &verifier,
            &[
                ("code_challenge", &verifier),
                ("code_challenge_method", "plain"),
            ],
        )
        .map_err(|e| crate::error::Error::protocol("no_endpoint", e))?;
    let redirect = a.redirect_uri.clone();
    let answer = a.authorize(&url, &redirect)?;
    Ok(match answer.get("code") {
        None => Outcome::pass(format!(
            "refused ({})",
            answer.get("error").unwrap_or("no code")
        )),
        Some(_) => Outcome::fail("a plain challenge was accepted"),
    })
}

fn error_code(body: &[u8]) -> String {
    json::parse_object(body)
        .ok()
        .and_then(|b| b.get("error").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| "no error code".into())
}

pub fn token_code_single_use(a: &mut Auditor) -> Result<Outcome> {
    let code = a.code_for(None)?;
    let client = a.client.clone();
    let first = a.redeem(
        &client,
        &code.code,
        Some(&code.verifier),
        &code.redirect_uri,
    )?;
    if first.status != 200 {
        return Ok(Outcome::skip(format!(
            "the first redemption failed (HTTP {})",
            first.status
        )));
    }
    let second = a.redeem(
        &client,
        &code.code,
        Some(&code.verifier),
        &code.redirect_uri,
    )?;
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
    let client = a.client.clone();
    let first = a.redeem(
        &client,
        &code.code,
        Some(&code.verifier),
        &code.redirect_uri,
    )?;
    let tokens = json::parse_object(&first.body).unwrap_or_default();
    let Some(access) = tokens
        .get("access_token")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Ok(Outcome::skip("the first redemption gave no access token"));
    };
    let second = a.redeem(
        &client,
        &code.code,
        Some(&code.verifier),
        &code.redirect_uri,
    )?;
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
    let client = a.client.clone();
    let r = a.redeem(
        &client,
        &code.code,
        Some(&code.verifier),
        &code.redirect_uri,
    )?;
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
    let Some(refresh) = tokens
        .get("refresh_token")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
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
            .and_then(|b| b.get("scope").and_then(Value::as_str).map(str::to_owned))
            .is_some_and(|s| s.split(' ').any(|x| x == "oauthctl-audit-extra-scope"));
    Ok(if widened {
        Outcome::fail("the refresh granted a scope beyond the original grant")
    } else if r.status == 200 {
        Outcome::warn("the wider request was answered with tokens (the extra scope left out)")
    } else {
        Outcome::pass(format!("refused ({})", error_code(&r.body)))
    })
}

pub fn revocation_access_token(a: &mut Auditor) -> Result<Outcome> {
    let revoke = need!(a.endpoint("revocation_endpoint"), "no revocation endpoint");
    let tokens = a.tokens()?;
    let Some(access) = tokens
        .get("access_token")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
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
    let r = a.get(&url, &[])?;
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
