//! What one DPoP proof check costs serve (RFC 9449 section 4.3 without the replay cache),
//! with the proof's key parsed each time and taken from serve's key cache:
//! `cargo run --release --example dpop_cost`. benches/dpop.sh measures whole requests.

use oauthctl::protocol::dpop::{check_with, KeyCache, Prover, Request};

fn main() {
    let prover = Prover::ephemeral().unwrap();
    let url = "http://127.0.0.1:9/token";
    let proofs: Vec<String> = (0..20000)
        .map(|_| prover.proof("POST", url, None, None).unwrap())
        .collect();
    let now = oauthctl::jwt::time::now().unwrap();
    let request = Request {
        method: "POST",
        url,
        access_token: None,
        now,
        window: 60,
    };
    let keys = KeyCache::new(16);
    for (name, cache) in [("key parsed each time", None), ("key cached", Some(&keys))] {
        let t = std::time::Instant::now();
        for p in &proofs {
            check_with(p, &request, cache).unwrap();
        }
        let each = t.elapsed().as_secs_f64() * 1e6 / proofs.len() as f64;
        println!("proof check, {name}: {each:.1} us");
    }
}
