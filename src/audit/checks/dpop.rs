//! DPoP (RFC 9449): a bound token must not pass as a bearer token, and a resource must
//! refuse a proof that is replayed, made for another method or URL, or signed by another
//! key. Each check gets its own bound token through the code flow (answering the server's
//! nonce challenge once, as a client must) and probes userinfo.

use super::*;
use crate::oauth::http::HttpResponse;
use crate::protocol::dpop::{self, Prover};

/// A token bound to `prover`, and what a proof for userinfo needs.
struct Bound {
    prover: Prover,
    access: String,
    userinfo: String,
    nonce: Option<String>,
}

/// Whether an answer asks for a DPoP nonce (RFC 9449 sections 8 and 9), and which.
fn nonce_asked(r: &HttpResponse) -> Option<String> {
    let error_body = json::parse_object(&r.body)
        .ok()
        .and_then(|b| text(&b, "error"))
        .is_some_and(|e| e == "use_dpop_nonce");
    let challenge = r
        .header("www-authenticate")
        .is_some_and(|c| c.contains("use_dpop_nonce"));
    (error_body || challenge)
        .then(|| r.header("dpop-nonce").map(str::to_owned))
        .flatten()
}

/// A DPoP-bound token for the main client, or why there is none (a skip).
fn bound_token(a: &mut Auditor) -> Result<std::result::Result<Bound, String>> {
    if a.meta_list("dpop_signing_alg_values_supported").is_empty() {
        return Ok(Err("the metadata advertises no DPoP algorithms".into()));
    }
    let Ok(userinfo) = a.endpoint("userinfo_endpoint") else {
        return Ok(Err("no userinfo endpoint to present the token at".into()));
    };
    let token_url = a
        .endpoint("token_endpoint")
        .map_err(|e| crate::error::Error::protocol("no_endpoint", e))?;
    let prover = Prover::ephemeral()?;
    let code = a.code_for(None)?;
    let client = a.client.clone();
    let mut form = vec![
        ("grant_type".to_string(), "authorization_code".to_string()),
        ("code".to_string(), code.code.clone()),
        ("redirect_uri".to_string(), code.redirect_uri.clone()),
    ];
    form.push(("code_verifier".into(), code.verifier.clone()));
    let mut nonce = None;
    for _ in 0..2 {
        let proof = prover.proof("POST", &token_url, None, nonce.as_deref())?;
        let r = a.post(&token_url, Some(&client), form.clone(), &[("DPoP", &proof)])?;
        if let (None, Some(asked)) = (&nonce, nonce_asked(&r)) {
            nonce = Some(asked);
            continue;
        }
        let body = json::parse_object(&r.body).unwrap_or_default();
        let token_type = text(&body, "token_type").unwrap_or_default();
        let access = text(&body, "access_token");
        return Ok(match access {
            Some(access) if r.status == 200 && token_type.eq_ignore_ascii_case("dpop") => {
                Ok(Bound {
                    prover,
                    access,
                    userinfo,
                    nonce: r.header("dpop-nonce").map(str::to_owned).or(nonce),
                })
            }
            _ => Err(format!(
                "a code exchange with a DPoP proof gave no bound token (HTTP {}, token_type `{}`)",
                r.status,
                token_type.escape_default()
            )),
        });
    }
    Ok(Err(
        "the token endpoint kept asking for a new DPoP nonce".into()
    ))
}

impl Bound {
    /// GET userinfo with the DPoP scheme and the proof `make` returns for the current
    /// nonce; once more with a new proof when the server asks for a nonce. Returns the
    /// answer and the proof it was given.
    fn present(
        &mut self,
        a: &mut Auditor,
        make: impl Fn(&Bound) -> Result<String>,
    ) -> Result<(HttpResponse, String)> {
        let scheme = format!("{} {}", dpop::SCHEME, self.access);
        let mut last = None;
        for _ in 0..2 {
            let proof = make(self)?;
            let r = a.get(
                &self.userinfo.clone(),
                &[("Authorization", &scheme), ("DPoP", &proof)],
            )?;
            match nonce_asked(&r) {
                Some(asked) if last.is_none() && self.nonce.as_deref() != Some(&asked) => {
                    self.nonce = Some(asked);
                    last = Some((r, proof));
                }
                _ => return Ok((r, proof)),
            }
        }
        Ok(last.expect("the loop ran"))
    }

    /// A correct proof for userinfo.
    fn proof(&self, method: &str, url: &str, prover: &Prover) -> Result<String> {
        prover.proof(method, url, Some(&self.access), self.nonce.as_deref())
    }

    /// A correct proof passes: otherwise the refusals below say nothing.
    fn baseline(&mut self, a: &mut Auditor) -> Result<Option<Outcome>> {
        let (r, _) = self.present(a, |b| b.proof("GET", &b.userinfo, &b.prover))?;
        Ok((r.status != 200).then(|| {
            Outcome::skip(format!(
                "userinfo refused the bound token with a correct proof (HTTP {})",
                r.status
            ))
        }))
    }
}

pub fn dpop_bound_token_not_bearer(a: &mut Auditor) -> Result<Outcome> {
    let mut bound = need!(bound_token(a)?, "no DPoP-bound token");
    if let Some(skip) = bound.baseline(a)? {
        return Ok(skip);
    }
    let status = a.userinfo_status(&bound.access)?.unwrap_or_default();
    Ok(Outcome::when(
        status != 200,
        format!("the bound token as a bearer token was refused (HTTP {status})"),
        "userinfo accepted the DPoP-bound token as a plain bearer token",
    ))
}

pub fn dpop_proof_replay_refused(a: &mut Auditor) -> Result<Outcome> {
    let mut bound = need!(bound_token(a)?, "no DPoP-bound token");
    let (first, proof) = bound.present(a, |b| b.proof("GET", &b.userinfo, &b.prover))?;
    if first.status != 200 {
        return Ok(Outcome::skip(format!(
            "userinfo refused the bound token with a correct proof (HTTP {})",
            first.status
        )));
    }
    let scheme = format!("{} {}", dpop::SCHEME, bound.access);
    let again = a.get(
        &bound.userinfo,
        &[("Authorization", &scheme), ("DPoP", &proof)],
    )?;
    Ok(Outcome::when(
        again.status != 200,
        format!("the replayed proof was refused (HTTP {})", again.status),
        "userinfo accepted the same DPoP proof twice",
    ))
}

pub fn dpop_proof_bound_to_request(a: &mut Auditor) -> Result<Outcome> {
    let mut bound = need!(bound_token(a)?, "no DPoP-bound token");
    if let Some(skip) = bound.baseline(a)? {
        return Ok(skip);
    }
    let elsewhere = a.endpoint("token_endpoint").unwrap_or_default();
    let (wrong_method, _) = bound.present(a, |b| b.proof("POST", &b.userinfo, &b.prover))?;
    let (wrong_url, _) = bound.present(a, |b| b.proof("GET", &elsewhere, &b.prover))?;
    let mut accepted = Vec::new();
    if wrong_method.status == 200 {
        accepted.push("a proof for POST on a GET");
    }
    if wrong_url.status == 200 {
        accepted.push("a proof for the token endpoint's URL");
    }
    Ok(Outcome::when(
        accepted.is_empty(),
        format!(
            "proofs for another method and another URL were refused (HTTP {}, {})",
            wrong_method.status, wrong_url.status
        ),
        format!("userinfo accepted {}", accepted.join(" and ")),
    ))
}

pub fn dpop_other_key_refused(a: &mut Auditor) -> Result<Outcome> {
    let mut bound = need!(bound_token(a)?, "no DPoP-bound token");
    if let Some(skip) = bound.baseline(a)? {
        return Ok(skip);
    }
    let other = Prover::ephemeral()?;
    let (r, _) = bound.present(a, |b| b.proof("GET", &b.userinfo, &other))?;
    Ok(Outcome::when(
        r.status != 200,
        format!("a proof by another key was refused (HTTP {})", r.status),
        "userinfo accepted the bound token with a proof signed by another key",
    ))
}
