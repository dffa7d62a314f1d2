//! `oauthctl flow`: build the flow from flags (or the embedded server), run it, report it.

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use serde_json::{json, Value};

use crate::cli::{BearerFormat, ClientAuthMethod, FlowArgs, FlowGrant, PrintWhat};
use crate::error::{Error, Result};
use crate::jwt::{claims, time};
use crate::keys::load;
use crate::oauth::flow::{
    self, AuthMethod, ClientAuth, Endpoints, FlowConfig, Grant, Interaction, Login, Step,
};
use crate::oauth::http::{HttpClient, HttpOptions};
use crate::output::{escape_untrusted, Printer};
use crate::secret::Secret;
use crate::server::{self, config};

pub const CLIENT_SECRET_ENV: &str = "OAUTHCTL_CLIENT_SECRET";
pub const PASSWORD_ENV: &str = "OAUTHCTL_PASSWORD";

struct Terminal<'a> {
    printer: &'a Printer,
}

impl Interaction for Terminal<'_> {
    fn show_url(&self, url: &str) {
        // The URL carries state and the PKCE challenge, neither secret; it goes to stderr
        // so that stdout stays data.
        eprintln!("Open this URL to sign in:\n  {url}");
    }

    fn read_redirect(&self) -> Result<String> {
        eprintln!("Paste the URL your browser was redirected to, then press Enter:");
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::input("unreadable", e.to_string()))?;
        Ok(line)
    }

    fn step_done(&self, step: &Step) {
        if !self.printer.is_json() {
            self.printer.info(&step_line(self.printer, step));
        }
    }
}

fn step_line(printer: &Printer, step: &Step) -> String {
    format!(
        "{} {:<18} {:>5} ms  {}",
        printer.mark(step.ok),
        step.name,
        step.ms,
        escape_untrusted(&step.detail)
    )
}

fn secret_from(file: Option<&std::path::Path>, env: &str, prompt: &str) -> Result<Option<Secret>> {
    if let Some(path) = file {
        let bytes = load::read_capped(path, 64 * 1024, "secret file")?;
        return Ok(Some(Secret::new(
            crate::commands::first_line(&bytes).to_vec(),
        )));
    }
    if let Some(value) = std::env::var_os(env) {
        return Ok(Some(Secret::new(value.into_encoded_bytes())));
    }
    if std::io::stdin().is_terminal() && !prompt.is_empty() {
        let value = rpassword::prompt_password(prompt)
            .map_err(|e| Error::input("unreadable", e.to_string()))?;
        return Ok(Some(Secret::new(value.into_bytes())));
    }
    Ok(None)
}

fn random_secret() -> Result<Secret> {
    Ok(Secret::new(crate::jwt::token::random_jti()?.into_bytes()))
}

pub fn run(args: FlowArgs, printer: &Printer) -> Result<()> {
    let timeout = Duration::from_secs(time::parse_duration(&args.timeout)?.max(1) as u64);
    let mut params = Vec::new();
    for item in &args.params {
        let (name, value) = claims::parse_assignment(item)?;
        params.push((
            name,
            value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned),
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
    let (issuer, client_id, secret, username, password) = if args.embedded {
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
        };
        let log_printer = printer.clone();
        let running = server::spawn(
            listener,
            settings,
            Box::new(move |line| log_printer.detail(&format!("server: {line}"))),
        )?;
        let issuer = running.issuer.clone();
        embedded = Some(running);
        (
            Some(issuer),
            args.client_id
                .clone()
                .unwrap_or_else(|| config::DEMO_CONFIDENTIAL.to_string()),
            Some(client_secret),
            Some(
                args.username
                    .clone()
                    .unwrap_or_else(|| config::DEMO_USER.to_string()),
            ),
            Some(password),
        )
    } else {
        let client_id = args
            .client_id
            .clone()
            .ok_or_else(|| Error::usage("no_client", "give --client-id (or use --embedded)"))?;
        let needs_secret = !matches!(args.auth_method, Some(ClientAuthMethod::None));
        let secret = if needs_secret {
            secret_from(
                args.client_secret_file.as_deref(),
                CLIENT_SECRET_ENV,
                "Client secret: ",
            )?
        } else {
            None
        };
        let password = secret_from(args.password_file.as_deref(), PASSWORD_ENV, "")?;
        (
            args.issuer.clone(),
            client_id,
            secret,
            args.username.clone(),
            password,
        )
    };
    if issuer.is_none() && args.token_url.is_none() {
        return Err(Error::usage(
            "no_server",
            "give --issuer, explicit endpoints (--token-url ...), or --embedded",
        ));
    }
    let method = match (args.auth_method, &secret) {
        (Some(ClientAuthMethod::ClientSecretPost), _) => AuthMethod::Post,
        (Some(ClientAuthMethod::None), _) | (None, None) => AuthMethod::None,
        _ => AuthMethod::Basic,
    };
    if method != AuthMethod::None && secret.is_none() {
        return Err(Error::usage(
            "no_secret",
            "the client secret is missing: --client-secret-file or OAUTHCTL_CLIENT_SECRET",
        ));
    }
    let login = match args.login.as_deref() {
        None if std::io::stdin().is_terminal() && !args.embedded => Login::Browser,
        None | Some("auto") => Login::Auto {
            username,
            password,
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
    let optional_steps = args
        .steps
        .clone()
        .unwrap_or_else(|| flow::OPTIONAL_STEPS.iter().map(|s| s.to_string()).collect());
    if let Some(bad) = optional_steps
        .iter()
        .find(|s| !flow::OPTIONAL_STEPS.contains(&s.as_str()))
    {
        return Err(Error::usage(
            "bad_step",
            format!(
                "unknown step `{bad}`; steps: {}",
                flow::OPTIONAL_STEPS.join(", ")
            ),
        ));
    }
    let config = FlowConfig {
        issuer,
        endpoints: Endpoints {
            authorize: args.authorize_url.clone(),
            token: args.token_url.clone(),
            userinfo: args.userinfo_url.clone(),
            jwks: args.jwks_url.clone(),
            introspection: args.introspection_url.clone(),
            revocation: args.revocation_url.clone(),
        },
        client: ClientAuth {
            id: client_id,
            secret,
            method,
        },
        grant: match args.grant {
            FlowGrant::AuthorizationCode => Grant::AuthorizationCode,
            FlowGrant::ClientCredentials => Grant::ClientCredentials,
        },
        scope: if args.grant == FlowGrant::ClientCredentials
            && args.scope.contains("openid")
            && args.embedded
        {
            "read".to_string()
        } else {
            args.scope.clone()
        },
        params,
        pkce: !args.no_pkce,
        redirect_uri: args.redirect_uri.clone(),
        timeout,
        login,
        optional_steps,
        resource_url: args.resource_url.clone(),
        gateway_bearer: args.bearer_format == BearerFormat::Gateway,
    };
    let options = HttpOptions {
        timeout: Duration::from_secs(args.net.http_timeout),
        ca_file: args.net.ca_file.clone(),
    };
    let http = HttpClient::new(&options)?;
    let browser = HttpClient::new(&options)?;
    let started = std::time::Instant::now();
    let outcome = flow::run(&config, &http, &browser, &Terminal { printer });
    drop(embedded);
    report(&outcome, &args, started.elapsed().as_millis(), printer)
}

fn token_text(token: &Option<Secret>) -> Option<String> {
    token
        .as_ref()
        .map(|t| String::from_utf8_lossy(t.expose()).into_owned())
}

fn report(
    outcome: &flow::Outcome,
    args: &FlowArgs,
    total_ms: u128,
    printer: &Printer,
) -> Result<()> {
    let ok = outcome.error.is_none();
    let steps: Vec<Value> = outcome
        .steps
        .iter()
        .map(|s| json!({"name": s.name, "ok": s.ok, "ms": s.ms, "detail": s.detail}))
        .collect();
    if let (true, Some(what)) = (ok, args.print) {
        let tokens = &outcome.tokens;
        let text = match what {
            PrintWhat::AccessToken => token_text(&tokens.access),
            PrintWhat::IdToken => token_text(&tokens.id),
            PrintWhat::RefreshToken => token_text(&tokens.refresh),
            PrintWhat::Tokens => Some(
                json!({
                    "access_token": token_text(&tokens.access),
                    "id_token": token_text(&tokens.id),
                    "refresh_token": token_text(&tokens.refresh),
                })
                .to_string(),
            ),
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
        let mut doc = json!({"ok": ok, "ms": total_ms, "steps": steps});
        if let Some(e) = &outcome.error {
            doc["reason"] = e.reason.into();
            doc["message"] = e.message.clone().into();
        }
        printer.json(&doc);
    } else {
        let passed = outcome.steps.iter().filter(|s| s.ok).count();
        printer.info(&format!(
            "{} {passed} of {} steps passed in {total_ms} ms",
            printer.mark(ok),
            outcome.steps.len()
        ));
    }
    match &outcome.error {
        None => Ok(()),
        // Already reported as JSON; keep stdout to one document.
        Some(e) if printer.is_json() && args.print.is_none() => {
            eprintln!("error[{}]: {}", e.reason, escape_untrusted(&e.message));
            Err(e.clone().mark_reported())
        }
        Some(e) => Err(e.clone()),
    }
}
