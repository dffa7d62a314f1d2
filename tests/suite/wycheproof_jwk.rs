//! Wycheproof `json_web_key_test.json`: every key set is imported with oauthctl's loader
//! and, when admitted, its JWS is verified; each case must get its labelled result.

use crate::common;

use oauthctl::jwt::token::KeyRing;
use oauthctl::keys::load;

#[test]
fn every_jwk_case_gets_its_labelled_result() {
    let file = common::vectors("json_web_key_test.json");
    let mut checked = 0;
    let mut failures = Vec::new();
    for group in file["testGroups"].as_array().unwrap() {
        for set_name in ["private", "public"] {
            let Some(set) = group.get(set_name) else {
                continue;
            };
            let bytes = serde_json::to_vec(set).unwrap();
            let imported = load::parse(&bytes, &load::no_passphrase);
            for case in group["tests"].as_array().unwrap() {
                let tc = case["tcId"].as_u64().unwrap();
                let expected_valid = case["result"] == "valid";
                let outcome = match &imported {
                    Err(err) => Err(format!("import: {}", err.reason)),
                    Ok(loaded) => KeyRing::new(loaded.keys.clone(), false, &[])
                        .and_then(|ring| ring.verify_jws(case["jws"].as_str().unwrap()).map(|_| ()))
                        .map_err(|e| format!("verify: {}", e.reason)),
                };
                checked += 1;
                if let (Err(got), Some(want)) = (&outcome, expected_reason(tc)) {
                    if !got.ends_with(want) {
                        failures.push(format!(
                            "tcId {tc} ({set_name} set): rejected as {got}, expected {want}"
                        ));
                    }
                }
                if outcome.is_ok() != expected_valid {
                    failures.push(format!(
                        "tcId {tc} ({set_name} set, {}): expected {}, got {outcome:?}",
                        case["comment"], case["result"]
                    ));
                }
            }
        }
    }
    // 26 test cases; those whose group has both a private and a public key set run twice.
    assert_eq!(checked, 37, "case/key-set pairs run");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{checked} JWK case/key-set pairs gave their labelled result");
}

/// Why each invalid case must be rejected: the right answer for the wrong reason is a bug.
fn expected_reason(tc: u64) -> Option<&'static str> {
    Some(match tc {
        1 => "mixed_key_set",
        3 => "bad_signature",
        4 => "duplicate_kid",
        6 | 21 => "key_not_for_signing",
        7 | 8 | 9 | 10 | 11 | 12 | 16 | 17 | 18 => "weak_key",
        19 | 20 | 25 | 26 => "unsupported_alg",
        22 => "invalid_point",
        23 => "malformed_jwk",
        24 => "malformed_jwk",
        _ => return None,
    })
}
