//! The device authorization grant (RFC 8628) as flow steps: the user code, then polling at
//! the server's interval.

use super::*;

impl Run<'_> {
    /// RFC 8628: get a user code, show it, poll at `interval`, slowing down when told.
    pub(super) fn device_flow(
        &mut self,
        browser: &HttpClient,
        token_url: &str,
    ) -> Result<Map<String, Value>> {
        let url = self.endpoints.device_authorization.clone().ok_or_else(|| {
            Error::usage(
                "no_endpoint",
                "no device authorization endpoint: give --issuer or --device-authorization-url",
            )
        })?;
        let start = self.step("device_authorization", |run| {
            let mut form = Vec::new();
            if !run.config.scope.is_empty() {
                form.push(("scope".to_string(), run.config.scope.clone()));
            }
            let response = run.post(
                &url,
                form,
                run.config.endpoints.device_authorization.is_none(),
            )?;
            let body = json::parse_object(&response.body).map_err(|e| {
                Error::protocol(
                    "bad_device_response",
                    format!("HTTP {}: not a JSON object: {e}", response.status),
                )
            })?;
            if response.status != 200 {
                let (error, _) = error_of(&body).unwrap_or(("unknown_error", ""));
                return Err(Error::protocol(
                    "device_error",
                    format!("the device endpoint answered `{error}`"),
                ));
            }
            for name in ["device_code", "user_code", "verification_uri"] {
                if !body.get(name).is_some_and(Value::is_string) {
                    return Err(Error::protocol(
                        "bad_device_response",
                        format!("the device response lacks `{name}`"),
                    ));
                }
            }
            let text = |n: &str| {
                body.get(n)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            run.ui.show_device_code(
                &text("user_code"),
                &text("verification_uri"),
                body.get("verification_uri_complete")
                    .and_then(Value::as_str),
            );
            Ok((body, "user code issued".to_string()))
        })?;
        // Headless approval needs the user's credentials; without them the user approves on
        // another device, as RFC 8628 intends, and the flow waits.
        if let Login::Auto {
            username: username @ Some(_),
            password: password @ Some(_),
            fields,
        } = &self.config.login
        {
            let page = approval_page(&start);
            self.step("device_approve", |_| {
                auto_approve_device(
                    browser,
                    &page,
                    username.as_deref(),
                    password.as_ref(),
                    fields,
                )?;
                Ok(((), "user code approved headlessly".to_string()))
            })?;
        }
        let device_code = start
            .get("device_code")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let number = |name: &str, default: u64| {
            start
                .get(name)
                .and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                })
                .unwrap_or(default)
        };
        let mut interval = number("interval", 5).max(1);
        let expires = Duration::from_secs(number("expires_in", 600)).min(self.config.timeout);
        self.step("token", |run| {
            let deadline = Instant::now() + expires;
            let mut polls = 0;
            loop {
                std::thread::sleep(Duration::from_secs(interval));
                if Instant::now() > deadline {
                    return Err(Error::network(
                        "device_timeout",
                        "the user did not approve the device in time",
                    ));
                }
                let form = vec![
                    (
                        "grant_type".to_string(),
                        GrantType::DeviceCode.name().to_string(),
                    ),
                    ("device_code".into(), device_code.clone()),
                ];
                let from_server = run.config.endpoints.token.is_none();
                let response = run.post_proven(token_url, form, from_server)?;
                polls += 1;
                if response.status == 200 {
                    let body = run.checked_tokens(&response)?;
                    let body = run.store_tokens(body);
                    let detail = format!("approved after {polls} poll(s), interval {interval} s");
                    return Ok((body, detail));
                }
                let error = json::parse_object(&response.body)
                    .ok()
                    .and_then(|b| error_of(&b).map(|(error, _)| error.to_owned()))
                    .unwrap_or_default();
                match error.as_str() {
                    "authorization_pending" => {}
                    // RFC 8628 3.5: add 5 seconds to the interval from now on.
                    "slow_down" => interval += 5,
                    _ => {
                        return Err(Error::protocol(
                            "token_error",
                            format!("the token endpoint answered `{error}` while polling"),
                        ))
                    }
                }
            }
        })
    }
}

/// The page that approves this device: `verification_uri_complete`, else the plain
/// `verification_uri` with the user code as its query (RFC 8628 section 3.3.1).
fn approval_page(start: &Map<String, Value>) -> String {
    let text = |name: &str| start.get(name).and_then(Value::as_str);
    match text("verification_uri_complete") {
        Some(complete) => complete.to_string(),
        None => {
            let base = text("verification_uri").unwrap_or_default();
            let code =
                serde_urlencoded::to_string([("user_code", text("user_code").unwrap_or_default())])
                    .unwrap_or_default();
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}{code}")
        }
    }
}
