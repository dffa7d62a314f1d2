//! The front-channel half of a flow: the authorization request, the login, and the
//! answer at the loopback listener (state and RFC 9207 `iss` checked): a code, or for the
//! legacy implicit grant an access token from the fragment.

use super::*;

/// What the authorization request asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ResponseKind {
    Code,
    /// The implicit grant (RFC 6749 section 4.2; removed by OAuth 2.1).
    Token,
}

impl ResponseKind {
    fn response_type(self) -> &'static str {
        match self {
            ResponseKind::Code => "code",
            ResponseKind::Token => "token",
        }
    }
}

pub(super) enum Answer {
    Code(Secret),
    Token {
        access_token: Secret,
        rest: Vec<(String, String)>,
    },
}

/// A checked authorization answer and what the rest of the flow needs from the request.
pub(super) struct Authorized {
    pub answer: Answer,
    pub redirect_uri: String,
    pub verifier: String,
    pub nonce: Option<String>,
    pub openid: bool,
}

impl Run<'_> {
    pub(super) fn authorization(
        &mut self,
        browser: &HttpClient,
        kind: ResponseKind,
    ) -> Result<Authorized> {
        let authorize_url = self.endpoints.authorize.clone().ok_or_else(|| {
            Error::usage(
                "no_endpoint",
                "no authorization endpoint: give --issuer or --authorize-url",
            )
        })?;
        let mut listener = Listener::bind(self.config.redirect_uri.as_deref())?;
        if kind == ResponseKind::Token {
            listener = listener.for_fragment();
        }
        if let Some(mode) = self.config.response_mode {
            let mode = mode.resolved(match kind {
                ResponseKind::Code => crate::protocol::ResponseMode::Query,
                ResponseKind::Token => crate::protocol::ResponseMode::Fragment,
            });
            if mode.transport() == crate::protocol::ResponseMode::Fragment {
                listener = listener.relaying_fragment();
            }
            if mode.is_jwt() {
                listener = listener.with_jarm(self.jarm_unwrap()?);
            }
        }
        let redirect_uri = listener.redirect_uri.clone();
        let state = random(24);
        let openid = self.config.scope.split(' ').any(|s| s == "openid");
        let nonce = openid.then(|| random(24));
        let verifier = random(48);
        let mut query: Vec<(String, String)> = vec![
            ("response_type".into(), kind.response_type().into()),
            ("client_id".into(), self.config.client.id.clone()),
            ("redirect_uri".into(), redirect_uri.clone()),
            ("state".into(), state.clone()),
        ];
        if !self.config.scope.is_empty() {
            query.push(("scope".into(), self.config.scope.clone()));
        }
        if let Some(nonce) = &nonce {
            query.push(("nonce".into(), nonce.clone()));
        }
        if self.config.pkce && kind == ResponseKind::Code {
            query.push(("code_challenge".into(), pkce::challenge_s256(&verifier)));
            query.push(("code_challenge_method".into(), "S256".into()));
        }
        if let Some(mode) = self.config.response_mode {
            query.push(("response_mode".into(), mode.name().into()));
        }
        query.extend(self.config.params.iter().cloned());
        if self.config.request_object {
            let object = self.request_object(&query)?;
            query = self.by_value(&query, object);
        }
        let sep = if authorize_url.contains('?') {
            '&'
        } else {
            '?'
        };
        let required =
            self.metadata.get("require_pushed_authorization_requests") == Some(&Value::Bool(true));
        let url = if self.config.par || required {
            let request_uri = self.push(query, required)?;
            let pairs = [
                ("client_id", self.config.client.id.as_str()),
                ("request_uri", request_uri.as_str()),
            ];
            format!(
                "{authorize_url}{sep}{}",
                serde_urlencoded::to_string(pairs).unwrap_or_default()
            )
        } else {
            format!(
                "{authorize_url}{sep}{}",
                serde_urlencoded::to_string(&query).unwrap_or_default()
            )
        };

        let callback = self.step("authorize", |run| {
            let timeout = run.config.timeout;
            let cancelled = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let flag = cancelled.clone();
            let seen = listener.seen.clone();
            let waiting = std::thread::spawn(move || listener.wait_unless(&state, timeout, &flag));
            let report_seen = |run: &Self| {
                for line in seen.lock().map(|s| s.clone()).unwrap_or_default() {
                    run.ui.detail(&format!("listener received {line}"));
                }
            };
            if let Err(e) = run.drive_login(browser, &url, &redirect_uri) {
                cancelled.store(true, std::sync::atomic::Ordering::SeqCst);
                let _ = waiting.join();
                report_seen(run);
                return Err(e);
            }
            let callback = waiting
                .join()
                .map_err(|_| Error::network("listener_failed", "the callback listener stopped"));
            report_seen(run);
            let callback = callback??;
            Ok((callback, "callback received".to_string()))
        })?;
        let answer = self.step("callback", |run| {
            let issuer = run.expected_issuer();
            let (answer, iss) = match callback {
                Callback::Error {
                    error, description, ..
                } => {
                    let message = match description {
                        Some(d) => format!("the server answered `{error}`: {d}"),
                        None => format!("the server answered `{error}`"),
                    };
                    return Err(Error::protocol("authorization_error", message));
                }
                Callback::Code { code, iss } => (Answer::Code(code), iss),
                Callback::Token {
                    access_token,
                    rest,
                    iss,
                } => (Answer::Token { access_token, rest }, iss),
            };
            // RFC 9207: the response names its issuer; a mix-up attack names another.
            match (&iss, &issuer) {
                (Some(found), Some(expected)) if found != expected => {
                    return Err(Error::protocol(
                        "iss_mismatch",
                        format!("the callback's iss is `{found}`, not `{expected}`"),
                    ))
                }
                (None, Some(_))
                    if run
                        .metadata
                        .get("authorization_response_iss_parameter_supported")
                        == Some(&Value::Bool(true)) =>
                {
                    return Err(Error::protocol(
                        "iss_missing",
                        "the server advertises RFC 9207 but the callback has no iss",
                    ))
                }
                _ => {}
            }
            let iss_detail = match (&iss, &issuer) {
                (Some(_), Some(_)) => "iss matched (RFC 9207)".to_string(),
                (Some(found), None) => format!(
                    "iss `{found}` not compared: no issuer known (give --issuer or --issuer-id)"
                ),
                (None, _) => "no iss sent (the server does not use RFC 9207)".to_string(),
            };
            let jarm = match run.config.response_mode {
                Some(mode) if mode.is_jwt() => {
                    "JARM response verified (signature by the server's JWKS, iss, aud, exp); "
                }
                _ => "",
            };
            Ok((answer, format!("{jarm}state matched; {iss_detail}")))
        })?;
        Ok(Authorized {
            answer,
            redirect_uri,
            verifier,
            nonce,
            openid,
        })
    }

    /// RFC 9126: push the authorization request (authenticated as the client) and return
    /// the `request_uri` to send instead of it; a step of its own.
    fn push(&mut self, mut query: Vec<(String, String)>, required: bool) -> Result<String> {
        let endpoint = self.endpoints.par.clone().ok_or_else(|| {
            Error::protocol(
                "no_endpoint",
                "no pushed_authorization_request_endpoint in the metadata for --par",
            )
        })?;
        // client_id is part of the pushed request (RFC 9126 section 2.1); the authentication
        // methods other than Basic add it themselves, and it must not come twice.
        if self.config.client.method != ClientAuthMethod::ClientSecretBasic {
            query.retain(|(name, _)| name != "client_id");
        }
        self.step("par", |run| {
            let from_server = run.config.issuer.is_some();
            let response = run
                .config
                .client
                .post(run.http, &endpoint, query, from_server)?;
            // RFC 9126 section 2.2: 201 Created with a JSON body.
            if response.status != 201 {
                return Err(Error::protocol(
                    "par_failed",
                    format!(
                        "the PAR endpoint answered HTTP {}{}",
                        response.status,
                        response.why()
                    ),
                ));
            }
            let body = json::parse_object(&response.body).map_err(|e| {
                Error::protocol("par_failed", format!("the PAR response is not JSON: {e}"))
            })?;
            let request_uri = body
                .get("request_uri")
                .and_then(Value::as_str)
                .filter(|u| !u.is_empty())
                .ok_or_else(|| {
                    Error::protocol("par_failed", "the PAR response has no request_uri")
                })?
                .to_string();
            let expires = body.get("expires_in").and_then(Value::as_u64).unwrap_or(0);
            let why = if required {
                "required by the server"
            } else {
                "--par"
            };
            Ok((
                request_uri,
                format!("request pushed ({why}); request_uri valid {expires} s"),
            ))
        })
    }

    /// The implicit grant: the access token arrives in the redirect's fragment. Legacy,
    /// for testing servers that still offer it.
    pub(super) fn implicit_flow(&mut self, browser: &HttpClient) -> Result<Map<String, Value>> {
        self.ui.warn(
            "the implicit grant is legacy (OAuth 2.1 and RFC 9700 section 2.1.2 remove it): the \
             token travels in the URL; prefer the code flow with PKCE",
        );
        let authorized = self.authorization(browser, ResponseKind::Token)?;
        let Answer::Token { access_token, rest } = authorized.answer else {
            unreachable!("a token request is answered with a token")
        };
        let mut body = Map::new();
        body.insert(
            "access_token".into(),
            String::from_utf8_lossy(access_token.expose())
                .into_owned()
                .into(),
        );
        for (name, value) in rest {
            body.insert(name, value.into());
        }
        Ok(self.store_tokens(body))
    }
}
