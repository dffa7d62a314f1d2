//! The metadata document and the JWKS.

use super::*;

pub fn metadata_issuer_exact(a: &mut Auditor) -> Result<Outcome> {
    let found = a.meta("issuer").unwrap_or("(none)").to_string();
    Ok(Outcome::when(
        found == a.issuer,
        format!("{} names issuer {found}", a.metadata_url),
        format!(
            "{} names issuer `{found}`, not `{}`: clients must refuse this metadata",
            a.metadata_url, a.issuer
        ),
    ))
}

pub fn metadata_https_endpoints(a: &mut Auditor) -> Result<Outcome> {
    let insecure: Vec<String> = a
        .metadata
        .iter()
        .filter(|(name, _)| name.ends_with("_endpoint") || name.as_str() == "jwks_uri")
        .filter_map(|(name, value)| {
            let url = value.as_str()?;
            let ok = Url::parse(url)
                .is_some_and(|u| u.scheme == "https" || (u.scheme == "http" && u.is_loopback()));
            (!ok).then(|| format!("{name} {url}"))
        })
        .collect();
    Ok(Outcome::when(
        insecure.is_empty(),
        "every endpoint is https or loopback",
        format!("not https: {}", insecure.join(", ")),
    ))
}

pub fn metadata_pkce_s256(a: &mut Auditor) -> Result<Outcome> {
    let methods = a.meta_list("code_challenge_methods_supported");
    if !methods.iter().any(|m| m == "S256") {
        return Ok(Outcome::fail(format!(
            "code_challenge_methods_supported is {methods:?}: no S256"
        )));
    }
    if methods.iter().any(|m| m == "plain") {
        return Ok(Outcome::warn("S256 is offered, and plain too"));
    }
    Ok(Outcome::pass("S256 only"))
}

pub fn metadata_legacy_grants(a: &mut Auditor) -> Result<Outcome> {
    let mut legacy: Vec<String> = a
        .meta_list("grant_types_supported")
        .into_iter()
        .filter(|g| g == "password" || g == "implicit")
        .map(|g| format!("grant_types_supported lists {g}"))
        .collect();
    if a.meta_list("response_types_supported")
        .iter()
        .any(|t| t.split(' ').any(|p| p == "token"))
    {
        legacy.push("response_types_supported includes token (implicit)".into());
    }
    Ok(if legacy.is_empty() {
        Outcome::pass("no legacy grant advertised")
    } else {
        Outcome::warn(legacy.join("; "))
    })
}

pub fn metadata_no_alg_none(a: &mut Auditor) -> Result<Outcome> {
    let algs = a.meta_list("id_token_signing_alg_values_supported");
    Ok(Outcome::when(
        !algs.iter().any(|alg| alg.eq_ignore_ascii_case("none")),
        format!("ID tokens signed with {}", algs.join(", ")),
        "none is among id_token_signing_alg_values_supported",
    ))
}

/// The JWKS document and its keys as raw JSON objects, or why there is none.
type Jwks = std::result::Result<(Vec<u8>, Vec<Value>), String>;

fn jwks(a: &mut Auditor) -> Result<Jwks> {
    let Ok(url) = a.endpoint("jwks_uri") else {
        return Ok(Err("the metadata has no jwks_uri".into()));
    };
    let response = a.get(&url, &[])?;
    if response.status != 200 {
        return Ok(Err(format!("jwks_uri answered HTTP {}", response.status)));
    }
    let keys = json::parse_object(&response.body)
        .ok()
        .and_then(|doc| doc.get("keys").and_then(Value::as_array).cloned());
    Ok(match keys {
        Some(keys) => Ok((response.body, keys)),
        None => Err("jwks_uri is not a JSON object with a keys array".into()),
    })
}

pub fn keys_parse(a: &mut Auditor) -> Result<Outcome> {
    let (_, raw) = need!(jwks(a)?, "no JWKS");
    // Each key on its own, judged on its public members: private members are
    // keys-no-private-members' finding, an RSA key under 2048 bits keys-rsa-2048's.
    let too_small =
        |e: &crate::error::Error| e.reason == "weak_key" && e.message.contains(" bits;");
    let mut unusable = Vec::new();
    for (i, key) in raw.iter().enumerate() {
        let mut public = key.clone();
        if key.get("kty").and_then(Value::as_str) != Some("oct") {
            if let Some(members) = public.as_object_mut() {
                for private in ["d", "p", "q", "dp", "dq", "qi", "oth"] {
                    members.remove(private);
                }
            }
        }
        match load::parse(public.to_string().as_bytes(), &load::no_passphrase) {
            Ok(_) => {}
            Err(e) if too_small(&e) => {}
            Err(e) => unusable.push(format!("key {i}: {}", e.message)),
        }
    }
    Ok(Outcome::when(
        unusable.is_empty(),
        format!("{} key(s), all parse", raw.len()),
        format!("unusable: {}", unusable.join("; ")),
    ))
}

pub fn keys_no_private_members(a: &mut Auditor) -> Result<Outcome> {
    let (_, raw) = need!(jwks(a)?, "no JWKS");
    const PRIVATE: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "k"];
    let exposed: Vec<String> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, key)| {
            let members: Vec<&str> = PRIVATE
                .iter()
                .copied()
                .filter(|m| key.get(*m).is_some())
                .collect();
            (!members.is_empty()).then(|| format!("key {i}: {}", members.join(", ")))
        })
        .collect();
    Ok(Outcome::when(
        exposed.is_empty(),
        format!("{} public key(s)", raw.len()),
        format!("private members published: {}", exposed.join("; ")),
    ))
}

pub fn keys_unique_kid(a: &mut Auditor) -> Result<Outcome> {
    let (_, raw) = need!(jwks(a)?, "no JWKS");
    let kids: Vec<&str> = raw
        .iter()
        .filter_map(|k| k.get("kid").and_then(Value::as_str))
        .collect();
    let mut repeated: Vec<&str> = kids
        .iter()
        .copied()
        .filter(|kid| kids.iter().filter(|k| *k == kid).count() > 1)
        .collect();
    repeated.dedup();
    Ok(if !repeated.is_empty() {
        Outcome::fail(format!("kid used twice: {}", repeated.join(", ")))
    } else if kids.len() < raw.len() && raw.len() > 1 {
        Outcome::warn("several keys and some without a kid: verifiers cannot pick")
    } else {
        Outcome::pass(format!("{} distinct kid(s)", kids.len()))
    })
}

pub fn keys_rsa_2048(a: &mut Auditor) -> Result<Outcome> {
    let (_, raw) = need!(jwks(a)?, "no JWKS");
    let mut small = Vec::new();
    let mut rsa = 0;
    for (i, key) in raw.iter().enumerate() {
        if key.get("kty").and_then(Value::as_str) != Some("RSA") {
            continue;
        }
        rsa += 1;
        let bits = key
            .get("n")
            .and_then(Value::as_str)
            .and_then(|n| crate::b64::decode(n).ok())
            .map(|n| {
                let leading = n.iter().take_while(|b| **b == 0).count();
                let n = &n[leading..];
                n.first()
                    .map_or(0, |b| (n.len() - 1) * 8 + (8 - b.leading_zeros() as usize))
            })
            .unwrap_or(0);
        if bits < 2048 {
            small.push(format!("key {i}: {bits} bits"));
        }
    }
    Ok(Outcome::when(
        small.is_empty(),
        format!("{rsa} RSA key(s), none under 2048 bits"),
        small.join(", "),
    ))
}

pub fn keys_use_alg_consistent(a: &mut Auditor) -> Result<Outcome> {
    let (_, raw) = need!(jwks(a)?, "no JWKS");
    let mut wrong = Vec::new();
    for (i, key) in raw.iter().enumerate() {
        let text = |m: &str| key.get(m).and_then(Value::as_str);
        if let Some(usage) = text("use") {
            if usage != "sig" && usage != "enc" {
                wrong.push(format!("key {i}: use `{usage}`"));
            }
        }
        let Some(alg) = text("alg") else { continue };
        let fits = match (text("kty"), text("crv")) {
            (Some("RSA"), _) => {
                alg.starts_with("RS") || alg.starts_with("PS") || alg.starts_with("RSA")
            }
            (Some("EC"), Some("P-256")) => alg == "ES256" || alg.starts_with("ECDH"),
            (Some("EC"), Some("P-384")) => alg == "ES384" || alg.starts_with("ECDH"),
            (Some("EC"), Some("P-521")) => alg == "ES512" || alg.starts_with("ECDH"),
            (Some("OKP"), _) => alg == "EdDSA" || alg == "Ed25519" || alg.starts_with("ECDH"),
            _ => false,
        };
        if !fits {
            wrong.push(format!("key {i}: alg {alg} does not fit its type"));
        }
    }
    Ok(Outcome::when(
        wrong.is_empty(),
        "use and alg agree with the key types",
        wrong.join("; "),
    ))
}
