//! DPoP in the flow (RFC 9449): a fresh proof on every token-endpoint and resource request,
//! the server nonce dance (one retry with the nonce the server names), and the check that
//! what came back is bound to this key.

use super::*;
use crate::protocol::dpop::{self, Prover};

/// The origin a nonce belongs to (RFC 9449 section 8: nonces are per server).
fn origin(url: &str) -> String {
    crate::protocol::url::Url::parse(url).map_or_else(
        || url.to_string(),
        |u| format!("{}://{}", u.scheme.to_ascii_lowercase(), u.host_port()),
    )
}

/// Whether an answer asks for a nonce: 400 `use_dpop_nonce` from an authorization server
/// (section 8), 401 with a `use_dpop_nonce` challenge from a resource (section 9).
fn asks_for_nonce(response: &HttpResponse) -> bool {
    let from_token_endpoint = response.status == 400
        && json::parse_object(&response.body)
            .ok()
            .is_some_and(|b| b.get("error").and_then(Value::as_str) == Some("use_dpop_nonce"));
    let from_resource = response.status == 401
        && response
            .header("www-authenticate")
            .is_some_and(|c| c.contains("use_dpop_nonce"));
    (from_token_endpoint || from_resource) && response.header("dpop-nonce").is_some()
}

/// Sends one request with the given extra headers (the proof).
type Send<'s> = &'s dyn Fn(&Run, Vec<(String, String)>) -> Result<HttpResponse>;

impl Run<'_> {
    fn remember_nonce(&mut self, url: &str, response: &HttpResponse) {
        if let Some(nonce) = response.header("dpop-nonce") {
            self.dpop_nonces.insert(origin(url), nonce.to_string());
        }
    }

    /// Send with a fresh proof from `send`; if the server asks for a nonce, once more with it.
    fn proven(
        &mut self,
        prover: &Prover,
        (method, url): (&str, &str),
        access_token: Option<&str>,
        send: Send,
    ) -> Result<HttpResponse> {
        let mut retried = false;
        loop {
            let nonce = self.dpop_nonces.get(&origin(url)).cloned();
            let proof = prover.proof(method, url, access_token, nonce.as_deref())?;
            let response = send(self, vec![("DPoP".to_string(), proof)])?;
            let again = asks_for_nonce(&response);
            self.remember_nonce(url, &response);
            if !again || retried {
                return Ok(response);
            }
            self.ui.detail(&format!(
                "{url} asked for a DPoP nonce; sending the proof again with it"
            ));
            retried = true;
        }
    }

    /// POST a client-authenticated form to the token endpoint, with a proof under DPoP.
    pub(super) fn post_proven(
        &mut self,
        url: &str,
        form: Vec<(String, String)>,
        from_server: bool,
    ) -> Result<HttpResponse> {
        let Some(prover) = self.config.dpop.clone() else {
            return self.post(url, form, from_server);
        };
        let send = |run: &Run, proof: Vec<(String, String)>| {
            run.config
                .client
                .post_with(run.http, url, form.clone(), proof, from_server)
        };
        self.proven(&prover, ("POST", url), None, &send)
    }

    /// GET a resource (userinfo, --resource-url) with the access token: `Bearer`, or the
    /// `DPoP` scheme with a proof that carries the token's hash.
    pub(super) fn get_with_token(&mut self, url: &str, from_server: bool) -> Result<HttpResponse> {
        let Some(prover) = self.config.dpop.clone() else {
            let auth = self.bearer()?;
            return self
                .http
                .send("GET", url, &[("Authorization", &auth)], None, from_server);
        };
        let access = self
            .tokens
            .access
            .as_ref()
            .map(|s| String::from_utf8_lossy(s.expose()).into_owned())
            .ok_or_else(|| Error::protocol("no_token", "no access token"))?;
        let auth = format!("{} {access}", dpop::SCHEME);
        let send = |run: &Run, proof: Vec<(String, String)>| {
            let mut headers = vec![("Authorization", auth.as_str())];
            headers.extend(proof.iter().map(|(n, v)| (n.as_str(), v.as_str())));
            run.http.send("GET", url, &headers, None, from_server)
        };
        self.proven(&prover, ("GET", url), Some(&access), &send)
    }

    /// Under DPoP, the token response must say `token_type: DPoP` and a JWT access token
    /// must be bound to this key (`cnf.jkt`); without DPoP, a DPoP-bound answer is wrong.
    pub(super) fn check_binding(&self, body: &Map<String, Value>) -> Result<()> {
        let token_type = body
            .get("token_type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let is_dpop = token_type.eq_ignore_ascii_case(dpop::TOKEN_TYPE);
        let Some(prover) = &self.config.dpop else {
            if is_dpop {
                return Err(Error::protocol(
                    "bad_token_response",
                    "token_type is DPoP, but no DPoP proof was sent",
                ));
            }
            return Ok(());
        };
        if !is_dpop {
            return Err(Error::protocol(
                "dpop_ignored",
                format!(
                    "a DPoP proof was sent but token_type is `{}`: the server did not bind \
                     the token (it does not support DPoP, or ignored the proof)",
                    token_type.escape_default()
                ),
            ));
        }
        let access = body
            .get("access_token")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(claims) = jwt_claims(access) {
            let jkt = claims
                .get("cnf")
                .and_then(|c| c.get("jkt"))
                .and_then(Value::as_str);
            if jkt != Some(prover.jkt()) {
                return Err(Error::protocol(
                    "dpop_binding",
                    format!(
                        "the access token's cnf.jkt is {}, not the thumbprint of the DPoP key \
                         ({})",
                        jkt.map_or("missing".to_string(), |j| format!(
                            "`{}`",
                            j.escape_default()
                        )),
                        prover.jkt()
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The claims of a token that is a JWT with a JSON object payload (read, not verified: the
/// flow checks what the server said it bound, the resource server verifies).
fn jwt_claims(token: &str) -> Option<Map<String, Value>> {
    let jws = crate::jwt::jws::parse(token).ok()?;
    crate::jwt::token::parse_claims(&jws.payload).ok()
}

/// For the token step's detail: what the tokens are bound to, and how far that was seen
/// (a JWT's `cnf.jkt` compared, or only the server's `token_type` for an opaque token).
pub(super) fn binding_note(config: &FlowConfig, body: &Map<String, Value>) -> String {
    let Some(prover) = &config.dpop else {
        return String::new();
    };
    let access = body
        .get("access_token")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let seen = if jwt_claims(access).is_some() {
        "cnf.jkt matched"
    } else {
        "opaque token: token_type DPoP is the server's word"
    };
    format!(
        "; DPoP-bound to {} ({}; {seen})",
        prover.jkt(),
        prover.algorithm()
    )
}
