//! The auditor: the server's metadata, the clients it may act as, the user's login, and
//! every request a check sends, counted against the budget and recorded as evidence.

use serde_json::{Map, Value};

use super::{Evidence, Politeness};
use crate::error::{Error, Result};
use crate::json;
use crate::oauth::client::ClientAuth;
use crate::oauth::http::{HttpClient, HttpResponse};
use crate::oauth::login::{answer_of, auto_login_capture};
use crate::protocol::error::error_of;
use crate::protocol::pkce;
use crate::protocol::url::Url;
use crate::secret::Secret;

/// The user's part: the headless login's credentials.
#[derive(Debug, Clone, Default)]
pub struct Login {
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub fields: Vec<(String, String)>,
}

/// What some checks need beyond the main client.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// Another confidential client (cross-client checks).
    pub second: Option<ClientAuth>,
    /// A public client (PKCE-required checks).
    pub public: Option<ClientAuth>,
    /// The scope the main client asks for (default: openid and offline_access).
    pub scope: String,
    /// Extra parameters of every authorization request.
    pub params: Vec<(String, String)>,
    /// Run the FAPI 2.0 group too (the audited client is meant to be held to it).
    pub fapi2: bool,
}

/// An authorization answer as the redirect carried it.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub params: Vec<(String, String)>,
}

impl Answer {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A fresh code and what redeeming it needs.
pub struct Code {
    pub code: String,
    pub verifier: String,
    pub nonce: String,
    pub redirect_uri: String,
    pub state: String,
    pub answer: Answer,
}

pub struct Auditor {
    api: HttpClient,
    browser: HttpClient,
    pub issuer: String,
    pub metadata: Map<String, Value>,
    /// The metadata document's URL and whether its `issuer` matched.
    pub metadata_url: String,
    pub client: ClientAuth,
    pub extras: Extras,
    pub login: Login,
    /// The registered loopback redirect URI the audit uses.
    pub redirect_uri: String,
    politeness: Politeness,
    requests: u32,
    evidence: Vec<Evidence>,
}

impl Auditor {
    /// Fetch the metadata (without refusing a mismatched `issuer`: that is a check's
    /// verdict). Failing to get any metadata means the audit cannot run (exit 5 or 6).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        api: HttpClient,
        browser: HttpClient,
        issuer: &str,
        client: ClientAuth,
        extras: Extras,
        login: Login,
        redirect_uri: String,
        politeness: Politeness,
    ) -> Result<Auditor> {
        let mut last = None;
        for (index, url) in crate::oauth::discovery::metadata_urls(issuer)
            .into_iter()
            .enumerate()
        {
            let tried = index as u32 + 1;
            let response = api.get(&url, "application/json", false)?;
            if response.status != 200 {
                last = Some(format!("{url} answered HTTP {}", response.status));
                continue;
            }
            let metadata = json::parse_object(&response.body).map_err(|e| {
                Error::protocol("bad_metadata", format!("{url}: not a JSON object: {e}"))
            })?;
            return Ok(Auditor {
                api,
                browser,
                issuer: issuer.trim_end_matches('/').to_string(),
                metadata,
                metadata_url: url,
                client,
                extras,
                login,
                redirect_uri,
                politeness,
                requests: tried,
                evidence: Vec::new(),
            });
        }
        Err(Error::protocol(
            "no_metadata",
            last.unwrap_or_else(|| "no metadata".into()),
        ))
    }

    pub fn requests(&self) -> u32 {
        self.requests
    }

    pub fn budget(&self) -> u32 {
        self.politeness.budget
    }

    pub fn begin_check(&mut self) {
        self.evidence.clear();
    }

    pub fn take_evidence(&mut self) -> Vec<Evidence> {
        std::mem::take(&mut self.evidence)
    }

    /// A metadata member as text.
    pub fn meta(&self, name: &str) -> Option<&str> {
        self.metadata.get(name).and_then(Value::as_str)
    }

    /// A metadata member that lists names.
    /// A boolean member of the metadata.
    pub fn meta_flag(&self, name: &str) -> Option<bool> {
        self.metadata.get(name).and_then(Value::as_bool)
    }

    pub fn meta_list(&self, name: &str) -> Vec<String> {
        self.metadata
            .get(name)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An endpoint from the metadata, or why a check cannot run.
    pub fn endpoint(&self, name: &str) -> std::result::Result<String, String> {
        self.meta(name)
            .map(str::to_owned)
            .ok_or_else(|| format!("the metadata has no {name}"))
    }

    fn spend(&mut self) -> Result<()> {
        if self.requests >= self.politeness.budget {
            return Err(Error::rejected(
                "budget_spent",
                format!(
                    "the request budget ({}) is spent; raise --budget",
                    self.politeness.budget
                ),
            ));
        }
        if self.requests > 0 && !self.politeness.pause.is_zero() {
            std::thread::sleep(self.politeness.pause);
        }
        self.requests += 1;
        Ok(())
    }

    fn record(&mut self, method: &str, url: &str, response: &HttpResponse) {
        let endpoint = url.split(['?', '#']).next().unwrap_or(url).to_string();
        let error = json::parse_object(&response.body)
            .ok()
            .and_then(|b| error_of(&b).map(|(e, _)| e.to_owned()))
            .or_else(|| {
                let location = response.header("location")?;
                redirect_params(location)
                    .into_iter()
                    .find(|(n, _)| n == "error")
                    .map(|(_, v)| v)
            });
        self.evidence.push(Evidence {
            method: method.into(),
            endpoint,
            status: response.status,
            error,
        });
    }

    /// GET `url` and follow same-origin redirects that do not go to the redirect URI (an
    /// interaction page behind the authorization endpoint), recorded.
    pub fn get_page(&mut self, url: &str) -> Result<HttpResponse> {
        let mut url = url.to_string();
        for _ in 0..5 {
            let response = self.get(&url, &[])?;
            let Some(location) = response.header("location").map(str::to_owned) else {
                return Ok(response);
            };
            let next = if location.starts_with('/') {
                let origin = Url::parse(&url).map(|u| format!("{}://{}", u.scheme, u.authority));
                format!("{}{location}", origin.unwrap_or_default())
            } else {
                location
            };
            let same_origin = Url::parse(&next).map(|u| u.authority.to_string())
                == Url::parse(&url).map(|u| u.authority.to_string());
            if !(300..400).contains(&response.status)
                || !same_origin
                || next.starts_with(&self.redirect_uri)
            {
                return Ok(response);
            }
            url = next;
        }
        self.get(&url, &[])
    }

    /// A GET (no cookies of the login's browser), recorded.
    pub fn get(&mut self, url: &str, headers: &[(&str, &str)]) -> Result<HttpResponse> {
        self.spend()?;
        let response = self.api.send("GET", url, headers, None, true)?;
        self.record("GET", url, &response);
        Ok(response)
    }

    /// A form POST, authenticated as `client` when given, recorded.
    pub fn post(
        &mut self,
        url: &str,
        client: Option<&ClientAuth>,
        form: Vec<(String, String)>,
        headers: &[(&str, &str)],
    ) -> Result<HttpResponse> {
        self.spend()?;
        let response = match client {
            Some(client) => {
                let extra = headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect();
                client.post_with(&self.api, url, form, extra, true)?
            }
            None => {
                let pairs: Vec<(&str, &str)> =
                    form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
                self.api.send("POST", url, headers, Some(&pairs), true)?
            }
        };
        self.record("POST", url, &response);
        Ok(response)
    }

    /// The authorization request URL for `client`: code, PKCE S256 with `verifier`, the
    /// audit's redirect URI and scope, then `overrides` (an empty value removes one).
    pub fn authorize_url(
        &self,
        client: &ClientAuth,
        state: &str,
        verifier: &str,
        overrides: &[(&str, &str)],
    ) -> std::result::Result<String, String> {
        let endpoint = self.endpoint("authorization_endpoint")?;
        let params = self.authorize_params(client, state, verifier, overrides);
        let sep = if endpoint.contains('?') { '&' } else { '?' };
        Ok(format!(
            "{endpoint}{sep}{}",
            serde_urlencoded::to_string(&params).unwrap_or_default()
        ))
    }

    /// The parameters of [`Auditor::authorize_url`]'s request.
    pub fn authorize_params(
        &self,
        client: &ClientAuth,
        state: &str,
        verifier: &str,
        overrides: &[(&str, &str)],
    ) -> Vec<(String, String)> {
        let challenge = pkce::challenge_s256(verifier);
        let mut params: Vec<(&str, String)> = vec![
            ("response_type", "code".into()),
            ("client_id", client.id.clone()),
            ("redirect_uri", self.redirect_uri.clone()),
            ("scope", self.extras.scope.clone()),
            ("state", state.into()),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256".into()),
        ];
        for (name, value) in &self.extras.params {
            params.push((name, value.clone()));
        }
        for (name, value) in overrides {
            params.retain(|(n, _)| n != name);
            if !value.is_empty() {
                params.push((name, value.to_string()));
            }
        }
        params
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect()
    }

    /// Sign in headlessly for `url` and return the answer the server sent to
    /// `redirect_uri` (the login pages' requests count against the budget too).
    pub fn authorize(&mut self, url: &str, redirect_uri: &str) -> Result<Answer> {
        self.spend()?;
        let reached = auto_login_capture(
            &self.browser,
            url,
            redirect_uri,
            self.login.username.as_deref(),
            self.login.password.as_ref(),
            &self.login.fields,
        )?;
        let endpoint = url.split('?').next().unwrap_or(url).to_string();
        let answer = Answer {
            params: redirect_params(&reached),
        };
        self.evidence.push(Evidence {
            method: "GET".into(),
            endpoint,
            status: 302,
            error: answer.get("error").map(str::to_owned),
        });
        Ok(answer)
    }

    /// A fresh authorization code for `client` (or the main client).
    pub fn code_for(&mut self, client: Option<&ClientAuth>) -> Result<Code> {
        let client = client.cloned().unwrap_or_else(|| self.client.clone());
        let state = crate::jwt::token::random_jti()?;
        let verifier = format!(
            "{}{}",
            crate::jwt::token::random_jti()?,
            crate::jwt::token::random_jti()?
        );
        let nonce = crate::jwt::token::random_jti()?;
        let url = self
            .authorize_url(&client, &state, &verifier, &[("nonce", &nonce)])
            .map_err(|e| Error::protocol("no_endpoint", e))?;
        let redirect_uri = self.redirect_uri.clone();
        let answer = self.authorize(&url, &redirect_uri)?;
        let code = answer.get("code").map(str::to_owned).ok_or_else(|| {
            let error = answer.get("error").unwrap_or("no code");
            Error::protocol(
                "no_code",
                format!("the server sent no code for a valid request: {error}"),
            )
        })?;
        Ok(Code {
            code,
            verifier,
            nonce,
            redirect_uri,
            state,
            answer,
        })
    }

    /// Redeem `code` as `client` with `verifier` (None: leave it out) at `redirect_uri`.
    pub fn redeem(
        &mut self,
        client: &ClientAuth,
        code: &str,
        verifier: Option<&str>,
        redirect_uri: &str,
    ) -> Result<HttpResponse> {
        let token = self
            .endpoint("token_endpoint")
            .map_err(|e| Error::protocol("no_endpoint", e))?;
        let mut form = vec![
            ("grant_type".to_string(), "authorization_code".to_string()),
            ("code".to_string(), code.to_string()),
            ("redirect_uri".to_string(), redirect_uri.to_string()),
        ];
        if let Some(v) = verifier {
            form.push(("code_verifier".into(), v.into()));
        }
        self.post(&token, Some(client), form, &[])
    }

    /// Redeem `code` as issued: the main client, its verifier and redirect URI.
    pub fn redeem_code(&mut self, code: &Code) -> Result<HttpResponse> {
        let client = self.client.clone();
        self.redeem(
            &client,
            &code.code,
            Some(&code.verifier),
            &code.redirect_uri,
        )
    }

    /// Tokens for the main client through the code flow: the token response's JSON.
    pub fn tokens(&mut self) -> Result<Map<String, Value>> {
        Ok(self.tokens_with_nonce()?.0)
    }

    /// [`Auditor::tokens`], and the nonce the request sent.
    pub fn tokens_with_nonce(&mut self) -> Result<(Map<String, Value>, String)> {
        let code = self.code_for(None)?;
        let client = self.client.clone();
        let response = self.redeem(
            &client,
            &code.code,
            Some(&code.verifier),
            &code.redirect_uri,
        )?;
        if response.status != 200 {
            return Err(Error::protocol(
                "token_error",
                format!("a valid code exchange answered HTTP {}", response.status),
            ));
        }
        let body = json::parse_object(&response.body)
            .map_err(|e| Error::protocol("bad_token_response", e.to_string()))?;
        Ok((body, code.nonce))
    }

    /// Whether introspection (as the main client) says `token` is active; None when the
    /// server offers no introspection.
    pub fn active(&mut self, token: &str) -> Result<Option<bool>> {
        let Ok(url) = self.endpoint("introspection_endpoint") else {
            return Ok(None);
        };
        let client = self.client.clone();
        let response = self.post(
            &url,
            Some(&client),
            vec![("token".into(), token.into())],
            &[],
        )?;
        let body = json::parse_object(&response.body).ok();
        Ok(body
            .and_then(|b| b.get("active").and_then(Value::as_bool))
            .or(Some(false)))
    }

    /// The userinfo status for a bearer `token` (None: no userinfo endpoint).
    pub fn userinfo_status(&mut self, token: &str) -> Result<Option<u16>> {
        let Ok(url) = self.endpoint("userinfo_endpoint") else {
            return Ok(None);
        };
        let header = format!("Bearer {token}");
        Ok(Some(self.get(&url, &[("Authorization", &header)])?.status))
    }
}

/// The parameters of a redirect: its query, or its fragment.
pub fn redirect_params(url: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(answer_of(url)).unwrap_or_default()
}
