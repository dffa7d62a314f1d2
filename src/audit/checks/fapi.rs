//! FAPI 2.0 (run with `audit --fapi2`, for a client held to the profile): the metadata
//! offers the server's side of the profile, and what the profile forbids is refused.

use super::*;

pub fn fapi2_metadata(a: &mut Auditor) -> Result<Outcome> {
    let missing = crate::oauth::flow::fapi2_server_shortfalls(&a.metadata);
    Ok(Outcome::when(
        missing.is_empty(),
        "PAR, PKCE S256, RFC 9207 iss, private_key_jwt, DPoP and the profile's algorithms are offered",
        missing.join("; "),
    ))
}

pub fn fapi2_query_request_refused(a: &mut Auditor) -> Result<Outcome> {
    let client = a.client.clone();
    let url = need!(
        a.authorize_url(&client, "audit-state", &"v".repeat(43), &[]),
        "no endpoint"
    );
    let redirect = a.redirect_uri.clone();
    let answer = match a.authorize(&url, &redirect) {
        Ok(answer) => answer,
        // An error page, where a headless sign-in stops: refused.
        Err(e) if e.reason == "login_stuck" => {
            return Ok(Outcome::pass("the request was refused on a page"))
        }
        Err(e) => return Err(e),
    };
    Ok(match (answer.get("code"), answer.get("error")) {
        (Some(_), _) => {
            Outcome::fail("a code was issued for an authorization request that was not pushed")
        }
        (None, Some(error)) => Outcome::pass(format!("refused with `{error}`")),
        (None, None) => Outcome::pass("no code was issued"),
    })
}

pub fn fapi2_bearer_token_refused(a: &mut Auditor) -> Result<Outcome> {
    let token = need!(a.endpoint("token_endpoint"), "no token endpoint");
    let client = a.client.clone();
    let form = vec![("grant_type".to_string(), "client_credentials".to_string())];
    let r = a.post(&token, Some(&client), form, &[])?;
    let body = json::parse_object(&r.body).unwrap_or_default();
    let error = text(&body, "error").unwrap_or_default();
    if error == "unauthorized_client" || error == "unsupported_grant_type" {
        return Ok(Outcome::skip(
            "the client may not use client_credentials, which this check asks with",
        ));
    }
    let token_type = text(&body, "token_type").unwrap_or_default();
    if r.status == 200 {
        return Ok(Outcome::when(
            !token_type.eq_ignore_ascii_case("bearer"),
            format!("the token is sender-constrained (token_type {token_type})"),
            "a plain bearer token was issued to the client without any sender constraint",
        ));
    }
    // Only a refusal for want of DPoP shows the rule; another error shows nothing.
    let description = text(&body, "error_description").unwrap_or_default();
    let about_dpop = matches!(error.as_str(), "invalid_dpop_proof" | "use_dpop_nonce")
        || description.contains("DPoP");
    Ok(if about_dpop {
        Outcome::pass(format!(
            "no bearer token without a DPoP proof (HTTP {}, {error})",
            r.status
        ))
    } else {
        Outcome::skip(format!(
            "the token request failed for another reason (HTTP {}, `{}`)",
            r.status,
            error.escape_default()
        ))
    })
}
