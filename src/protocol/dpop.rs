//! DPoP (RFC 9449): proofs of possession made by the client ([`Prover`]) and checked by
//! the server ([`check`]). What needs the server's state (the `jti` replay cache, nonces,
//! which key a token is bound to) is the server's; everything a proof says about itself is
//! checked here, in the order of RFC 9449 section 4.3.

use std::sync::Arc;

use aws_lc_rs::digest;
use serde_json::{Map, Value};

use crate::b64;
use crate::error::{Error, Result};
use crate::jwt::jws;
use crate::keys::crypto::{Signer, Verifier};
use crate::keys::jwk::{self, ThumbprintHash};
use crate::keys::{Algorithm, Curve, Key};

/// The `typ` of a proof (RFC 9449 section 4.2).
pub const PROOF_TYPE: &str = "dpop+jwt";

/// The proof algorithms accepted and advertised: every asymmetric one (section 4.2 forbids
/// `none` and MACs).
pub const ALGORITHMS: [Algorithm; 10] = [
    Algorithm::Es256,
    Algorithm::Es384,
    Algorithm::Es512,
    Algorithm::EdDsa,
    Algorithm::Ps256,
    Algorithm::Ps384,
    Algorithm::Ps512,
    Algorithm::Rs256,
    Algorithm::Rs384,
    Algorithm::Rs512,
];

/// A proof is a header with one public key and a handful of claims; an RSA-4096 proof is
/// about 1.6 KiB. Anything larger is refused before it is decoded.
pub const MAX_PROOF_BYTES: usize = 8 * 1024;

/// The longest `jti` kept in a replay cache.
pub const MAX_JTI_BYTES: usize = 256;

/// JWK members that only a private key has: a proof carrying any of them leaked its key.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// The scheme of a DPoP-bound token in `Authorization` and of a resource's challenge.
pub const SCHEME: &str = "DPoP";

/// The `token_type` of a DPoP-bound token (RFC 9449 section 5).
pub const TOKEN_TYPE: &str = "DPoP";

/// `ath`: the base64url SHA-256 of the access token (RFC 9449 section 4.2).
pub fn ath(access_token: &str) -> String {
    b64::encode(digest::digest(&digest::SHA256, access_token.as_bytes()))
}

/// The `htu` of a request URL: the URL without its query and fragment.
pub fn htu(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

/// A URL compared as RFC 9449 section 4.3 step 9 asks (RFC 3986 section 6.2.2 and 6.2.3):
/// scheme and host in lower case, the scheme's default port dropped, an empty path as `/`.
fn normalized(url: &str) -> Option<String> {
    let parsed = super::url::Url::parse(url)?;
    let scheme = parsed.scheme.to_ascii_lowercase();
    let port = match (scheme.as_str(), parsed.port) {
        ("http", Some("80")) | ("https", Some("443")) | (_, None) => String::new(),
        (_, Some(port)) => format!(":{port}"),
    };
    let path = if parsed.rest.is_empty() {
        "/"
    } else {
        parsed.rest
    };
    Some(format!(
        "{scheme}://{}{port}{path}",
        parsed.host.to_ascii_lowercase()
    ))
}

/// What the request a proof comes with is: its method, its URL as the server sees it,
/// and the access token it presents (resource requests only).
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub access_token: Option<&'a str>,
    pub now: i64,
    /// How far `iat` may be from `now`, either way, in seconds.
    pub window: i64,
}

/// A proof that checked out: the thumbprint of its key (`jkt`) and what the server's own
/// checks need.
#[derive(Debug, Clone)]
pub struct Proof {
    pub jkt: String,
    /// The algorithm the proof is signed with.
    pub alg: Algorithm,
    pub jti: String,
    pub iat: i64,
    pub nonce: Option<String>,
}

fn refused(reason: &'static str, message: impl Into<String>) -> Error {
    Error::rejected(reason, message)
}

/// Check a proof against its request (RFC 9449 section 4.3, steps 2 to 11 but the replay
/// and nonce checks, which need the server's state).
pub fn check(proof: &str, request: &Request) -> Result<Proof> {
    check_with(proof, request, None)
}

/// [`check`], taking the proof's key from `keys` when it was seen before.
pub fn check_with(proof: &str, request: &Request, keys: Option<&KeyCache>) -> Result<Proof> {
    if proof.len() > MAX_PROOF_BYTES {
        return Err(refused(
            "dpop_too_large",
            format!(
                "the DPoP proof is {} bytes; proofs over {} KiB are refused",
                proof.len(),
                MAX_PROOF_BYTES / 1024
            ),
        ));
    }
    let jws =
        jws::parse(proof).map_err(|e| refused(e.reason, format!("DPoP proof: {}", e.message)))?;
    let typ = jws.header.get("typ").and_then(Value::as_str);
    if typ != Some(PROOF_TYPE) {
        return Err(refused(
            "dpop_typ",
            format!(
                "the DPoP proof's typ is {}, not `{PROOF_TYPE}`",
                typ.map_or("missing".to_string(), |t| format!(
                    "`{}`",
                    t.escape_default()
                ))
            ),
        ));
    }
    let alg = Algorithm::from_name(jws.alg_name())
        .filter(|a| ALGORITHMS.contains(a))
        .ok_or_else(|| {
            let e = jws.algorithm_refusal(&ALGORITHMS);
            refused(e.reason, format!("DPoP proof: {}", e.message))
        })?;
    let key = match keys {
        Some(cache) => cache.get(&jws.header, alg)?,
        None => Arc::new(ProofKey::new(&jws.header, alg)?),
    };
    jws.verify_prepared(&key.verifier).map_err(|_| {
        refused(
            "dpop_signature",
            "the DPoP proof's signature does not match its jwk",
        )
    })?;
    let claims = crate::jwt::token::parse_claims(&jws.payload)
        .map_err(|e| refused("dpop_claims", format!("DPoP proof: {}", e.message)))?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    let jti = text("jti")
        .filter(|j| !j.is_empty())
        .ok_or_else(|| refused("dpop_jti", "the DPoP proof has no string `jti`"))?;
    if jti.len() > MAX_JTI_BYTES {
        return Err(refused(
            "dpop_jti",
            format!("the DPoP proof's jti is over {MAX_JTI_BYTES} bytes"),
        ));
    }
    match text("htm") {
        Some(htm) if htm == request.method => {}
        other => {
            return Err(refused(
                "dpop_htm",
                format!(
                    "the DPoP proof's htm is {}, but the request is {}",
                    shown(other),
                    request.method
                ),
            ))
        }
    }
    check_htu(text("htu"), request.url)?;
    check_iat(&claims, request)?;
    if let Some(token) = request.access_token {
        match text("ath") {
            Some(ath_claim) if ath_claim == ath(token) => {}
            other => {
                return Err(refused(
                    "dpop_ath",
                    match other {
                        None => "the DPoP proof has no `ath`; a proof sent with an access token \
                                 must carry its hash"
                            .to_string(),
                        Some(_) => {
                            "the DPoP proof's ath is not the hash of this access token".to_string()
                        }
                    },
                ))
            }
        }
    }
    let nonce = match claims.get("nonce") {
        None => None,
        Some(Value::String(n)) => Some(n.clone()),
        Some(_) => {
            return Err(refused(
                "dpop_claims",
                "the DPoP proof's nonce is not a string",
            ))
        }
    };
    Ok(Proof {
        jkt: key.jkt.clone(),
        alg,
        jti: jti.to_string(),
        iat: claims
            .get("iat")
            .and_then(Value::as_i64)
            .unwrap_or_default(),
        nonce,
    })
}

fn shown(value: Option<&str>) -> String {
    value.map_or_else(
        || "missing".to_string(),
        |v| format!("`{}`", v.escape_default()),
    )
}

/// A proof's key, ready to verify with one algorithm, and its thumbprint.
pub struct ProofKey {
    verifier: Verifier,
    jkt: String,
}

impl ProofKey {
    fn new(header: &Map<String, Value>, alg: Algorithm) -> Result<ProofKey> {
        let key = proof_key(header)?;
        if !key.fits(alg) {
            return Err(refused(
                "dpop_jwk",
                format!(
                    "the DPoP proof is signed with {alg} but its jwk is {}",
                    key.describe()
                ),
            ));
        }
        let verifier = Verifier::new(&key, alg)
            .map_err(|e| refused("dpop_jwk", format!("DPoP proof key: {}", e.message)))?;
        Ok(ProofKey {
            verifier,
            jkt: jwk::thumbprint(&key, ThumbprintHash::Sha256),
        })
    }
}

/// Proof keys already checked, by their JWK text and algorithm: a client signs many proofs
/// with one key, and parsing, checking and hashing it again each time costs as much as a
/// fifth of the whole proof check. Bounded: when full it starts again empty.
pub struct KeyCache {
    keys: std::sync::Mutex<std::collections::HashMap<String, Arc<ProofKey>>>,
    limit: usize,
}

impl KeyCache {
    pub fn new(limit: usize) -> KeyCache {
        KeyCache {
            keys: Default::default(),
            limit,
        }
    }

    fn get(&self, header: &Map<String, Value>, alg: Algorithm) -> Result<Arc<ProofKey>> {
        // The private-member rule and the JWK's own shape are checked on a miss; a hit is
        // the same text, already checked.
        let text = match header.get("jwk") {
            Some(jwk) => format!("{alg} {jwk}"),
            None => return Ok(Arc::new(ProofKey::new(header, alg)?)),
        };
        let lock = || self.keys.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = lock().get(&text) {
            return Ok(found.clone());
        }
        let made = Arc::new(ProofKey::new(header, alg)?);
        let mut keys = lock();
        if keys.len() >= self.limit {
            keys.clear();
        }
        keys.insert(text, made.clone());
        Ok(made)
    }
}

/// The header's `jwk`: a public asymmetric key, with no private member at all.
fn proof_key(header: &Map<String, Value>) -> Result<Key> {
    let jwk = match header.get("jwk") {
        Some(Value::Object(jwk)) => jwk,
        Some(_) => return Err(refused("dpop_jwk", "the DPoP proof's jwk is not an object")),
        None => {
            return Err(refused(
                "dpop_jwk",
                "the DPoP proof has no `jwk` header: the public key must be in the proof",
            ))
        }
    };
    if let Some(member) = PRIVATE_MEMBERS.iter().find(|m| jwk.contains_key(**m)) {
        return Err(refused(
            "dpop_private_key",
            format!(
                "the DPoP proof's jwk has the private member `{member}`: send the public key \
                 only (and treat this private key as leaked)"
            ),
        ));
    }
    let key = jwk::parse_jwk(jwk)
        .map_err(|e| refused("dpop_jwk", format!("DPoP proof jwk: {}", e.message)))?;
    if key.is_symmetric() {
        return Err(refused(
            "dpop_jwk",
            "the DPoP proof's jwk is not an asymmetric key",
        ));
    }
    Ok(key)
}

fn check_htu(htu_claim: Option<&str>, url: &str) -> Result<()> {
    let Some(claimed) = htu_claim else {
        return Err(refused("dpop_htu", "the DPoP proof has no string `htu`"));
    };
    if claimed.contains(['?', '#']) {
        return Err(refused(
            "dpop_htu",
            format!(
                "the DPoP proof's htu `{}` has a query or fragment; RFC 9449 section 4.2 \
                 wants the URL without them",
                claimed.escape_default()
            ),
        ));
    }
    let expected = normalized(htu(url));
    if expected.is_none() || normalized(claimed) != expected {
        return Err(refused(
            "dpop_htu",
            format!(
                "the DPoP proof's htu is `{}`, but the request is to {}",
                claimed.escape_default(),
                htu(url)
            ),
        ));
    }
    Ok(())
}

fn check_iat(claims: &Map<String, Value>, request: &Request) -> Result<()> {
    let iat = match claims.get("iat") {
        Some(Value::Number(n)) => n.as_i64().ok_or_else(|| {
            refused(
                "dpop_iat",
                "the DPoP proof's iat is not a whole number of seconds",
            )
        })?,
        _ => return Err(refused("dpop_iat", "the DPoP proof has no numeric `iat`")),
    };
    let off = iat - request.now;
    if off.abs() > request.window {
        let when = if off > 0 { "in the future" } else { "old" };
        return Err(refused(
            "dpop_iat",
            format!(
                "the DPoP proof's iat is {} s {when}; proofs must be made within {} s of use",
                off.abs(),
                request.window
            ),
        ));
    }
    Ok(())
}

/// A client's DPoP key: proofs for each request, and the thumbprint tokens are bound to.
#[derive(Clone)]
pub struct Prover {
    signer: std::sync::Arc<Signer>,
    key: Key,
    public_jwk: Map<String, Value>,
    jkt: String,
}

impl std::fmt::Debug for Prover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prover")
            .field("jkt", &self.jkt)
            .finish_non_exhaustive()
    }
}

impl Prover {
    /// A fresh P-256 key that lives as long as this process (ES256).
    pub fn ephemeral() -> Result<Prover> {
        Prover::new(crate::keys::generate::generate(
            crate::keys::generate::KeySpec::Ec(Curve::P256),
        )?)
    }

    /// Proofs signed with `key`, which must be a private asymmetric key; its JWK `alg`
    /// when it names one, else its type's usual algorithm.
    pub fn new(key: Key) -> Result<Prover> {
        if key.is_symmetric() || !key.is_private() {
            return Err(Error::usage(
                "dpop_key",
                format!(
                    "a DPoP key must be a private RSA, EC or Ed25519 key; this is {}",
                    key.describe()
                ),
            )
            .hint("make one with `oauthctl keygen --type ec` and pass the private PEM"));
        }
        let alg = key.alg.unwrap_or_else(|| key.default_algorithm());
        if !ALGORITHMS.contains(&alg) {
            return Err(Error::usage(
                "dpop_key",
                format!("{alg} cannot sign DPoP proofs"),
            ));
        }
        let signer = Signer::new(&key, alg)?;
        let public = key.public();
        Ok(Prover {
            signer: std::sync::Arc::new(signer),
            public_jwk: jwk::required_members(&public),
            jkt: jwk::thumbprint(&public, ThumbprintHash::Sha256),
            key,
        })
    }

    /// The RFC 7638 thumbprint tokens bound to this key carry as `cnf.jkt`.
    pub fn jkt(&self) -> &str {
        &self.jkt
    }

    pub fn algorithm(&self) -> Algorithm {
        self.signer.algorithm()
    }

    /// The key, for a caller that hands it on (`--print`).
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// A fresh proof for one request (RFC 9449 section 4.2); `access_token` adds `ath`.
    pub fn proof(
        &self,
        method: &str,
        url: &str,
        access_token: Option<&str>,
        nonce: Option<&str>,
    ) -> Result<String> {
        let mut header = Map::new();
        header.insert("typ".into(), PROOF_TYPE.into());
        header.insert("jwk".into(), Value::Object(self.public_jwk.clone()));
        let mut claims = Map::new();
        claims.insert("jti".into(), crate::jwt::token::random_jti()?.into());
        claims.insert("htm".into(), method.into());
        claims.insert("htu".into(), htu(url).into());
        claims.insert("iat".into(), crate::jwt::time::now()?.into());
        if let Some(token) = access_token {
            claims.insert("ath".into(), ath(token).into());
        }
        if let Some(nonce) = nonce {
            claims.insert("nonce".into(), nonce.into());
        }
        crate::jwt::token::mint(&self.signer, &header, &claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(url: &'a str, token: Option<&'a str>, now: i64) -> Request<'a> {
        Request {
            method: "POST",
            url,
            access_token: token,
            now,
            window: 60,
        }
    }

    #[test]
    fn a_proof_made_by_the_prover_checks_out_and_names_its_key() {
        let prover = Prover::ephemeral().unwrap();
        let now = crate::jwt::time::now().unwrap();
        let proof = prover
            .proof(
                "POST",
                "http://127.0.0.1:9/token?x=1",
                Some("tok"),
                Some("n1"),
            )
            .unwrap();
        let checked = check(
            &proof,
            &request("http://127.0.0.1:9/token", Some("tok"), now),
        )
        .unwrap();
        assert_eq!(checked.jkt, prover.jkt());
        assert_eq!(checked.nonce.as_deref(), Some("n1"));
    }

    #[test]
    fn a_cached_key_checks_as_an_uncached_one_and_a_bad_proof_is_not_cached() {
        let keys = KeyCache::new(2);
        let now = crate::jwt::time::now().unwrap();
        let url = "http://127.0.0.1:9/token";
        let req = request(url, None, now);
        let (a, b) = (Prover::ephemeral().unwrap(), Prover::ephemeral().unwrap());
        for prover in [&a, &b, &a] {
            let proof = prover.proof("POST", url, None, None).unwrap();
            assert_eq!(
                check_with(&proof, &req, Some(&keys)).unwrap().jkt,
                prover.jkt()
            );
        }
        assert_eq!(keys.keys.lock().unwrap().len(), 2);
        // At its bound the cache starts again rather than growing.
        let small = KeyCache::new(1);
        for prover in [&a, &b] {
            let proof = prover.proof("POST", url, None, None).unwrap();
            check_with(&proof, &req, Some(&small)).unwrap();
        }
        assert_eq!(small.keys.lock().unwrap().len(), 1);
        // A proof whose signature is another key's still fails with a's key cached.
        let forged = b.proof("POST", url, None, None).unwrap();
        let a_header = a.proof("POST", url, None, None).unwrap();
        let mixed = format!(
            "{}.{}",
            a_header.split('.').next().unwrap(),
            forged.split_once('.').unwrap().1
        );
        let e = check_with(&mixed, &req, Some(&keys)).unwrap_err();
        assert_eq!(e.reason, "dpop_signature");
    }

    /// A proof with the given claims, signed by `prover` as `Prover::proof` signs.
    fn signed(prover: &Prover, claims: &Map<String, Value>) -> String {
        let mut header = Map::new();
        header.insert("typ".into(), PROOF_TYPE.into());
        header.insert("jwk".into(), Value::Object(prover.public_jwk.clone()));
        crate::jwt::token::mint(&prover.signer, &header, claims).unwrap()
    }

    fn claims(jti: &str, now: i64) -> Map<String, Value> {
        let mut claims = Map::new();
        claims.insert("jti".into(), jti.into());
        claims.insert("htm".into(), "POST".into());
        claims.insert("htu".into(), "http://127.0.0.1:9/token".into());
        claims.insert("iat".into(), now.into());
        claims
    }

    #[test]
    fn a_jti_of_the_longest_length_is_accepted_and_one_byte_more_is_not() {
        let prover = Prover::ephemeral().unwrap();
        let now = crate::jwt::time::now().unwrap();
        let req = request("http://127.0.0.1:9/token", None, now);
        let longest = signed(&prover, &claims(&"j".repeat(MAX_JTI_BYTES), now));
        assert!(check(&longest, &req).is_ok());
        let over = signed(&prover, &claims(&"j".repeat(MAX_JTI_BYTES + 1), now));
        assert_eq!(check(&over, &req).unwrap_err().reason, "dpop_jti");
    }

    #[test]
    fn a_proof_of_exactly_the_size_limit_is_checked_and_a_larger_one_is_not() {
        let prover = Prover::ephemeral().unwrap();
        let now = crate::jwt::time::now().unwrap();
        let req = request("http://127.0.0.1:9/token", None, now);
        // Pad until the proof is exactly MAX_PROOF_BYTES long (base64 grows by 1 or 2
        // characters per byte, so try the jti one character longer when a length is skipped).
        let mut exact = None;
        'search: for pad in 5000..6500 {
            for jti in ["jti-a", "jti-ab"] {
                let mut c = claims(jti, now);
                c.insert("pad".into(), "x".repeat(pad).into());
                let proof = signed(&prover, &c);
                if proof.len() == MAX_PROOF_BYTES {
                    exact = Some(proof);
                    break 'search;
                }
            }
        }
        let exact = exact.expect("a proof of exactly the limit");
        assert!(check(&exact, &req).is_ok());
        let mut c = claims("jti-c", now);
        c.insert("pad".into(), "x".repeat(8000).into());
        let over = signed(&prover, &c);
        assert!(over.len() > MAX_PROOF_BYTES);
        assert_eq!(check(&over, &req).unwrap_err().reason, "dpop_too_large");
    }

    #[test]
    fn iat_may_be_exactly_the_window_away_either_way_and_no_more() {
        let prover = Prover::ephemeral().unwrap();
        let now = crate::jwt::time::now().unwrap();
        let req = request("http://127.0.0.1:9/token", None, now);
        for (off, accepted) in [(-60, true), (60, true), (-61, false), (61, false)] {
            let proof = signed(&prover, &claims(&format!("jti{off}"), now + off));
            let result = check(&proof, &req);
            assert_eq!(result.is_ok(), accepted, "iat {off} s: {:?}", result.err());
            if !accepted {
                assert_eq!(result.unwrap_err().reason, "dpop_iat");
            }
        }
    }

    #[test]
    fn htu_is_compared_after_normalising_scheme_host_and_default_port() {
        assert_eq!(
            normalized("HTTP://Example.COM:80/a").as_deref(),
            Some("http://example.com/a")
        );
        assert_eq!(
            normalized("https://example.com").as_deref(),
            Some("https://example.com/")
        );
        assert_ne!(
            normalized("https://example.com/A"),
            normalized("https://example.com/a")
        );
    }
}
