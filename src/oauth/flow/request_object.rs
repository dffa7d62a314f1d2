//! Signed request objects (RFC 9101, JAR): the authorization request's parameters as the
//! claims of a JWT signed with the client's key, sent by value (`request`) or pushed.

use super::*;
use crate::keys::crypto::Signer;

/// The media type of a request object (RFC 9101 section 10.8).
const TYPE: &str = "oauth-authz-req+jwt";

/// How long a request object may be used: a browser round trip, no more.
const LIFETIME: i64 = 300;

/// Parameters that are numbers, and those that carry JSON, in a request object.
const NUMERIC: [&str; 1] = ["max_age"];
const JSON_VALUED: [&str; 2] = ["authorization_details", "claims"];

impl Run<'_> {
    /// The request object for `query`, signed with `--client-key`.
    pub(super) fn request_object(&self, query: &[(String, String)]) -> Result<String> {
        let key = self.config.client.key.as_ref().ok_or_else(|| {
            Error::usage(
                "no_client_key",
                "--request-object signs with the client's key: give --client-key FILE",
            )
        })?;
        let audience = self.expected_issuer().ok_or_else(|| {
            Error::usage(
                "no_issuer",
                "a request object names the server as its audience: give --issuer or --issuer-id",
            )
        })?;
        let now = crate::jwt::time::now()?;
        let mut claims = Map::new();
        claims.insert("iss".into(), self.config.client.id.clone().into());
        claims.insert("aud".into(), audience.into());
        claims.insert("iat".into(), now.into());
        claims.insert("nbf".into(), now.into());
        claims.insert("exp".into(), (now + LIFETIME).into());
        claims.insert("jti".into(), crate::jwt::token::random_jti()?.into());
        for (name, value) in query {
            let value = if NUMERIC.contains(&name.as_str()) {
                value
                    .parse::<i64>()
                    .map_or_else(|_| value.clone().into(), Value::from)
            } else if JSON_VALUED.contains(&name.as_str()) {
                json::parse(value.as_bytes()).unwrap_or_else(|_| value.clone().into())
            } else {
                value.clone().into()
            };
            // A repeated parameter (resource) becomes an array.
            match claims.get_mut(name) {
                Some(Value::Array(items)) => items.push(value),
                Some(first) => *first = Value::Array(vec![first.clone(), value]),
                None => {
                    claims.insert(name.clone(), value);
                }
            }
        }
        let mut header = Map::new();
        header.insert("typ".into(), TYPE.into());
        if let Some(kid) = &key.kid {
            header.insert("kid".into(), kid.clone().into());
        }
        let signer = Signer::new(key, key.alg.unwrap_or_else(|| key.default_algorithm()))?;
        crate::jwt::token::mint(&signer, &header, &claims)
    }

    /// What goes outside the object: `client_id` and the object, with `response_type` and
    /// `scope` repeated for OpenID Connect servers, which read them there (Core 6.1).
    pub(super) fn by_value(
        &self,
        query: &[(String, String)],
        object: String,
    ) -> Vec<(String, String)> {
        let mut outside: Vec<(String, String)> = query
            .iter()
            .filter(|(n, _)| matches!(n.as_str(), "client_id" | "response_type" | "scope"))
            .cloned()
            .collect();
        outside.push(("request".into(), object));
        outside
    }
}
