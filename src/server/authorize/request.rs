//! Checking an authorization request (RFC 6749 section 4.1.1, OpenID Connect Core 3.1.2.1)
//! and turning it into the pending request it stands for. Until the client and redirect
//! URI are trusted a refusal is a page; after, it goes back to the client.

use super::super::config::Client;
use super::super::error::PageError;
use super::super::params::{self, MAX_STORED_VALUE};
use super::super::store::Pending;
use super::super::token::{check_details, check_resource};
use super::super::{now, App};
use crate::jwt::claims::Policy;
use crate::protocol::url::loopback_equal_but_port;
use crate::protocol::{pkce, scope, ErrorCode, Prompt, ResponseMode};

/// The PKCE methods the authorization endpoint accepts (RFC 7636 section 4.3; OAuth 2.1
/// leaves `plain` out).
pub const CODE_CHALLENGE_METHODS: [&str; 1] = ["S256"];

/// An ID token given as `id_token_hint` may have expired (Core 3.1.2.1); hints older than
/// this past their `exp` are refused all the same.
const ID_TOKEN_HINT_GRACE: u64 = 30 * 24 * 3600;

/// Why an authorization request is refused.
pub enum Refusal {
    /// The client or redirect URI is not trusted: show a page, never redirect.
    Page(PageError),
    /// Tell the client, at its redirect URI.
    Redirect(Box<Redirect>),
}

pub struct Redirect {
    pub to: Pending,
    pub code: ErrorCode,
    pub description: String,
}

impl Refusal {
    fn redirect(to: &Pending, code: ErrorCode, description: impl Into<String>) -> Refusal {
        Refusal::Redirect(Box::new(Redirect {
            to: to.clone(),
            code,
            description: description.into(),
        }))
    }
}

impl From<PageError> for Refusal {
    fn from(page: PageError) -> Refusal {
        Refusal::Page(page)
    }
}

/// Exact match, except that a registered loopback http URI accepts any port
/// (RFC 8252 section 7.3).
fn redirect_allowed(client: &Client, requested: &str) -> bool {
    client
        .redirect_uris
        .iter()
        .any(|registered| registered == requested || loopback_equal_but_port(registered, requested))
}

/// Check an authorization request and turn it into the pending request it stands for;
/// `pushed` when it came through the PAR endpoint (RFC 9126) rather than the query.
pub fn pending_request(app: &App, query: &str, pushed: bool) -> Result<Pending, Refusal> {
    let pairs = params::pairs(query).map_err(|e| {
        PageError::new(if e.starts_with("more than") {
            "The request has too many parameters."
        } else {
            "The request's parameters are malformed."
        })
    })?;
    let (pairs, signed) = super::object::expand(app, pairs)?;
    let count = |name: &str| pairs.iter().filter(|(n, _)| n == name).count();
    if count("client_id") != 1 || count("redirect_uri") != 1 {
        return Err(PageError::new(
            "The request must carry exactly one client_id and one redirect_uri.",
        )
        .into());
    }
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let client_id = get("client_id").unwrap_or_default();
    let redirect_uri = get("redirect_uri").unwrap_or_default();
    let client = app
        .client(&client_id)
        .ok_or_else(|| PageError::new("Unknown client."))?;
    if !redirect_allowed(client, &redirect_uri) {
        return Err(
            PageError::new("The redirect_uri is not registered for this client.")
                .for_client(&client_id)
                .into(),
        );
    }
    // From here on the client and redirect URI are trusted: errors go back by redirect.
    let response_type = get("response_type").unwrap_or_default();
    // A response type the client may not use answers in the query, where a code flow
    // client looks; the implicit grant's own answers go in the fragment.
    let default_mode = if client.allow_implicit {
        ResponseMode::default_for(&response_type)
    } else {
        ResponseMode::Query
    };
    let mut pending = Pending {
        client_id: client_id.clone(),
        redirect_uri,
        scope: Vec::new(),
        state: get("state"),
        nonce: get("nonce"),
        code_challenge: get("code_challenge"),
        response_mode: default_mode,
        response_type,
        prompt: Prompt::default(),
        max_age: None,
        login_hint: get("login_hint"),
        hinted_subject: None,
        resources: Vec::new(),
        details: None,
        dpop_jkt: get("dpop_jkt"),
        expires: now() + app.store.limits().pending_lifetime,
    };
    if let Some((name, _)) = pairs
        .iter()
        .find(|(n, _)| count(n) > 1 && !params::repeatable(n))
    {
        let text = format!("parameter `{name}` is repeated");
        return Err(Refusal::redirect(&pending, ErrorCode::InvalidRequest, text));
    }
    // Values the server keeps while the user signs in are bounded (the state itself is
    // cut to the limit so that the error can still carry it back).
    let scope_text = get("scope");
    let stored = [
        ("state", &pending.state),
        ("nonce", &pending.nonce),
        ("scope", &scope_text),
        ("login_hint", &pending.login_hint),
    ];
    for (name, value) in stored {
        if value.as_ref().is_some_and(|v| v.len() > MAX_STORED_VALUE) {
            let mut cut = pending.clone();
            if name == "state" {
                cut.state = None;
            }
            let text = format!("{name} is longer than {MAX_STORED_VALUE} bytes");
            return Err(Refusal::redirect(&cut, ErrorCode::InvalidRequest, text));
        }
    }
    pending.response_mode = response_mode(&pending, get("response_mode").as_deref())?;
    let refuse = |pending: &Pending, code, text: String| Refusal::redirect(pending, code, text);
    if client.require_signed_request_object && !signed {
        let text = "this client must send its authorization request as a signed request \
                    object (`request`, RFC 9101)"
            .into();
        return Err(refuse(&pending, ErrorCode::InvalidRequest, text));
    }
    if get("request_uri").is_some() {
        let text = if pushed {
            "a pushed request cannot carry request_uri (RFC 9126 section 2.1)".into()
        } else {
            "request_uri is supported only for pushed requests (urn:ietf:params:oauth:request_uri:...)"
                .into()
        };
        let code = if pushed {
            ErrorCode::InvalidRequest
        } else {
            ErrorCode::RequestUriNotSupported
        };
        return Err(refuse(&pending, code, text));
    }
    if client.must_push() && !pushed {
        let text = "this client must push its authorization requests first (RFC 9126)".into();
        return Err(refuse(&pending, ErrorCode::InvalidRequest, text));
    }
    if let Err((code, text)) =
        response_type_and_pkce(client, &pending, get("code_challenge_method").as_deref())
    {
        return Err(refuse(&pending, code, text.into()));
    }
    pending.scope = scope::parse(scope_text.as_deref().unwrap_or_default());
    if let Some(bad) = pending.scope.iter().find(|s| !client.scopes.contains(s)) {
        let text = format!("scope `{bad}` is not allowed for this client");
        return Err(refuse(&pending, ErrorCode::InvalidScope, text));
    }
    pending.prompt = Prompt::parse(get("prompt").as_deref().unwrap_or_default())
        .map_err(|text| refuse(&pending, ErrorCode::InvalidRequest, text))?;
    if let Some(text) = get("max_age") {
        pending.max_age = Some(text.parse::<u32>().map(i64::from).map_err(|_| {
            let text = "max_age must be a number of seconds (0 or more)".into();
            refuse(&pending, ErrorCode::InvalidRequest, text)
        })?);
    }
    for resource in pairs.iter().filter(|(n, _)| n == "resource") {
        check_resource(client, &resource.1)
            .map_err(|e| refuse(&pending, e.code(), e.description().into()))?;
        pending.resources.push(resource.1.clone());
    }
    if let Some(text) = get("authorization_details") {
        let details = check_details(client, &text)
            .map_err(|e| refuse(&pending, e.code(), e.description().into()))?;
        pending.details = Some(details);
    }
    if let Some(hint) = get("id_token_hint") {
        pending.hinted_subject = Some(hinted_subject(app, client, &hint).ok_or_else(|| {
            let text = "id_token_hint is not an ID token this server issued to this client".into();
            refuse(&pending, ErrorCode::InvalidRequest, text)
        })?);
    }
    Ok(pending)
}

/// The requested `response_mode`, or the response type's default.
fn response_mode(pending: &Pending, requested: Option<&str>) -> Result<ResponseMode, Refusal> {
    let Some(name) = requested else {
        return Ok(pending.response_mode);
    };
    let refuse = |text: String| Err(Refusal::redirect(pending, ErrorCode::InvalidRequest, text));
    let Some(mode) = ResponseMode::parse(name) else {
        let supported: Vec<&str> = ResponseMode::ALL.iter().map(|m| m.name()).collect();
        return refuse(format!(
            "response_mode `{name}` is not supported (supported: {})",
            supported.join(", ")
        ));
    };
    // The plain default tells a token response (fragment) from a code response (query).
    let mode = mode.resolved(pending.response_mode);
    if mode.transport() == ResponseMode::Query && pending.response_mode == ResponseMode::Fragment {
        return refuse(
            "an access token is never returned in the query; use fragment or form_post".into(),
        );
    }
    Ok(mode)
}

/// The `sub` of an ID token this server signed for `client` (expired ones included, up
/// to a grace period).
fn hinted_subject(app: &App, client: &Client, hint: &str) -> Option<String> {
    let policy = Policy {
        now: now(),
        leeway: ID_TOKEN_HINT_GRACE,
        issuer: Some(app.issuer.clone()),
        audiences: vec![client.id.clone()],
        typ: Some("JWT".into()),
        ..Policy::default()
    };
    let verified = app.verifier.verify(hint, &policy).ok()?;
    Some(verified.claims.get("sub")?.as_str()?.to_string())
}

/// `response_type=code` (or `token` for a client that allows the implicit grant), and for
/// a code, PKCE with S256 (RFC 7636 section 4.3; OAuth 2.1 requires it).
fn response_type_and_pkce(
    client: &Client,
    pending: &Pending,
    method: Option<&str>,
) -> Result<(), (ErrorCode, &'static str)> {
    match pending.response_type.as_str() {
        "code" => {}
        "token" if client.allow_implicit => return Ok(()),
        "" => return Err((ErrorCode::InvalidRequest, "response_type is required")),
        _ => {
            return Err((
                ErrorCode::UnsupportedResponseType,
                "only response_type=code is supported for this client",
            ))
        }
    }
    let invalid = |text| Err((ErrorCode::InvalidRequest, text));
    match (method, pending.code_challenge.as_deref()) {
        (Some(m), Some(challenge))
            if CODE_CHALLENGE_METHODS.contains(&m) && pkce::is_valid_challenge(challenge) =>
        {
            Ok(())
        }
        (Some("S256"), _) => invalid("code_challenge must be a base64url SHA-256 (43 characters)"),
        (None, None) if client.legacy.pkce_optional => Ok(()),
        (None, None) => {
            invalid("PKCE is required: send code_challenge with code_challenge_method=S256")
        }
        _ => invalid("only code_challenge_method=S256 is accepted"),
    }
}
