//! `oauthctl audit`: build the auditor from the flags (the flow's client description and
//! network rules), run the selected checks, print the report, and exit 1 when a failure
//! at or above `--fail-on` happened.

use super::client::{self, secret_from};
use crate::audit::{self, report, Auditor, Extras, Login, Politeness, Severity};
use crate::cli::{AuditArgs, FailOn, DEFAULT_AUDIT_REDIRECT, DEFAULT_AUDIT_SCOPE};
use crate::error::{Error, Result};
use crate::oauth::client::ClientAuth;
use crate::oauth::http::HttpClient;
use crate::output::Printer;
use crate::protocol::ClientAuthMethod;

const PASSWORD_ENV: &str = "OAUTHCTL_PASSWORD";

/// NAME=VALUE items of a repeatable flag.
fn pairs(items: &[String], reason: &'static str) -> Result<Vec<(String, String)>> {
    items
        .iter()
        .map(|item| {
            item.split_once('=')
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .ok_or_else(|| Error::usage(reason, format!("`{item}` is not NAME=VALUE")))
        })
        .collect()
}

/// The environment variables a profile names for its secrets.
#[derive(Default)]
struct ProfileSecrets {
    client_secret_env: Option<String>,
    password_env: Option<String>,
}

/// Fill what the flags leave open from `--profile`, as `flow` does.
fn apply_profile(args: &mut AuditArgs) -> Result<ProfileSecrets> {
    let Some(name) = args.profile.clone() else {
        return Ok(ProfileSecrets::default());
    };
    let mut p = client::load_profile(args.profiles_file.as_deref(), &name)?;
    client::fill_client(&mut args.client, &mut p, &name)?;
    for (slot, value) in [
        (&mut args.issuer, p.issuer),
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
    if let (Some(scope), true) = (p.scope, args.scope == DEFAULT_AUDIT_SCOPE) {
        args.scope = scope;
    }
    if let (Some(uri), true) = (p.redirect_uri, args.redirect_uri == DEFAULT_AUDIT_REDIRECT) {
        args.redirect_uri = uri;
    }
    for (name, value) in p.params {
        let value = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned);
        args.params.push(format!("{name}={value}"));
    }
    Ok(ProfileSecrets {
        client_secret_env: p
            .client_secret_env
            .filter(|_| args.client.client_secret_file.is_none()),
        password_env: p.password_env.filter(|_| args.password_file.is_none()),
    })
}

pub fn run(mut args: AuditArgs, printer: &Printer) -> Result<()> {
    if args.list_checks {
        if printer.is_json() {
            printer.data(&report::list_json().to_string());
        } else {
            printer.data(&report::list_text());
        }
        return Ok(());
    }
    let mut checks = audit::select(&args.checks, &args.skip_checks)?;
    // The FAPI 2.0 group is about a client held to the profile: only when asked for.
    if !args.fapi2 {
        if args.checks.iter().any(|n| n.starts_with("fapi2")) {
            return Err(Error::usage(
                "fapi2_not_asked",
                "the fapi2 checks audit a client held to FAPI 2.0: add --fapi2",
            ));
        }
        checks.retain(|c| c.area != "fapi2");
    }
    let secrets = apply_profile(&mut args)?;
    if let Some(login) = args.login.as_deref().filter(|l| *l != "auto") {
        return Err(Error::usage(
            "bad_login",
            format!("--login {login}: an audit signs in headlessly; use --login auto"),
        ));
    }
    let issuer = args
        .issuer
        .clone()
        .ok_or_else(|| Error::usage("no_server", "give --issuer or --profile"))?;
    let main = client::client_auth(
        &args.client,
        client::env_secret(secrets.client_secret_env.as_deref())?,
    )?;
    let second = match &args.second_client_id {
        Some(id) => Some(ClientAuth {
            id: id.clone(),
            secret: secret_from(
                args.second_client_secret_file.as_deref(),
                "OAUTHCTL_SECOND_CLIENT_SECRET",
                None,
            )?,
            key: None,
            method: main.method,
        }),
        None => None,
    };
    let public = args.public_client_id.as_ref().map(|id| ClientAuth {
        id: id.clone(),
        secret: None,
        key: None,
        method: ClientAuthMethod::None,
    });
    let login = Login {
        username: args.username.clone(),
        password: match client::env_secret(secrets.password_env.as_deref())? {
            Some(password) => Some(password),
            None => secret_from(args.password_file.as_deref(), PASSWORD_ENV, None)?,
        },
        fields: pairs(&args.form_fields, "bad_field")?,
    };
    let options = client::http_options(&args.net, printer);
    let mut auditor = Auditor::new(
        HttpClient::new(&options)?,
        HttpClient::new(&options)?,
        &issuer,
        main,
        Extras {
            second,
            public,
            scope: args.scope.clone(),
            params: pairs(&args.params, "bad_param")?,
            fapi2: args.fapi2,
        },
        login,
        args.redirect_uri.clone(),
        Politeness {
            pause: std::time::Duration::from_millis(args.pause_ms),
            budget: args.budget,
        },
    )?;
    printer.info(&format!(
        "auditing {issuer}: {} checks, at most {} requests",
        checks.len(),
        args.budget
    ));
    let result = audit::run(&mut auditor, &checks);
    if printer.is_junit() {
        printer.data(&report::junit(&result));
    } else if printer.is_json() {
        printer.data(&report::json(&result).to_string());
    } else {
        printer.data(&report::text(&result));
    }
    let fail_on = match args.fail_on {
        FailOn::High => Severity::High,
        FailOn::Medium => Severity::Medium,
        FailOn::Low => Severity::Low,
    };
    if result.fails(fail_on) {
        // In JSON or JUnit the report is the answer; the text report gets an error line.
        let reported = !printer.is_json() && !printer.is_junit();
        let error = Error::rejected(
            "audit_failed",
            format!(
                "{} check(s) failed at or above {} severity",
                result
                    .findings
                    .iter()
                    .filter(|f| f.outcome.verdict == audit::Verdict::Fail
                        && f.check.severity <= fail_on)
                    .count(),
                fail_on.name()
            ),
        );
        return Err(if reported {
            error
        } else {
            error.mark_reported()
        });
    }
    Ok(())
}
