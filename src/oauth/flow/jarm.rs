//! JARM (JWT Secured Authorization Response Mode): the authorization response comes as one
//! JWT signed by the server. The listener hands it here before anything in it is used: the
//! signature with the server's JWKS, `iss`, `aud` (this client) and `exp`; then its claims
//! are the response (and `state` is compared as for a plain one).

use super::*;
use crate::oauth::loopback::Unwrap;
use crate::protocol::ResponseMode;

/// Claims of the response JWT that are not response parameters.
const JWT_CLAIMS: [&str; 3] = ["aud", "exp", "iat"];

impl Run<'_> {
    /// The checker of JWT-secured responses, with the server's keys fetched now.
    pub(super) fn jarm_unwrap(&self) -> Result<Unwrap> {
        let jwks_url = self.endpoints.jwks.clone().ok_or_else(|| {
            Error::usage(
                "no_endpoint",
                "a JWT-secured response is verified with the server's JWKS: give --issuer or --jwks-url",
            )
        })?;
        let issuer = self.expected_issuer().ok_or_else(|| {
            Error::usage(
                "no_issuer",
                "a JWT-secured response names its issuer: give --issuer or --issuer-id",
            )
        })?;
        let keys =
            discovery::fetch_jwks(self.http, &jwks_url, self.config.endpoints.jwks.is_none())?;
        let ring = KeyRing::new(keys.keys, false, &[])
            .map_err(|e| Error::protocol(e.reason, e.message))?;
        let client_id = self.config.client.id.clone();
        Ok(Box::new(move |jwt: &str| {
            let policy = Policy {
                now: crate::jwt::time::now().map_err(|e| e.message)?,
                leeway: 60,
                issuer: Some(issuer.clone()),
                audiences: vec![client_id.clone()],
                required: vec!["exp".into()],
                ..Policy::default()
            };
            let verified = ring.verify(jwt, &policy).map_err(|e| e.message)?;
            Ok(verified
                .claims
                .into_iter()
                .filter(|(name, _)| !JWT_CLAIMS.contains(&name.as_str()))
                .filter_map(|(name, value)| value.as_str().map(|v| (name.clone(), v.to_string())))
                .collect())
        }))
    }
}

/// The response modes flow's listener can receive: none of the form posts (it takes GET
/// requests only).
pub fn check_receivable(mode: ResponseMode) -> Result<()> {
    if mode.transport() == ResponseMode::FormPost {
        return Err(Error::usage(
            "unsupported_response_mode",
            format!(
                "--response-mode {}: the callback listener receives redirects, not form posts; \
                 use query, fragment, jwt, query.jwt or fragment.jwt",
                mode.name()
            ),
        ));
    }
    Ok(())
}
