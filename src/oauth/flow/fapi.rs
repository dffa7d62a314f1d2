//! The FAPI 2.0 Security Profile's client side (FAPI 2.0 Security Profile, section 5):
//! `flow --fapi2` pushes its requests with PKCE S256, authenticates with private_key_jwt,
//! binds its tokens with DPoP, insists on RFC 9207's `iss`, and uses and accepts only the
//! profile's algorithms. Before it starts it checks that the server's metadata offers its
//! side of all that, and names what is missing.

use super::*;
use crate::keys::Algorithm;

/// The JWS algorithms the profile permits (section 5.4.1).
pub const ALGORITHMS: [Algorithm; 3] = [Algorithm::Ps256, Algorithm::Es256, Algorithm::EdDsa];

fn names(algs: &[Algorithm]) -> String {
    algs.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
}

/// Whether `alg` is one the profile permits, or why not.
pub fn check_algorithm(what: &str, alg: Algorithm) -> Result<()> {
    if ALGORITHMS.contains(&alg) {
        return Ok(());
    }
    Err(Error::protocol(
        "fapi_algorithm",
        format!(
            "{what} uses {alg}; FAPI 2.0 permits only {}",
            names(&ALGORITHMS)
        ),
    ))
}

/// What a server's metadata lacks of the FAPI 2.0 Security Profile's server side, each as
/// a sentence (empty: nothing).
pub fn server_shortfalls(meta: &Map<String, Value>) -> Vec<String> {
    let list = |name: &str| -> Vec<String> {
        meta.get(name)
            .and_then(Value::as_array)
            .map(|v| {
                v.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let permitted = |name: &str| {
        list(name)
            .iter()
            .any(|a| ALGORITHMS.iter().any(|p| p.name() == a))
    };
    let mut missing = Vec::new();
    if meta.get("pushed_authorization_request_endpoint").is_none() {
        missing.push("no pushed_authorization_request_endpoint (PAR is required)".to_string());
    }
    if !list("code_challenge_methods_supported")
        .iter()
        .any(|m| m == "S256")
    {
        missing.push("PKCE S256 is not advertised".into());
    }
    if meta.get("authorization_response_iss_parameter_supported") != Some(&Value::Bool(true)) {
        missing
            .push("authorization_response_iss_parameter_supported is not true (RFC 9207)".into());
    }
    if !list("token_endpoint_auth_methods_supported")
        .iter()
        .any(|m| m == "private_key_jwt")
    {
        missing.push("private_key_jwt is not among the token endpoint's methods".into());
    }
    if !permitted("token_endpoint_auth_signing_alg_values_supported") {
        missing.push(format!(
            "no client assertion algorithm of {} is advertised",
            names(&ALGORITHMS)
        ));
    }
    match list("dpop_signing_alg_values_supported") {
        algs if algs.is_empty() => missing.push(
            "no dpop_signing_alg_values_supported: the server offers only bearer tokens, and \
             FAPI 2.0 requires sender-constrained ones"
                .into(),
        ),
        _ if !permitted("dpop_signing_alg_values_supported") => missing.push(format!(
            "no DPoP algorithm of {} is advertised",
            names(&ALGORITHMS)
        )),
        _ => {}
    }
    if !permitted("id_token_signing_alg_values_supported") {
        missing.push(format!(
            "ID tokens are signed with {}; FAPI 2.0 permits only {}",
            list("id_token_signing_alg_values_supported").join(", "),
            names(&ALGORITHMS)
        ));
    }
    missing
}

impl Run<'_> {
    /// The server's side of the profile, from its metadata: every shortfall, in one error.
    pub(super) fn check_fapi_server(&self) -> Result<String> {
        let missing = server_shortfalls(&self.metadata);
        if !missing.is_empty() {
            return Err(Error::protocol(
                "fapi_server",
                format!("the server does not meet FAPI 2.0: {}", missing.join("; ")),
            ));
        }
        Ok("PAR, PKCE S256, RFC 9207 iss, private_key_jwt, DPoP and the profile's algorithms are offered".into())
    }
}
