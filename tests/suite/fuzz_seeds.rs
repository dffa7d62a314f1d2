//! The fuzz targets' entry points (`oauthctl::fuzzing`, driven by `scripts/fuzz` with cargo
//! fuzz) replayed on stable Rust over their seed corpora (`fuzz/seeds/`) and over a few
//! cheap mutations of each seed: a finding stays fixed once its input is saved as a seed.

use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 6] = [
    ("token", oauthctl::fuzzing::token),
    ("key_file", oauthctl::fuzzing::key_file),
    ("metadata", oauthctl::fuzzing::metadata),
    ("login_page", oauthctl::fuzzing::login_page),
    ("server_config", oauthctl::fuzzing::server_config),
    ("server_request", oauthctl::fuzzing::server_request),
];

/// Each seed as it is, cut at several points, with bytes flipped, and doubled.
fn variants(seed: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![seed.to_vec(), [seed, seed].concat()];
    for cut in [
        1,
        seed.len() / 3,
        seed.len() / 2,
        seed.len().saturating_sub(1),
    ] {
        out.push(seed[..cut.min(seed.len())].to_vec());
    }
    for (i, flip) in [(0, 0x80u8), (seed.len() / 2, 0x01), (seed.len() / 4, 0x20)] {
        let mut v = seed.to_vec();
        if let Some(b) = v.get_mut(i) {
            *b ^= flip;
            out.push(v);
        }
    }
    out
}

#[test]
fn every_fuzz_target_survives_its_seeds_and_their_mutations() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for (name, target) in TARGETS {
        let dir = seeds.join(name);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let seed = std::fs::read(&path).unwrap();
            for input in variants(&seed) {
                target(&input);
                count += 1;
            }
        }
        assert!(count > 0, "no seeds for {name} in {}", dir.display());
    }
}
