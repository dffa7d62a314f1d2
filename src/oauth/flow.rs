//! `oauthctl flow`: play the client against a live authorization server and check every
//! answer, as a list of steps. This module never prints: the caller gets each step as it
//! finishes, and supplies the user-facing parts of the login (showing a URL, reading a
//! pasted redirect).

mod after_tokens;
mod authorize;
mod device;
mod dpop;
mod fapi;
mod id_token;
mod jarm;
mod request_object;

use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

use super::client::{ClientAuth, Endpoints};
use super::discovery;
use super::http::{HttpClient, HttpResponse};
use super::login::{auto_approve_device, auto_login, deliver};
use super::loopback::{Callback, Listener};
use crate::b64;
use crate::error::{Error, Result};
use crate::json;
use crate::jwt::claims::Policy;
use crate::jwt::token::KeyRing;
use crate::protocol::error::error_of;
use crate::protocol::{hash, pkce, scope, ClientAuthMethod, GrantType};
use crate::secret::Secret;
use authorize::{Answer, ResponseKind};

#[derive(Debug, Clone)]
pub enum Login {
    /// Open the system browser (and show the URL).
    Browser,
    /// Show the URL and wait.
    Print,
    /// Show the URL, then read the final redirect URL from the user.
    Paste,
    /// Run a command with the URL.
    Command(String),
    /// Follow redirects and fill login and consent forms headlessly.
    Auto {
        username: Option<String>,
        password: Option<Secret>,
        fields: Vec<(String, String)>,
    },
}

#[derive(Debug, Clone)]
pub enum Grant {
    AuthorizationCode,
    ClientCredentials,
    RefreshToken(Secret),
    /// RFC 8628.
    Device,
    /// The implicit grant (legacy): the token from the redirect's fragment.
    Implicit,
    /// Resource-owner password credentials (legacy).
    Password,
    /// RFC 8693.
    TokenExchange {
        subject_token: Secret,
        subject_token_type: String,
    },
    /// RFC 7523 section 2.1: a JWT given, or one signed with the client key about `subject`.
    JwtBearer {
        assertion: Option<Secret>,
        subject: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct FlowConfig {
    /// Where discovery starts, and the issuer identifier expected in `iss`.
    pub issuer: Option<String>,
    /// The issuer identifier expected in `iss` when there is no discovery.
    pub issuer_id: Option<String>,
    pub endpoints: Endpoints,
    pub client: ClientAuth,
    pub grant: Grant,
    pub scope: String,
    pub params: Vec<(String, String)>,
    pub pkce: bool,
    /// Push the authorization request first (RFC 9126).
    pub par: bool,
    /// Send the authorization request as a signed request object (RFC 9101).
    pub request_object: bool,
    /// The `response_mode` to ask for (JARM's `jwt` modes are verified before use).
    pub response_mode: Option<crate::protocol::ResponseMode>,
    pub redirect_uri: Option<String>,
    pub timeout: Duration,
    pub login: Login,
    /// Step names to run after the token exchange (userinfo, refresh, introspect, revoke).
    pub optional_steps: Vec<String>,
    /// The operator named the steps (`--steps`): one that cannot run fails the flow instead
    /// of being skipped.
    pub steps_requested: bool,
    /// A token is printed at the end (`--print`): it is not revoked, so that it is live.
    pub keep_tokens_live: bool,
    pub resource_url: Option<String>,
    /// RFC 8707 resource indicators, also sent with the code exchange and refreshes
    /// (section 2.2: the token request names the resource the token is for).
    pub resources: Vec<String>,
    pub gateway_bearer: bool,
    /// DPoP (RFC 9449): the key every proof is made with.
    pub dpop: Option<crate::protocol::dpop::Prover>,
    /// The FAPI 2.0 Security Profile: the server's metadata is checked first, and only
    /// the profile's algorithms are accepted.
    pub fapi2: bool,
    /// For the password grant.
    pub credentials: Option<(String, Secret)>,
}

/// What the caller provides for the user's part of the login.
pub trait Interaction {
    /// The authorization URL, for the user to open.
    fn show_url(&self, url: &str);
    /// The final redirect URL, pasted by the user.
    fn read_redirect(&self) -> Result<String>;
    /// A finished step, to report progress.
    fn step_done(&self, step: &Step);
    /// The device grant's user code and where to enter it (RFC 8628 3.3).
    fn show_device_code(&self, user_code: &str, verification_uri: &str, complete: Option<&str>);
    /// A caution that is not a failure (a legacy grant, for instance).
    fn warn(&self, message: &str);
    /// What happened in detail, for `-v` (the requests the callback listener received).
    fn detail(&self, message: &str);
}

#[derive(Debug, Clone)]
pub struct Step {
    pub name: &'static str,
    /// Passed, or skipped: nothing failed.
    pub ok: bool,
    /// Not run: a default step the server does not offer; `detail` says why.
    pub skipped: bool,
    pub ms: u128,
    pub detail: String,
}

#[derive(Debug, Default)]
pub struct Tokens {
    pub access: Option<Secret>,
    pub id: Option<Secret>,
    pub refresh: Option<Secret>,
}

#[derive(Debug)]
pub struct Outcome {
    pub steps: Vec<Step>,
    pub tokens: Tokens,
    /// The first failure; the steps after it did not run.
    pub error: Option<Error>,
}

pub use fapi::check_algorithm as check_fapi_algorithm;
pub use fapi::server_shortfalls as fapi2_server_shortfalls;
pub use fapi::ALGORITHMS as FAPI_ALGORITHMS;
pub use jarm::check_receivable;

pub const OPTIONAL_STEPS: [&str; 5] = ["userinfo", "refresh", "introspect", "revoke", "resource"];

fn random(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the OS random source works");
    b64::encode(buf)
}

struct Run<'a> {
    config: &'a FlowConfig,
    http: &'a HttpClient,
    ui: &'a dyn Interaction,
    steps: Vec<Step>,
    tokens: Tokens,
    metadata: Map<String, Value>,
    endpoints: Endpoints,
    /// The last DPoP nonce each server (origin) sent.
    dpop_nonces: std::collections::HashMap<String, String>,
}

/// Run the flow. Returns every step; a failed step ends the run.
pub fn run(
    config: &FlowConfig,
    http: &HttpClient,
    browser: &HttpClient,
    ui: &dyn Interaction,
) -> Outcome {
    let mut run = Run {
        config,
        http,
        ui,
        steps: Vec::new(),
        tokens: Tokens::default(),
        metadata: Map::new(),
        endpoints: config.endpoints.clone(),
        dpop_nonces: Default::default(),
    };
    let error = run.all(browser).err();
    Outcome {
        steps: run.steps,
        tokens: run.tokens,
        error,
    }
}

impl Run<'_> {
    fn step<T>(
        &mut self,
        name: &'static str,
        body: impl FnOnce(&mut Self) -> Result<(T, String)>,
    ) -> Result<T> {
        let start = Instant::now();
        let result = body(self);
        let (ok, detail) = match &result {
            Ok((_, detail)) => (true, detail.clone()),
            Err(e) => (false, format!("error[{}]: {}", e.reason, e.message)),
        };
        let step = Step {
            name,
            ok,
            skipped: false,
            ms: start.elapsed().as_millis(),
            detail,
        };
        self.ui.step_done(&step);
        self.steps.push(step);
        result.map(|(value, _)| value)
    }

    fn wants(&self, name: &str) -> bool {
        self.config.optional_steps.iter().any(|s| s == name)
    }

    /// Whether optional step `name` runs, given what it needs (`Err` says what is missing).
    /// Not wanted: no. Wanted and possible: yes, with what it needs. Wanted but impossible:
    /// a step the operator named fails the flow; a default step is reported as skipped.
    fn optional<T>(
        &mut self,
        name: &'static str,
        needs: std::result::Result<T, String>,
    ) -> Result<Option<T>> {
        if !self.wants(name) {
            return Ok(None);
        }
        let why = match needs {
            Ok(value) => return Ok(Some(value)),
            Err(why) => why,
        };
        if self.config.steps_requested {
            return self.step(name, |_| {
                Err(Error::rejected(
                    "step_unavailable",
                    format!("the {name} step was asked for but cannot run: {why}"),
                ))
            });
        }
        let step = Step {
            name,
            ok: true,
            skipped: true,
            ms: 0,
            detail: why,
        };
        self.ui.step_done(&step);
        self.steps.push(step);
        Ok(None)
    }

    fn all(&mut self, browser: &HttpClient) -> Result<()> {
        if let Some(issuer) = self.config.issuer.clone() {
            self.step("discovery", |run| {
                run.metadata = discovery::discover(run.http, &issuer)?;
                run.endpoints = run.config.endpoints.merged(&run.metadata)?;
                Ok(((), format!("issuer {issuer}")))
            })?;
        }
        if self.config.fapi2 {
            self.step("fapi2", |run| Ok(((), run.check_fapi_server()?)))?;
        }
        let token_url = self.endpoints.token.clone().ok_or_else(|| {
            Error::usage(
                "no_endpoint",
                "no token endpoint: give --issuer or --token-url",
            )
        })?;
        // The grant stores the tokens it got; the steps after it read them from there.
        match self.config.grant.clone() {
            Grant::AuthorizationCode => self.code_flow(browser, &token_url)?,
            Grant::ClientCredentials => {
                self.simple_grant(&token_url, GrantType::ClientCredentials, Vec::new())?
            }
            Grant::RefreshToken(token) => {
                let token = String::from_utf8_lossy(token.expose()).into_owned();
                self.simple_grant(
                    &token_url,
                    GrantType::RefreshToken,
                    vec![("refresh_token".into(), token)],
                )?
            }
            Grant::Password => {
                self.ui.warn(
                    "the password grant is legacy (OAuth 2.1 removes it): prefer the code flow",
                );
                let (username, password) = self.config.credentials.clone().ok_or_else(|| {
                    Error::usage(
                        "no_credentials",
                        "the password grant needs --username and a password",
                    )
                })?;
                let form = vec![
                    ("username".into(), username),
                    (
                        "password".into(),
                        String::from_utf8_lossy(password.expose()).into_owned(),
                    ),
                ];
                self.simple_grant(&token_url, GrantType::Password, form)?
            }
            Grant::TokenExchange {
                subject_token,
                subject_token_type,
            } => {
                let form = vec![
                    (
                        "subject_token".into(),
                        String::from_utf8_lossy(subject_token.expose()).into_owned(),
                    ),
                    ("subject_token_type".into(), subject_token_type),
                ];
                self.simple_grant(&token_url, GrantType::TokenExchange, form)?
            }
            Grant::JwtBearer { assertion, subject } => {
                let assertion = match (assertion, subject) {
                    (Some(given), _) => String::from_utf8_lossy(given.expose()).trim().to_string(),
                    (None, subject) => self
                        .config
                        .client
                        .grant_assertion(subject.as_deref().unwrap_or_default(), &token_url)?,
                };
                let form = vec![("assertion".to_string(), assertion)];
                self.simple_grant(&token_url, GrantType::JwtBearer, form)?
            }
            Grant::Device => self.device_flow(browser, &token_url)?,
            Grant::Implicit => self.implicit_flow(browser)?,
        };
        self.after_tokens(&token_url)
    }

    /// One token request with `grant_type`, the scope and extra parameters.
    fn simple_grant(
        &mut self,
        token_url: &str,
        grant_type: GrantType,
        extra: Vec<(String, String)>,
    ) -> Result<Map<String, Value>> {
        let grant_type = grant_type.name().to_string();
        self.step("token", |run| {
            let mut form = vec![("grant_type".to_string(), grant_type.clone())];
            form.extend(extra);
            if !run.config.scope.is_empty() {
                form.push(("scope".into(), run.config.scope.clone()));
            }
            form.extend(run.config.params.iter().cloned());
            let body = run.token_request(token_url, form)?;
            let short = grant_type
                .rsplit(':')
                .next()
                .unwrap_or(&grant_type)
                .to_string();
            let detail = format!(
                "{short} grant{}{}",
                details_note(&body),
                dpop::binding_note(run.config, &body)
            );
            Ok((body, detail))
        })
    }

    fn code_flow(&mut self, browser: &HttpClient, token_url: &str) -> Result<Map<String, Value>> {
        let authorized = self.authorization(browser, ResponseKind::Code)?;
        let Answer::Code(code) = authorized.answer else {
            unreachable!("a code request is answered with a code")
        };
        let (redirect_uri, verifier) = (authorized.redirect_uri, authorized.verifier);
        let tokens = self.step("token", |run| {
            let mut form = vec![
                (
                    "grant_type".to_string(),
                    GrantType::AuthorizationCode.name().to_string(),
                ),
                (
                    "code".into(),
                    String::from_utf8_lossy(code.expose()).into_owned(),
                ),
                ("redirect_uri".into(), redirect_uri.clone()),
            ];
            if run.config.pkce {
                form.push(("code_verifier".into(), verifier.clone()));
            }
            form.extend(run.resource_params());
            let body = run.token_request(token_url, form)?;
            let detail = format!(
                "code exchanged{}{}",
                details_note(&body),
                dpop::binding_note(run.config, &body)
            );
            Ok((body, detail))
        })?;
        if authorized.openid {
            self.step("id_token", |run| {
                let detail = run.check_id_token(&tokens, authorized.nonce.as_deref())?;
                Ok(((), detail))
            })?;
        }
        Ok(tokens)
    }

    /// Follow the login the way the operator chose; returns when the callback was sent.
    fn drive_login(&self, browser: &HttpClient, url: &str, redirect_uri: &str) -> Result<()> {
        match &self.config.login {
            Login::Print => {
                self.ui.show_url(url);
                Ok(())
            }
            Login::Browser => {
                self.ui.show_url(url);
                let _ = std::process::Command::new("xdg-open").arg(url).spawn();
                Ok(())
            }
            Login::Command(command) => {
                self.ui.show_url(url);
                std::process::Command::new("sh")
                    .arg("-c")
                    .arg(format!("{command} \"$OAUTHCTL_AUTHORIZATION_URL\""))
                    .env("OAUTHCTL_AUTHORIZATION_URL", url)
                    .spawn()
                    .map_err(|e| {
                        Error::input("login_command", format!("cannot run `{command}`: {e}"))
                    })?;
                Ok(())
            }
            Login::Paste => {
                self.ui.show_url(url);
                let pasted = self.ui.read_redirect()?;
                deliver(browser, pasted.trim(), redirect_uri)
            }
            Login::Auto {
                username,
                password,
                fields,
            } => auto_login(
                browser,
                url,
                redirect_uri,
                username.as_deref(),
                password.as_ref(),
                fields,
            ),
        }
    }

    fn post(
        &self,
        url: &str,
        form: Vec<(String, String)>,
        from_server: bool,
    ) -> Result<HttpResponse> {
        self.config.client.post(self.http, url, form, from_server)
    }

    /// POST to the token endpoint and check the response (RFC 6749 5.1, 5.2).
    fn token_request(
        &mut self,
        url: &str,
        form: Vec<(String, String)>,
    ) -> Result<Map<String, Value>> {
        let from_server = self.config.issuer.is_some() && self.config.endpoints.token.is_none();
        let response = self.post_proven(url, form, from_server)?;
        let body = self.checked_tokens(&response)?;
        Ok(self.store_tokens(body))
    }

    /// A token response checked (RFC 6749 5.1) and, under DPoP, its binding.
    fn checked_tokens(&self, response: &HttpResponse) -> Result<Map<String, Value>> {
        let public = self.config.client.method == ClientAuthMethod::None;
        let body = check_token_response(response).map_err(|e| {
            if public && e.message.contains("`invalid_client`") {
                e.hint("no client secret was found, so oauthctl acted as a public client: give --client-secret-file or OAUTHCTL_CLIENT_SECRET")
            } else {
                e
            }
        })?;
        self.check_binding(&body)?;
        Ok(body)
    }

    fn store_tokens(&mut self, body: Map<String, Value>) -> Map<String, Value> {
        self.tokens.access = body
            .get("access_token")
            .and_then(Value::as_str)
            .map(|s| Secret::new(s.into()));
        if let Some(id) = body.get("id_token").and_then(Value::as_str) {
            self.tokens.id = Some(Secret::new(id.into()));
        }
        if let Some(r) = body.get("refresh_token").and_then(Value::as_str) {
            self.tokens.refresh = Some(Secret::new(r.into()));
        }
        body
    }

    /// The issuer identifier `iss` must equal: the discovered issuer, or `--issuer-id`.
    fn expected_issuer(&self) -> Option<String> {
        self.config
            .issuer
            .clone()
            .or_else(|| self.config.issuer_id.clone())
    }

    /// `resource` once per indicator, for a token request.
    fn resource_params(&self) -> Vec<(String, String)> {
        self.config
            .resources
            .iter()
            .map(|r| ("resource".to_string(), r.clone()))
            .collect()
    }

    fn bearer(&self) -> Result<String> {
        let access = self
            .tokens
            .access
            .as_ref()
            .ok_or_else(|| Error::protocol("no_token", "no access token"))?;
        let access = String::from_utf8_lossy(access.expose()).into_owned();
        Ok(if self.config.gateway_bearer {
            format!("Bearer id_token=\"{access}\"")
        } else {
            format!("Bearer {access}")
        })
    }
}

/// What a token response granted of RFC 9396 authorization details, for a step's detail.
fn details_note(body: &Map<String, Value>) -> String {
    match body.get("authorization_details").and_then(Value::as_array) {
        Some(items) => {
            let types: Vec<&str> = items
                .iter()
                .filter_map(|i| i.get("type").and_then(Value::as_str))
                .collect();
            format!("; authorization_details granted: {}", types.join(", "))
        }
        None => String::new(),
    }
}

/// RFC 6749 5.1/5.2, leniently where the world is lenient (`expires_in` as a string, any
/// case of `Bearer`), strictly where it matters.
pub fn check_token_response(response: &HttpResponse) -> Result<Map<String, Value>> {
    let body = json::parse_object(&response.body).map_err(|_| {
        let kind = response.header("content-type").unwrap_or("no content type");
        Error::protocol(
            "bad_token_response",
            format!(
                "the token endpoint answered HTTP {} with {kind}, not a JSON object",
                response.status
            ),
        )
    })?;
    if response.status != 200 {
        let (error, description) = error_of(&body).unwrap_or(("unknown_error", ""));
        return Err(Error::protocol(
            "token_error",
            format!("the token endpoint answered `{error}`: {description}"),
        ));
    }
    match body.get("access_token") {
        Some(Value::String(s)) if !s.is_empty() => {}
        _ => {
            return Err(Error::protocol(
                "bad_token_response",
                "the token response has no access_token",
            ))
        }
    }
    match body.get("token_type").and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("bearer") => {}
        // RFC 9449 section 5; whether one was asked for is the caller's check.
        Some(t) if t.eq_ignore_ascii_case(crate::protocol::dpop::TOKEN_TYPE) => {}
        // RFC 8693 2.2.1: an exchanged token that is not an access token has type N_A.
        Some("N_A") if body.contains_key("issued_token_type") => {}
        Some(t) => {
            return Err(Error::protocol(
                "bad_token_response",
                format!("token_type is `{t}`, not Bearer"),
            ))
        }
        None => {
            return Err(Error::protocol(
                "bad_token_response",
                "the token response has no token_type",
            ))
        }
    }
    match body.get("expires_in") {
        None | Some(Value::Number(_)) => {}
        Some(Value::String(s)) if s.parse::<u64>().is_ok() => {}
        Some(other) => {
            return Err(Error::protocol(
                "bad_token_response",
                format!("expires_in is {other}"),
            ))
        }
    }
    Ok(body)
}
