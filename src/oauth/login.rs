//! The headless login drivers of `flow`: `--login auto` follows redirects and fills login
//! and consent forms with no server-specific code; `--login paste` hands a pasted redirect
//! URL to the callback listener.

use super::html;
use super::http::HttpClient;
use crate::error::{Error, Result};
use crate::protocol::url::Url;
use crate::secret::Secret;

/// Send a pasted redirect URL's query to our own listener, which checks it like a
/// browser's.
pub(crate) fn deliver(browser: &HttpClient, pasted: &str, redirect_uri: &str) -> Result<()> {
    let url = format!("{redirect_uri}?{}", answer_of(pasted));
    browser.send("GET", &url, &[], None, false)?;
    Ok(())
}

/// The parameters of an authorization answer: its query, else its fragment (the implicit
/// grant's, which a browser would relay through the listener's page).
pub fn answer_of(url: &str) -> &str {
    let (before, fragment) = url.split_once('#').unwrap_or((url, ""));
    let query = before.split_once('?').map(|(_, q)| q).unwrap_or_default();
    if query.is_empty() {
        fragment
    } else {
        query
    }
}

fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    if location.starts_with('/') {
        match Url::parse(base) {
            Some(url) => format!("{}://{}{location}", url.scheme, url.authority),
            None => location.to_string(),
        }
    } else {
        let dir = base.rsplit_once('/').map_or(base, |(d, _)| d);
        format!("{dir}/{location}")
    }
}

const APPROVE: [&str; 9] = [
    "approve",
    "allow",
    "accept",
    "authorize",
    "consent",
    "continue",
    "confirm",
    "yes",
    "sign",
];
const REFUSE: [&str; 6] = ["deny", "cancel", "reject", "decline", "abort", "no"];

fn word_match(text: &str, words: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    words.iter().any(|w| {
        lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| t == *w || t.starts_with(w))
    })
}

/// Where the headless driver stops.
#[derive(Clone, Copy)]
pub(crate) enum Goal<'a> {
    /// The server redirects to the client's redirect URI (the code flow).
    Redirect(&'a str),
    /// After signing in, a page without forms: a device approved (RFC 8628 section 3.3).
    Done,
}

/// The headless driver: follow redirects with a cookie jar, fill login forms and approve
/// consent forms, until the server redirects to `redirect_uri`.
pub(crate) fn auto_login(
    browser: &HttpClient,
    start: &str,
    redirect_uri: &str,
    username: Option<&str>,
    password: Option<&Secret>,
    fields: &[(String, String)],
) -> Result<()> {
    let goal = Goal::Redirect(redirect_uri);
    let reached = drive(browser, start, goal, username, password, fields)?;
    // What a browser does through the listener's page: the answer as a query.
    let url = reached.unwrap_or_default();
    let base = url.split(['?', '#']).next().unwrap_or(&url);
    let delivered = format!("{base}?{}", answer_of(&url));
    browser.send("GET", &delivered, &[], None, false)?;
    Ok(())
}

/// The same driver, stopping at the redirect to `redirect_uri` without following it: the
/// URL the server sent the browser to (its query or fragment is the answer).
pub fn auto_login_capture(
    browser: &HttpClient,
    start: &str,
    redirect_uri: &str,
    username: Option<&str>,
    password: Option<&Secret>,
    fields: &[(String, String)],
) -> Result<String> {
    let goal = Goal::Redirect(redirect_uri);
    let reached = drive(browser, start, goal, username, password, fields)?;
    Ok(reached.unwrap_or_default())
}

/// The same driver on a device verification page: sign in and approve the user code.
pub(crate) fn auto_approve_device(
    browser: &HttpClient,
    verification_url: &str,
    username: Option<&str>,
    password: Option<&Secret>,
    fields: &[(String, String)],
) -> Result<()> {
    drive(
        browser,
        verification_url,
        Goal::Done,
        username,
        password,
        fields,
    )
    .map(|_| ())
}

fn drive(
    browser: &HttpClient,
    start: &str,
    goal: Goal,
    username: Option<&str>,
    password: Option<&Secret>,
    fields: &[(String, String)],
) -> Result<Option<String>> {
    let mut url = start.to_string();
    let mut form: Option<(String, Vec<(String, String)>)> = None;
    let mut sent_password = false;
    for _ in 0..25 {
        let response = match form.take() {
            Some((action, data)) => {
                let pairs: Vec<(&str, &str)> =
                    data.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
                browser.send("POST", &action, &[], Some(&pairs), true)?
            }
            None => browser.send("GET", &url, &[], None, true)?,
        };
        if (300..400).contains(&response.status) {
            let location = response.header("location").ok_or_else(|| {
                Error::protocol(
                    "login_stuck",
                    format!("{url} redirected without a Location"),
                )
            })?;
            let next = resolve(&url, location);
            if let Goal::Redirect(redirect_uri) = goal {
                if next.starts_with(redirect_uri) {
                    return Ok(Some(next));
                }
            }
            url = next;
            continue;
        }
        let page = String::from_utf8_lossy(&response.body).into_owned();
        let forms = html::forms(&page);
        let stuck = |why: &str| {
            let seen: Vec<String> = forms
                .iter()
                .map(|f| {
                    format!(
                        "{} {}",
                        f.method,
                        f.action.as_deref().unwrap_or("(same page)")
                    )
                })
                .collect();
            Error::protocol(
                "login_stuck",
                format!(
                    "the headless login is stuck at {url} (HTTP {}, title {:?}): {why}; forms seen: {seen:?}",
                    response.status,
                    html::title(&page).unwrap_or_default()
                ),
            )
            .hint("use --login print or --login command=... for pages that need JavaScript")
        };
        if sent_password && forms.iter().any(html::Form::has_password) {
            return Err(stuck(
                "the login form came back after signing in: wrong username or password?",
            ));
        }
        if matches!(goal, Goal::Done) && sent_password && forms.is_empty() {
            if response.status >= 400 {
                return Err(stuck("the approval was refused"));
            }
            return Ok(None);
        }
        let Some(chosen) = forms
            .iter()
            .find(|f| f.has_password())
            .or_else(|| {
                forms.iter().find(|f| {
                    f.buttons.iter().any(|b| {
                        word_match(&b.2, &APPROVE)
                            || b.1.as_deref().is_some_and(|v| word_match(v, &APPROVE))
                    })
                })
            })
            .or(forms.first())
        else {
            return Err(stuck("no form to fill"));
        };
        let mut data: Vec<(String, String)> = Vec::new();
        for (name, value, kind) in &chosen.inputs {
            let value = if let Some((_, v)) = fields.iter().find(|(n, _)| n == name) {
                v.clone()
            } else if kind == "password" {
                let secret = password.ok_or_else(|| {
                    stuck("a password is asked for; give --password-file or OAUTHCTL_PASSWORD")
                })?;
                String::from_utf8_lossy(secret.expose()).into_owned()
            } else if matches!(
                name.to_ascii_lowercase().as_str(),
                "username" | "login" | "email" | "user" | "userid" | "user_name"
            ) || (kind == "email")
            {
                username
                    .ok_or_else(|| stuck("a username is asked for; give --username"))?
                    .to_string()
            } else if kind == "checkbox" || kind == "radio" {
                continue;
            } else {
                value.clone()
            };
            data.push((name.clone(), value));
        }
        for (name, value) in fields {
            if !data.iter().any(|(n, _)| n == name) {
                data.push((name.clone(), value.clone()));
            }
        }
        let button = chosen
            .buttons
            .iter()
            .find(|b| {
                (word_match(&b.2, &APPROVE)
                    || b.1.as_deref().is_some_and(|v| word_match(v, &APPROVE)))
                    && !word_match(&b.2, &REFUSE)
            })
            .or_else(|| {
                chosen.buttons.iter().find(|b| {
                    !word_match(&b.2, &REFUSE)
                        && !b.1.as_deref().is_some_and(|v| word_match(v, &REFUSE))
                })
            });
        if let Some((Some(name), Some(value), _)) = button {
            data.push((name.clone(), value.clone()));
        }
        let action = resolve(&url, chosen.action.as_deref().unwrap_or(&url));
        sent_password |= chosen.has_password();
        if chosen.method == "post" {
            form = Some((action, data));
        } else {
            let sep = if action.contains('?') { '&' } else { '?' };
            url = format!(
                "{action}{sep}{}",
                serde_urlencoded::to_string(&data).unwrap_or_default()
            );
        }
    }
    let goal = match goal {
        Goal::Redirect(_) => "the redirect URI",
        Goal::Done => "an approved device",
    };
    Err(Error::protocol(
        "login_stuck",
        format!("the headless login did not reach {goal} in 25 steps (last at {url})"),
    ))
}
