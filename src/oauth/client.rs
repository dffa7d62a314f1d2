//! The client's side of every endpoint call: who it is, how it authenticates
//! (RFC 6749 2.3.1, RFC 7523 2.2), and where the endpoints are.

use serde_json::{Map, Value};

use super::discovery;
use super::http::{HttpClient, HttpResponse};
use crate::error::{Error, Result};
use crate::keys::crypto::Signer;
use crate::keys::Key;
use crate::protocol::ClientAuthMethod;
use crate::secret::Secret;

#[derive(Debug, Clone)]
pub struct ClientAuth {
    pub id: String,
    pub secret: Option<Secret>,
    pub key: Option<Key>,
    pub method: ClientAuthMethod,
}

#[derive(Debug, Clone, Default)]
pub struct Endpoints {
    pub authorize: Option<String>,
    pub token: Option<String>,
    pub userinfo: Option<String>,
    pub jwks: Option<String>,
    pub introspection: Option<String>,
    pub revocation: Option<String>,
    pub device_authorization: Option<String>,
    /// RFC 9126's pushed authorization request endpoint.
    pub par: Option<String>,
}

impl Endpoints {
    /// Fill the endpoints not given explicitly from the server's metadata.
    pub fn merged(&self, metadata: &Map<String, Value>) -> Result<Endpoints> {
        let pick = |explicit: &Option<String>, name: &str| -> Result<Option<String>> {
            Ok(explicit
                .clone()
                .or(discovery::endpoint(metadata, name)?.map(str::to_owned)))
        };
        Ok(Endpoints {
            authorize: pick(&self.authorize, "authorization_endpoint")?,
            token: pick(&self.token, "token_endpoint")?,
            userinfo: pick(&self.userinfo, "userinfo_endpoint")?,
            jwks: pick(&self.jwks, "jwks_uri")?,
            introspection: pick(&self.introspection, "introspection_endpoint")?,
            revocation: pick(&self.revocation, "revocation_endpoint")?,
            device_authorization: pick(
                &self.device_authorization,
                "device_authorization_endpoint",
            )?,
            par: pick(&self.par, "pushed_authorization_request_endpoint")?,
        })
    }
}

fn form_encode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).unwrap_or_default()[1..].to_string()
}

impl ClientAuth {
    /// Add the authentication to a form POSTed to `audience` (the endpoint URL); returns
    /// the headers to send.
    pub fn apply(
        &self,
        form: &mut Vec<(String, String)>,
        audience: &str,
    ) -> Result<Vec<(String, String)>> {
        let secret = || {
            self.secret
                .as_ref()
                .map(|s| String::from_utf8_lossy(s.expose()).into_owned())
                .ok_or_else(|| {
                    Error::usage("no_secret", "this auth method needs the client secret")
                })
        };
        match self.method {
            ClientAuthMethod::ClientSecretBasic => {
                // RFC 6749 2.3.1: each part is form-urlencoded before Base64.
                let pair = format!("{}:{}", form_encode(&self.id), form_encode(&secret()?));
                let value =
                    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pair);
                Ok(vec![("Authorization".into(), format!("Basic {value}"))])
            }
            ClientAuthMethod::ClientSecretPost => {
                form.push(("client_id".into(), self.id.clone()));
                form.push(("client_secret".into(), secret()?));
                Ok(Vec::new())
            }
            ClientAuthMethod::PrivateKeyJwt | ClientAuthMethod::ClientSecretJwt => {
                form.push(("client_id".into(), self.id.clone()));
                form.push((
                    "client_assertion_type".into(),
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
                ));
                form.push(("client_assertion".into(), self.assertion(audience)?));
                Ok(Vec::new())
            }
            // The TLS certificate proves who the client is (RFC 8705 section 2); the form
            // names it.
            ClientAuthMethod::None
            | ClientAuthMethod::TlsClientAuth
            | ClientAuthMethod::SelfSignedTlsClientAuth => {
                form.push(("client_id".into(), self.id.clone()));
                Ok(Vec::new())
            }
        }
    }

    /// What signs this client's assertions: its key (`private_key_jwt`), or HS256 with
    /// its secret (`client_secret_jwt`), which must be at least as long as the hash.
    fn assertion_signer(&self) -> Result<(Signer, Option<String>)> {
        if self.method == ClientAuthMethod::ClientSecretJwt {
            let secret = self.secret.clone().ok_or_else(|| {
                Error::usage("no_secret", "client_secret_jwt needs the client secret")
            })?;
            let alg = crate::keys::Algorithm::Hs256;
            if secret.len() < alg.min_hmac_key_len() {
                return Err(Error::usage(
                    "weak_key",
                    format!(
                        "the client secret is {} bytes; an HS256 client assertion needs at least \
                         {} (RFC 7518 section 3.2)",
                        secret.len(),
                        alg.min_hmac_key_len()
                    ),
                ));
            }
            let key = Key::new(crate::keys::Material::Oct { k: secret });
            return Ok((Signer::new(&key, alg)?, None));
        }
        let key = self
            .key
            .as_ref()
            .ok_or_else(|| Error::usage("no_client_key", "private_key_jwt needs --client-key"))?;
        let alg = key.alg.unwrap_or_else(|| key.default_algorithm());
        Ok((Signer::new(key, alg)?, key.kid.clone()))
    }

    /// RFC 7523 section 3: iss = sub = client_id, aud = the endpoint, short-lived, unique.
    fn assertion(&self, audience: &str) -> Result<String> {
        self.signed_assertion(&self.id, audience)
    }

    /// A JWT-bearer grant (RFC 7523 section 2.1) the client issues about `subject`, signed
    /// with its key.
    pub fn grant_assertion(&self, subject: &str, audience: &str) -> Result<String> {
        if self.key.is_none() {
            return Err(Error::usage(
                "no_client_key",
                "--assertion-sub signs the assertion with --client-key: give it",
            ));
        }
        let signer = ClientAuth {
            method: ClientAuthMethod::PrivateKeyJwt,
            ..self.clone()
        };
        signer.signed_assertion(subject, audience)
    }

    fn signed_assertion(&self, subject: &str, audience: &str) -> Result<String> {
        let (signer, kid) = self.assertion_signer()?;
        let now = crate::jwt::time::now()?;
        let mut claims = Map::new();
        claims.insert("iss".into(), self.id.clone().into());
        claims.insert("sub".into(), subject.into());
        claims.insert("aud".into(), audience.into());
        claims.insert("iat".into(), now.into());
        claims.insert("exp".into(), (now + 60).into());
        claims.insert("jti".into(), crate::jwt::token::random_jti()?.into());
        let mut header = Map::new();
        header.insert("typ".into(), "JWT".into());
        if let Some(kid) = kid {
            header.insert("kid".into(), kid.into());
        }
        crate::jwt::token::mint(&signer, &header, &claims)
    }

    /// POST an authenticated form.
    pub fn post(
        &self,
        http: &HttpClient,
        url: &str,
        form: Vec<(String, String)>,
        from_server: bool,
    ) -> Result<HttpResponse> {
        self.post_with(http, url, form, Vec::new(), from_server)
    }

    /// POST an authenticated form with extra headers (a DPoP proof).
    pub fn post_with(
        &self,
        http: &HttpClient,
        url: &str,
        mut form: Vec<(String, String)>,
        extra: Vec<(String, String)>,
        from_server: bool,
    ) -> Result<HttpResponse> {
        let mut headers = self.apply(&mut form, url)?;
        headers.extend(extra);
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let form: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        http.send("POST", url, &headers, Some(&form), from_server)
    }
}
