//! The ID token checks of a flow (OpenID Connect Core 3.1.3.7): signature by the server's
//! keys, issuer, audience, times, nonce, azp, at_hash.

use super::*;

impl Run<'_> {
    pub(super) fn check_id_token(
        &self,
        tokens: &Map<String, Value>,
        nonce: Option<&str>,
    ) -> Result<String> {
        let Some(id_token) = tokens.get("id_token").and_then(Value::as_str) else {
            return Err(Error::protocol(
                "no_id_token",
                "scope has openid but the token response has no id_token",
            ));
        };
        let jwks_url = self.endpoints.jwks.clone().ok_or_else(|| {
            Error::usage(
                "no_endpoint",
                "verifying the ID token needs the JWKS: give --issuer or --jwks-url",
            )
        })?;
        let keys =
            discovery::fetch_jwks(self.http, &jwks_url, self.config.endpoints.jwks.is_none())?;
        // HS256 keyed with the client secret is never accepted: only the server's keys.
        let ring = KeyRing::new(keys.keys, false, &[])
            .map_err(|e| Error::protocol(e.reason, e.message))?;
        let expected_issuer = self.expected_issuer();
        let mut policy = Policy {
            now: crate::jwt::time::now()?,
            leeway: 60,
            issuer: expected_issuer.clone(),
            audiences: vec![self.config.client.id.clone()],
            ..Policy::default()
        };
        if let Some(nonce) = nonce {
            policy
                .expected
                .push(("nonce".into(), Value::String(nonce.to_string())));
        }
        let verified = ring
            .verify(id_token, &policy)
            .map_err(|e| Error::protocol(e.reason, format!("ID token: {}", e.message)))?;
        if self.config.fapi2 {
            fapi::check_algorithm("the ID token", verified.alg)?;
        }
        let claims = &verified.claims;
        // Each part of the detail names a comparison that was made, or says it was not.
        let mut checked = vec![
            format!("{} signature by the server's JWKS", verified.alg),
            "aud, exp, iat".to_string(),
        ];
        checked.push(match &expected_issuer {
            Some(_) => "iss matched".to_string(),
            None => "iss not compared (no issuer known)".to_string(),
        });
        checked.push(match nonce {
            Some(_) => "nonce matched".to_string(),
            None => "no nonce sent".to_string(),
        });
        if let Some(Value::Array(auds)) = claims.get("aud") {
            if auds.len() > 1
                && claims.get("azp").and_then(Value::as_str) != Some(self.config.client.id.as_str())
            {
                return Err(Error::protocol(
                    "azp_mismatch",
                    "ID token with several audiences lacks azp = client_id",
                ));
            }
        }
        match claims.get("azp").and_then(Value::as_str) {
            Some(azp) if azp != self.config.client.id => {
                return Err(Error::protocol(
                    "azp_mismatch",
                    format!("ID token azp is `{azp}`"),
                ));
            }
            Some(_) => checked.push("azp matched".to_string()),
            None => checked.push("no azp".to_string()),
        }
        match (
            claims.get("at_hash").and_then(Value::as_str),
            tokens.get("access_token").and_then(Value::as_str),
        ) {
            (Some(at_hash), Some(access)) => {
                let expected = hash::left_half_hash(verified.alg, access);
                if !bool::from(expected.as_bytes().ct_eq(at_hash.as_bytes())) {
                    return Err(Error::protocol(
                        "at_hash_mismatch",
                        "ID token at_hash does not match the access token",
                    ));
                }
                checked.push("at_hash matched".to_string());
            }
            _ => checked.push("no at_hash (optional in the code flow)".to_string()),
        }
        let sub = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default();
        checked.push(format!("sub {sub}"));
        Ok(checked.join(", "))
    }
}
