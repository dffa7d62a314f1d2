//! `oauthctl discover|userinfo|introspect|revoke`: one endpoint call each, for tokens and
//! servers you already have.

use serde_json::{json, Map, Value};

use super::client;
use crate::cli::{DiscoverArgs, TokenToolArgs};
use crate::commands::token::read_token;
use crate::error::{Error, Result};
use crate::json;
use crate::oauth::discovery;
use crate::output::{escape_untrusted, Printer};
use crate::protocol::url::Url;

/// (level, message) findings about a metadata document.
fn findings(metadata: &Map<String, Value>, issuer: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let has = |name: &str| metadata.get(name).is_some();
    let list = |name: &str| -> Vec<String> {
        metadata
            .get(name)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    for name in ["token_endpoint", "jwks_uri", "response_types_supported"] {
        if !has(name) {
            out.push((
                "missing",
                format!("`{name}` is required (RFC 8414 section 2)"),
            ));
        }
    }
    if !has("authorization_endpoint")
        && list("grant_types_supported")
            .iter()
            .any(|g| g == "authorization_code")
    {
        out.push((
            "missing",
            "`authorization_endpoint` is required for the authorization_code grant".to_string(),
        ));
    }
    for name in [
        "scopes_supported",
        "grant_types_supported",
        "token_endpoint_auth_methods_supported",
        "code_challenge_methods_supported",
    ] {
        if !has(name) {
            out.push(("warning", format!("`{name}` is not published")));
        }
    }
    let pkce = list("code_challenge_methods_supported");
    if has("code_challenge_methods_supported") && !pkce.iter().any(|m| m == "S256") {
        out.push((
            "warning",
            "PKCE S256 is not advertised (RFC 7636, OAuth 2.1 requires it)".to_string(),
        ));
    }
    if pkce.iter().any(|m| m == "plain") {
        out.push((
            "warning",
            "PKCE `plain` is offered; only S256 protects the code".to_string(),
        ));
    }
    if list("id_token_signing_alg_values_supported")
        .iter()
        .any(|a| a.eq_ignore_ascii_case("none"))
    {
        out.push((
            "warning",
            "unsigned ID tokens (`none`) are offered".to_string(),
        ));
    }
    if list("response_types_supported")
        .iter()
        .any(|r| r.split(' ').any(|t| t == "token"))
    {
        out.push((
            "note",
            "the implicit flow (response type `token`) is offered; OAuth 2.1 removes it"
                .to_string(),
        ));
    }
    if list("grant_types_supported")
        .iter()
        .any(|g| g == "password")
    {
        out.push((
            "note",
            "the password grant is offered; OAuth 2.1 removes it".to_string(),
        ));
    }
    if metadata.get("authorization_response_iss_parameter_supported") != Some(&Value::Bool(true)) {
        out.push((
            "note",
            "RFC 9207 `iss` in authorization responses is not advertised (mix-up defence)"
                .to_string(),
        ));
    }
    let issuer_host = Url::parse(issuer).map_or("", |u| u.host_port());
    for (name, value) in metadata {
        let Some(url) = value
            .as_str()
            .filter(|_| name.ends_with("_endpoint") || name == "jwks_uri")
        else {
            continue;
        };
        let parsed = Url::parse(url);
        let host = parsed.as_ref().map_or("", |u| u.host_port());
        let secure = parsed
            .as_ref()
            .is_some_and(|u| u.scheme == "https" || (u.scheme == "http" && u.is_loopback()));
        if !secure {
            out.push(("warning", format!("`{name}` is not https: {url}")));
        }
        if host != issuer_host {
            out.push((
                "note",
                format!("`{name}` is on another host than the issuer: {host}"),
            ));
        }
    }
    out
}

pub fn discover(args: DiscoverArgs, printer: &Printer) -> Result<()> {
    let http = client::http(&args.net, printer)?;
    let metadata = discovery::discover(&http, &args.issuer)?;
    let found = findings(&metadata, &args.issuer);
    if printer.is_json() {
        let list: Vec<Value> = found
            .iter()
            .map(|(l, m)| json!({"level": l, "message": m}))
            .collect();
        printer.json(&json!({"ok": true, "metadata": metadata, "findings": list}));
    } else {
        let mut text =
            escape_untrusted(&serde_json::to_string_pretty(&metadata).expect("a Map serialises"));
        text.push('\n');
        for (level, message) in &found {
            text.push_str(&format!("{level}: {}\n", escape_untrusted(message)));
        }
        if found.is_empty() {
            text.push_str("nothing missing or inconsistent\n");
        }
        printer.data(&text);
    }
    if found.iter().any(|(l, _)| *l == "missing") {
        return Err(
            Error::protocol("incomplete_metadata", "the metadata lacks required members")
                .mark_reported(),
        );
    }
    Ok(())
}

fn endpoint(url: Option<String>, name: &str, flag: &str) -> Result<String> {
    url.ok_or_else(|| {
        Error::usage(
            "no_endpoint",
            format!("no {name} endpoint: give --issuer or {flag}"),
        )
    })
}

fn print_json_body(printer: &Printer, body: &Map<String, Value>) {
    if printer.is_json() {
        printer.json(&Value::Object(body.clone()));
    } else {
        printer.data(&escape_untrusted(
            &serde_json::to_string_pretty(body).expect("a Map serialises"),
        ));
    }
}

pub fn userinfo(args: TokenToolArgs, printer: &Printer) -> Result<()> {
    let http = client::http(&args.net, printer)?;
    let endpoints = client::resolve_endpoints(&http, &args.server)?;
    let url = endpoint(endpoints.userinfo, "userinfo", "--userinfo-url")?;
    let token = read_token(args.token.as_deref())?;
    let response = http.send(
        "GET",
        &url,
        &[("Authorization", &format!("Bearer {token}"))],
        None,
        args.server.userinfo_url.is_none(),
    )?;
    if response.status != 200 {
        return Err(Error::protocol(
            "userinfo_failed",
            format!(
                "userinfo answered HTTP {}{}",
                response.status,
                response.why()
            ),
        ));
    }
    let body = json::parse_object(&response.body).map_err(|e| {
        Error::protocol(
            "userinfo_failed",
            format!("userinfo is not a JSON object: {e}"),
        )
    })?;
    print_json_body(printer, &body);
    Ok(())
}

fn token_form(args: &TokenToolArgs) -> Result<Vec<(String, String)>> {
    let mut form = vec![("token".to_string(), read_token(args.token.as_deref())?)];
    if let Some(hint) = &args.token_type_hint {
        form.push(("token_type_hint".into(), hint.clone()));
    }
    Ok(form)
}

pub fn introspect(args: TokenToolArgs, printer: &Printer) -> Result<()> {
    let http = client::http(&args.net, printer)?;
    let endpoints = client::resolve_endpoints(&http, &args.server)?;
    let url = endpoint(
        endpoints.introspection,
        "introspection",
        "--introspection-url",
    )?;
    let auth = client::client_auth(&args.client, None)?;
    let response = auth.post(
        &http,
        &url,
        token_form(&args)?,
        args.server.introspection_url.is_none(),
    )?;
    let body = response.json_object("introspect_failed", "introspection")?;
    print_json_body(printer, &body);
    match body.get("active") {
        Some(Value::Bool(true)) => Ok(()),
        Some(Value::Bool(false)) => {
            Err(Error::rejected("inactive", "the token is not active").mark_reported())
        }
        _ => Err(Error::protocol(
            "introspect_failed",
            "the answer has no boolean `active`",
        )),
    }
}

pub fn revoke(args: TokenToolArgs, printer: &Printer) -> Result<()> {
    let http = client::http(&args.net, printer)?;
    let endpoints = client::resolve_endpoints(&http, &args.server)?;
    let url = endpoint(endpoints.revocation, "revocation", "--revocation-url")?;
    let auth = client::client_auth(&args.client, None)?;
    let response = auth.post(
        &http,
        &url,
        token_form(&args)?,
        args.server.revocation_url.is_none(),
    )?;
    if response.status != 200 {
        return Err(Error::protocol(
            "revoke_failed",
            format!("revocation answered HTTP {}", response.status),
        ));
    }
    if printer.is_json() {
        printer.json(&json!({"ok": true}));
    } else {
        printer.info("revoked");
    }
    Ok(())
}
