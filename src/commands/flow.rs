//! `oauthctl flow`: build the flow from flags, a profile or the embedded server, run it,
//! report it.

use std::io::BufRead;
use std::time::Duration;

use serde_json::{json, Value};

use super::client::{self, secret_from};
use crate::cli::{BearerFormat, FlowArgs, FlowGrant, PrintWhat};
use crate::error::{Error, Result};
use crate::jwt::{claims, time};
use crate::keys::load;
use crate::oauth::client::ClientAuth;
use crate::oauth::flow::{self, FlowConfig, Grant, Interaction, Login, Step};
use crate::output::{escape_untrusted, message_line, Printer};
use crate::protocol::dpop::Prover;
use crate::protocol::ClientAuthMethod;
use crate::secret::Secret;
use crate::server::{self, config};

pub const PASSWORD_ENV: &str = "OAUTHCTL_PASSWORD";
pub const REFRESH_TOKEN_ENV: &str = "OAUTHCTL_REFRESH_TOKEN";
pub const SUBJECT_TOKEN_ENV: &str = "OAUTHCTL_SUBJECT_TOKEN";

struct Terminal<'a> {
    printer: &'a Printer,
}

impl Interaction for Terminal<'_> {
    fn show_url(&self, url: &str) {
        // The URL carries state and the PKCE challenge, neither secret; stderr keeps stdout
        // for data.
        message_line(&format!("Open this URL to sign in:\n  {url}"));
    }

    fn read_redirect(&self) -> Result<String> {
        message_line("Paste the URL your browser was redirected to, then press Enter:");
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::input("unreadable", e.to_string()))?;
        Ok(line)
    }

    fn step_done(&self, step: &Step) {
        if self.printer.is_json() {
            return;
        }
        if step.skipped {
            self.printer.info(&format!(
                "- {:<20}  skipped  {}",
                step.name,
                escape_untrusted(&step.detail)
            ));
        } else {
            self.printer.info(&format!(
                "{} {:<20} {:>5} ms  {}",
                self.printer.mark(step.ok),
                step.name,
                step.ms,
                escape_untrusted(&step.detail)
            ));
        }
    }

    fn show_device_code(&self, user_code: &str, uri: &str, complete: Option<&str>) {
        message_line(&format!(
            "To sign in, open {} and enter the code {}",
            escape_untrusted(uri),
            escape_untrusted(user_code)
        ));
        if let Some(complete) = complete {
            message_line(&format!("  (or open {})", escape_untrusted(complete)));
        }
    }

    fn warn(&self, message: &str) {
        self.printer.warn(message);
    }

    fn detail(&self, message: &str) {
        self.printer.detail(&escape_untrusted(message));
    }
}

fn random_secret() -> Result<Secret> {
    Ok(Secret::new(crate::jwt::token::random_jti()?.into_bytes()))
}

/// What a profile adds beyond flags: extra parameters, and the names of the environment
/// variables that hold its secrets.
#[derive(Default)]
struct ProfileExtras {
    params: Vec<(String, String)>,
    client_secret_env: Option<String>,
    password_env: Option<String>,
}

/// `--authorization-details`: a JSON array inline or from `@FILE`, checked before sending.
fn authorization_details(value: &str) -> Result<String> {
    let text = match value.strip_prefix('@') {
        Some(path) => {
            let bytes = crate::keys::load::read_capped(
                std::path::Path::new(path),
                64 * 1024,
                "authorization details file",
            )?;
            String::from_utf8(bytes)
                .map_err(|_| Error::input("bad_details", format!("{path} is not UTF-8")))?
        }
        None => value.to_string(),
    };
    match crate::json::parse(text.trim().as_bytes()) {
        Ok(serde_json::Value::Array(items)) if !items.is_empty() => Ok(text.trim().to_string()),
        Ok(_) => Err(Error::usage(
            "bad_details",
            "--authorization-details must be a non-empty JSON array (RFC 9396 section 2)",
        )),
        Err(e) => Err(Error::usage(
            "bad_details",
            format!("--authorization-details is not JSON: {e}"),
        )),
    }
}

/// Fill what the flags leave open from the named profile.
fn apply_profile(args: &mut FlowArgs) -> Result<ProfileExtras> {
    let Some(name) = args.profile.clone() else {
        return Ok(ProfileExtras::default());
    };
    let mut p = client::load_profile(args.profiles_file.as_deref(), &name)?;
    client::fill_client(&mut args.client, &mut p, &name)?;
    let s = &mut args.server;
    for (slot, value) in [
        (&mut s.issuer, p.issuer),
        (&mut s.authorize_url, p.authorize_url),
        (&mut s.token_url, p.token_url),
        (&mut s.userinfo_url, p.userinfo_url),
        (&mut s.jwks_url, p.jwks_url),
        (&mut s.introspection_url, p.introspection_url),
        (&mut s.revocation_url, p.revocation_url),
        (&mut s.device_authorization_url, p.device_authorization_url),
        (&mut args.redirect_uri, p.redirect_uri),
        (&mut args.username, p.username),
        (&mut args.login, p.login),
    ] {
        if slot.is_none() {
            *slot = value;
        }
    }
    if args.password_file.is_none() {
        args.password_file = p.password_file;
    }
    if let (Some(scope), true) = (p.scope, args.scope == crate::cli::DEFAULT_FLOW_SCOPE) {
        args.scope = scope;
    }
    Ok(ProfileExtras {
        params: p
            .params
            .into_iter()
            .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .collect(),
        client_secret_env: p
            .client_secret_env
            .filter(|_| args.client.client_secret_file.is_none()),
        password_env: p.password_env.filter(|_| args.password_file.is_none()),
    })
}

/// The `--print` value as the operator typed it.
fn print_name(what: PrintWhat) -> String {
    clap::ValueEnum::to_possible_value(&what)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

pub fn run(mut args: FlowArgs, printer: &Printer) -> Result<()> {
    if let (Some(what), true) = (args.print, printer.is_json()) {
        return Err(Error::usage(
            "print_with_json",
            format!(
                "--print {} prints a token as plain text and --output json prints the report: \
                 choose one",
                print_name(what)
            ),
        ));
    }
    let extras = apply_profile(&mut args)?;
    let timeout = Duration::from_secs(time::parse_duration(&args.timeout)?.max(1) as u64);
    let mut params = extras.params.clone();
    for item in &args.params {
        let (name, value) = claims::parse_assignment(item)?;
        params.push((
            name,
            value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned),
        ));
    }
    // Auth0's `audience` goes with the authorization request (or a direct grant's token
    // request); RFC 8707's `resource` too, and with every token request (below).
    for audience in &args.audience {
        params.push(("audience".into(), audience.clone()));
    }
    for resource in &args.resource {
        params.push(("resource".into(), resource.clone()));
    }
    if let Some(details) = &args.authorization_details {
        params.push((
            "authorization_details".into(),
            authorization_details(details)?,
        ));
    }
    let mut fields = Vec::new();
    for item in &args.form_fields {
        let (name, value) = item
            .split_once('=')
            .ok_or_else(|| Error::usage("bad_field", format!("`{item}` is not NAME=VALUE")))?;
        fields.push((name.to_string(), value.to_string()));
    }
    // --embedded: the demo server in this process, with fresh secrets kept in memory.
    let mut embedded = None;
    let (issuer, mut client, username, password) = if args.embedded {
        let (client_secret, password) = (random_secret()?, random_secret()?);
        let listener = server::bind("127.0.0.1:0".parse().expect("literal address"), false)?;
        let (clients, users) = config::demo(client_secret.clone(), password.clone());
        let mut key = crate::keys::generate::generate(crate::keys::generate::KeySpec::Ec(
            crate::keys::Curve::P256,
        ))?;
        key.kid = Some(key.kid_or_thumbprint());
        let settings = config::Settings {
            bind: listener
                .local_addr()
                .map_err(|e| Error::safety("bind_failed", e.to_string()))?,
            issuer: None,
            keys: vec![key],
            users,
            clients,
            auto_approve: true,
            protected: vec![config::Protected::default_work()],
            demo_tokens: None,
            tls: None,
            assertion_issuers: Vec::new(),
        };
        let log_printer = printer.clone();
        let running = server::spawn(
            listener,
            settings,
            Box::new(move |line| log_printer.detail(&format!("server: {line}"))),
        )?;
        let issuer = running.issuer.clone();
        embedded = Some(running);
        let client = ClientAuth {
            id: args
                .client
                .client_id
                .clone()
                .unwrap_or_else(|| config::DEMO_CONFIDENTIAL.to_string()),
            secret: Some(client_secret),
            key: None,
            method: match args.client.auth_method {
                Some(ClientAuthMethod::ClientSecretPost) => ClientAuthMethod::ClientSecretPost,
                _ => ClientAuthMethod::ClientSecretBasic,
            },
        };
        let username = args
            .username
            .clone()
            .unwrap_or_else(|| config::DEMO_USER.to_string());
        (Some(issuer), client, Some(username), Some(password))
    } else {
        let client = client::client_auth(
            &args.client,
            client::env_secret(extras.client_secret_env.as_deref())?,
        )?;
        if client.method == ClientAuthMethod::None && args.client.auth_method.is_none() {
            printer.warn(
                "no client secret found (no --client-secret-file, no OAUTHCTL_CLIENT_SECRET, no \
                 terminal to ask on): acting as a public client",
            );
        }
        let password = match client::env_secret(extras.password_env.as_deref())? {
            Some(p) => Some(p),
            None => secret_from(args.password_file.as_deref(), PASSWORD_ENV, None)?,
        };
        (
            args.server.issuer.clone(),
            client,
            args.username.clone(),
            password,
        )
    };
    if issuer.is_none() && args.server.token_url.is_none() {
        return Err(Error::usage(
            "no_server",
            "give --issuer, explicit endpoints (--token-url ...), --profile, or --embedded",
        ));
    }
    let login = match args.login.as_deref() {
        None if std::io::IsTerminal::is_terminal(&std::io::stdin()) && !args.embedded => {
            Login::Browser
        }
        None | Some("auto") => Login::Auto {
            username: username.clone(),
            password: password.clone(),
            fields,
        },
        Some("browser") => Login::Browser,
        Some("print") => Login::Print,
        Some("paste") => Login::Paste,
        Some(other) => match other.strip_prefix("command=") {
            Some(cmd) if !cmd.is_empty() => Login::Command(cmd.to_string()),
            _ => {
                return Err(Error::usage(
                    "bad_login",
                    format!("--login {other}: use browser, print, paste, auto or command=CMD"),
                ))
            }
        },
    };
    if args.fapi2 {
        fapi2_client(&args, &mut client)?;
    }
    let grant = match args.grant {
        FlowGrant::AuthorizationCode => Grant::AuthorizationCode,
        FlowGrant::ClientCredentials => Grant::ClientCredentials,
        FlowGrant::Device => Grant::Device,
        FlowGrant::Implicit => Grant::Implicit,
        FlowGrant::Password => Grant::Password,
        FlowGrant::RefreshToken => Grant::RefreshToken(
            secret_from(args.refresh_token_file.as_deref(), REFRESH_TOKEN_ENV, None)?.ok_or_else(|| {
                Error::usage("no_token", "--grant refresh-token needs --refresh-token-file or OAUTHCTL_REFRESH_TOKEN")
            })?,
        ),
        FlowGrant::TokenExchange => Grant::TokenExchange {
            subject_token: secret_from(args.subject_token_file.as_deref(), SUBJECT_TOKEN_ENV, None)?.ok_or_else(|| {
                Error::usage("no_token", "--grant token-exchange needs --subject-token-file or OAUTHCTL_SUBJECT_TOKEN")
            })?,
            subject_token_type: args.subject_token_type.clone(),
        },
        FlowGrant::JwtBearer => {
            let assertion = secret_from(args.assertion_file.as_deref(), ASSERTION_ENV, None)?;
            if assertion.is_none() && args.assertion_sub.is_none() {
                return Err(Error::usage(
                    "no_assertion",
                    "--grant jwt-bearer needs --assertion-file (or OAUTHCTL_ASSERTION), or \
                     --assertion-sub SUB with --client-key to sign one",
                ));
            }
            Grant::JwtBearer {
                assertion,
                subject: args.assertion_sub.clone(),
            }
        }
    };
    // A client-credentials token has no user and no refresh token (RFC 6749 4.4.3):
    // userinfo and refresh are not among its default steps.
    let for_grant = |step: &&&str| {
        !(args.grant == FlowGrant::ClientCredentials && matches!(**step, "userinfo" | "refresh"))
    };
    let optional_steps = args.steps.clone().unwrap_or_else(|| {
        flow::OPTIONAL_STEPS
            .iter()
            .filter(for_grant)
            .map(|s| s.to_string())
            .collect()
    });
    if let Some(bad) = optional_steps
        .iter()
        .find(|s| !s.is_empty() && !flow::OPTIONAL_STEPS.contains(&s.as_str()))
    {
        return Err(Error::usage(
            "bad_step",
            format!(
                "unknown step `{bad}`; steps: {}",
                flow::OPTIONAL_STEPS.join(", ")
            ),
        ));
    }
    let named = |step: &str| {
        args.steps
            .as_ref()
            .is_some_and(|s| s.iter().any(|x| x == step))
    };
    if let (Some(what), true) = (args.print, named("revoke")) {
        return Err(Error::usage(
            "print_revoked",
            format!(
                "--print {} prints a live token, and --steps revoke would revoke it",
                print_name(what)
            ),
        )
        .hint("drop revoke from --steps, or --print"));
    }
    if named("resource") && args.resource_url.is_none() {
        return Err(Error::usage(
            "no_resource_url",
            "--steps resource needs --resource-url URL",
        ));
    }
    // The default scope is the code flow's; a client-credentials request without --scope
    // asks for none (the embedded server's demo client: `read`).
    let scope = match args.grant {
        FlowGrant::ClientCredentials if args.scope == crate::cli::DEFAULT_FLOW_SCOPE => {
            if args.embedded { "read" } else { "" }.to_string()
        }
        _ => args.scope.clone(),
    };
    let config = FlowConfig {
        issuer,
        issuer_id: args.issuer_id.clone(),
        endpoints: client::explicit_endpoints(&args.server),
        client,
        grant,
        scope,
        params,
        pkce: !args.no_pkce,
        par: args.par || args.fapi2,
        request_object: args.request_object,
        response_mode: response_mode(args.response_mode.as_deref())?,
        redirect_uri: args.redirect_uri.clone(),
        timeout,
        login,
        steps_requested: args.steps.is_some(),
        keep_tokens_live: args.print.is_some(),
        optional_steps,
        resource_url: args.resource_url.clone(),
        resources: args.resource.clone(),
        gateway_bearer: args.bearer_format == BearerFormat::Gateway,
        credentials: username.zip(password),
        dpop: dpop_prover(&args)?,
        fapi2: args.fapi2,
    };
    let http = client::http(&args.net, printer)?;
    let browser = client::http(&args.net, printer)?;
    let started = std::time::Instant::now();
    let outcome = flow::run(&config, &http, &browser, &Terminal { printer });
    drop(embedded);
    let printed = Printed {
        what: args.print,
        dpop: config.dpop.as_ref(),
        dpop_key_is_ephemeral: args.dpop_key.is_none(),
    };
    report(&outcome, &printed, started.elapsed().as_millis(), printer)
}

/// `--response-mode`, checked: a mode the server may offer and the listener can receive.
fn response_mode(name: Option<&str>) -> Result<Option<crate::protocol::ResponseMode>> {
    let Some(name) = name else {
        return Ok(None);
    };
    let mode = crate::protocol::ResponseMode::parse(name).ok_or_else(|| {
        Error::usage(
            "unsupported_response_mode",
            format!("--response-mode {name}: use query, fragment, jwt, query.jwt or fragment.jwt"),
        )
    })?;
    flow::check_receivable(mode)?;
    Ok(Some(mode))
}

/// The DPoP key: `--dpop-key`, or a fresh one with `--dpop` (and `--fapi2`, which requires
/// sender-constrained tokens and one of its algorithms).
fn dpop_prover(args: &FlowArgs) -> Result<Option<Prover>> {
    let prover = match (&args.dpop_key, args.dpop || args.fapi2) {
        (Some(path), _) => {
            let mut key = load::load_path(path, &load::no_passphrase)?.select(None)?;
            if args.fapi2 {
                fapi2_key(&mut key, "the DPoP key")?;
            }
            Some(Prover::new(key).map_err(|e| e.context(path.display()))?)
        }
        (None, true) => Some(Prover::ephemeral()?),
        (None, false) => None,
    };
    Ok(prover)
}

/// What FAPI 2.0 asks of the client itself (section 5.3.2): the code flow with PKCE,
/// authentication with private_key_jwt, and keys that sign with a permitted algorithm.
fn fapi2_client(args: &FlowArgs, client: &mut ClientAuth) -> Result<()> {
    let refuse = |why: &str| Error::usage("fapi2", format!("--fapi2: {why}"));
    if args.grant != FlowGrant::AuthorizationCode {
        return Err(refuse(
            "FAPI 2.0 covers the authorization code flow; drop --grant",
        ));
    }
    if args.no_pkce {
        return Err(refuse("PKCE S256 is required; drop --no-pkce"));
    }
    if client.method != ClientAuthMethod::PrivateKeyJwt && !client.method.is_mtls() {
        return Err(refuse(
            "the client authenticates with private_key_jwt (give --client-key) or mutual TLS \
             (--auth-method tls_client_auth with --client-cert)",
        ));
    }
    if let Some(key) = client.key.as_mut() {
        fapi2_key(key, "the client key")?;
    }
    Ok(())
}

/// A key's algorithm under FAPI 2.0: an RSA key without a JWK `alg` signs PS256; any other
/// algorithm must be one the profile permits.
fn fapi2_key(key: &mut crate::keys::Key, what: &str) -> Result<()> {
    if key.alg.is_none() && key.kty() == "RSA" {
        key.alg = Some(crate::keys::Algorithm::Ps256);
    }
    let alg = key.alg.unwrap_or_else(|| key.default_algorithm());
    flow::check_fapi_algorithm(what, alg).map_err(|e| Error::usage("fapi2", e.message))
}

/// Where `--grant jwt-bearer` finds its assertion without `--assertion-file`.
const ASSERTION_ENV: &str = "OAUTHCTL_ASSERTION";

fn token_text(token: &Option<Secret>) -> Option<String> {
    token
        .as_ref()
        .map(|t| String::from_utf8_lossy(t.expose()).into_owned())
}

/// What `--print` asked for, and the DPoP key the tokens are bound to.
struct Printed<'a> {
    what: Option<PrintWhat>,
    dpop: Option<&'a Prover>,
    /// A fresh key exists only in this process: `--print tokens` hands it on, since the
    /// tokens are useless without it.
    dpop_key_is_ephemeral: bool,
}

fn report(
    outcome: &flow::Outcome,
    printed: &Printed,
    total_ms: u128,
    printer: &Printer,
) -> Result<()> {
    let print = printed.what;
    let ok = outcome.error.is_none();
    let steps: Vec<Value> = outcome
        .steps
        .iter()
        .map(|s| {
            json!({"name": s.name, "ok": s.ok, "skipped": s.skipped, "ms": s.ms, "detail": s.detail})
        })
        .collect();
    let skipped = outcome.steps.iter().filter(|s| s.skipped).count();
    let passed = outcome.steps.iter().filter(|s| s.ok).count() - skipped;
    let failed = outcome.steps.len() - passed - skipped;
    if let (true, Some(what)) = (ok, print) {
        let tokens = &outcome.tokens;
        let text = match what {
            PrintWhat::AccessToken => token_text(&tokens.access),
            PrintWhat::IdToken => token_text(&tokens.id),
            PrintWhat::RefreshToken => token_text(&tokens.refresh),
            PrintWhat::Tokens => {
                let mut doc = json!({
                    "access_token": token_text(&tokens.access),
                    "id_token": token_text(&tokens.id),
                    "refresh_token": token_text(&tokens.refresh),
                });
                if let Some(prover) = printed.dpop {
                    doc["token_type"] = crate::protocol::dpop::TOKEN_TYPE.into();
                    doc["dpop_jkt"] = prover.jkt().into();
                    if printed.dpop_key_is_ephemeral {
                        let jwk = crate::keys::jwk::to_jwk(prover.key(), true);
                        doc["dpop_key"] = Value::Object(jwk);
                    }
                }
                Some(doc.to_string())
            }
        };
        match text {
            Some(text) => printer.data(&text),
            None => {
                return Err(Error::protocol(
                    "no_token",
                    format!("the server issued no {what:?}"),
                ))
            }
        }
    } else if printer.is_json() {
        let mut doc = json!({
            "ok": ok,
            "ms": total_ms,
            "passed": passed,
            "failed": failed,
            "skipped": skipped,
            "steps": steps,
        });
        if let Some(e) = &outcome.error {
            doc["reason"] = e.reason.into();
            doc["message"] = e.message.clone().into();
            if !e.hints.is_empty() {
                doc["hints"] = e.hints.clone().into();
            }
        }
        printer.json(&doc);
    } else {
        printer.info(&format!(
            "{} {passed} of {} steps passed, {failed} failed, {skipped} skipped in {total_ms} ms",
            printer.mark(ok),
            outcome.steps.len()
        ));
    }
    match &outcome.error {
        None => Ok(()),
        // Already in the JSON report; keep stdout one document.
        Some(e) if printer.is_json() && print.is_none() => {
            message_line(&format!(
                "error[{}]: {}",
                e.reason,
                escape_untrusted(&e.message)
            ));
            Err(e.clone().mark_reported())
        }
        Some(e) => Err(e.clone()),
    }
}
