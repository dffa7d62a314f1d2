//! The steps after tokens are issued: userinfo, the protected resource, refresh, introspection
//! and revocation, each checked against what the flow already knows.

use super::*;

impl Run<'_> {
    pub(super) fn after_tokens(&mut self, token_url: &str) -> Result<()> {
        let id_sub = self.tokens.id.as_ref().and_then(|t| {
            let text = String::from_utf8_lossy(t.expose()).into_owned();
            let payload = text.split('.').nth(1).and_then(|p| b64::decode(p).ok())?;
            let claims: Value = serde_json::from_slice(&payload).ok()?;
            claims.get("sub").and_then(Value::as_str).map(str::to_owned)
        });
        let openid = scope::contains(&scope::parse(&self.config.scope), "openid");
        let userinfo = match (openid, self.endpoints.userinfo.clone()) {
            (false, _) => Err("the scope has no openid".to_string()),
            (true, None) => Err("the server has no userinfo endpoint".to_string()),
            (true, Some(url)) => Ok(url),
        };
        if let Some(url) = self.optional("userinfo", userinfo)? {
            self.step("userinfo", |run| {
                let from_server = run.config.endpoints.userinfo.is_none();
                let response = run.get_with_token(&url, from_server)?;
                let info = response.json_object("userinfo_failed", "userinfo")?;
                let sub = info
                    .get("sub")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                if let Some(expected) = &id_sub {
                    if *expected != sub {
                        return Err(Error::protocol(
                            "sub_mismatch",
                            format!(
                                "userinfo sub `{sub}` differs from the ID token's `{expected}`"
                            ),
                        ));
                    }
                }
                Ok(((), format!("sub {sub}, {} claims", info.len())))
            })?;
        }
        // Without --resource-url there is no resource to call: nothing to report.
        if let (true, Some(url)) = (self.wants("resource"), self.config.resource_url.clone()) {
            self.step("resource", |run| {
                let response = run.get_with_token(&url, false)?;
                if !(200..300).contains(&response.status) {
                    return Err(Error::rejected(
                        "resource_refused",
                        format!("{url} answered HTTP {}", response.status),
                    ));
                }
                Ok(((), format!("HTTP {}", response.status)))
            })?;
        }
        let refresh = self
            .tokens
            .refresh
            .as_ref()
            .map(|s| String::from_utf8_lossy(s.expose()).into_owned())
            .ok_or_else(|| "the server issued no refresh token".to_string());
        if let Some(old) = self.optional("refresh", refresh)? {
            {
                self.step("refresh", |run| {
                    let form = vec![
                        (
                            "grant_type".to_string(),
                            GrantType::RefreshToken.name().to_string(),
                        ),
                        ("refresh_token".into(), old.clone()),
                    ];
                    let mut form = form;
                    form.extend(run.resource_params());
                    let body = run.token_request(token_url, form)?;
                    let rotated = body
                        .get("refresh_token")
                        .and_then(Value::as_str)
                        .is_some_and(|new| new != old);
                    Ok((
                        (),
                        if rotated {
                            "new access token, refresh token rotated"
                        } else {
                            "new access token, refresh token kept"
                        }
                        .to_string(),
                    ))
                })?;
            }
        }
        // Introspection needs an authenticated client (RFC 7662 2.1).
        let introspection = match self.endpoints.introspection.clone() {
            None => Err("the server has no introspection endpoint".to_string()),
            Some(_) if self.config.client.method == ClientAuthMethod::None => {
                Err("a public client cannot call introspection (RFC 7662 section 2.1)".to_string())
            }
            Some(url) => Ok(url),
        };
        let introspection = self.optional("introspect", introspection)?;
        let from_server = self.config.issuer.is_some();
        if let Some(url) = &introspection {
            self.step("introspect", |run| {
                let active = run.introspect(url, from_server)?;
                if !active {
                    return Err(Error::protocol(
                        "not_active",
                        "introspection says the fresh access token is not active",
                    ));
                }
                Ok(((), "active".to_string()))
            })?;
        }
        let revocation = match self.endpoints.revocation.clone() {
            _ if self.config.keep_tokens_live => {
                Err("not revoked: the token printed with --print is kept live".to_string())
            }
            None => Err("the server has no revocation endpoint".to_string()),
            Some(url) => Ok(url),
        };
        if let Some(url) = self.optional("revoke", revocation)? {
            self.step("revoke", |run| {
                let access = run
                    .tokens
                    .access
                    .as_ref()
                    .map(|s| String::from_utf8_lossy(s.expose()).into_owned())
                    .unwrap_or_default();
                let form = vec![
                    ("token".to_string(), access),
                    ("token_type_hint".into(), "access_token".into()),
                ];
                let response = run.post(&url, form, from_server)?;
                if response.status != 200 {
                    return Err(Error::protocol(
                        "revoke_failed",
                        format!("revocation answered HTTP {}", response.status),
                    ));
                }
                Ok(((), "access token revoked".to_string()))
            })?;
            if let Some(url) = &introspection {
                self.step("introspect_revoked", |run| {
                    if run.introspect(url, from_server)? {
                        return Err(Error::protocol(
                            "still_active",
                            "the revoked access token is still active",
                        ));
                    }
                    Ok(((), "inactive after revocation".to_string()))
                })?;
            }
        }
        Ok(())
    }

    fn introspect(&self, url: &str, from_server: bool) -> Result<bool> {
        let access = self
            .tokens
            .access
            .as_ref()
            .map(|s| String::from_utf8_lossy(s.expose()).into_owned())
            .unwrap_or_default();
        let response = self.post(url, vec![("token".into(), access)], from_server)?;
        let body = response.json_object("introspect_failed", "introspection")?;
        match body.get("active") {
            Some(Value::Bool(active)) => Ok(*active),
            _ => Err(Error::protocol(
                "introspect_failed",
                "introspection has no boolean `active`",
            )),
        }
    }
}
