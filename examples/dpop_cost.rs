//! What one DPoP proof check costs serve (RFC 9449 section 4.3 without the replay cache):
//! `cargo run --release --example dpop_cost`. benches/dpop.sh measures the whole request.

fn main() {
    use oauthctl::protocol::dpop::{check, Prover, Request};
    let prover = Prover::ephemeral().unwrap();
    let url = "http://127.0.0.1:9/token";
    let proofs: Vec<String> = (0..20000)
        .map(|_| prover.proof("POST", url, None, None).unwrap())
        .collect();
    let now = oauthctl::jwt::time::now().unwrap();
    let t = std::time::Instant::now();
    for p in &proofs {
        check(
            p,
            &Request {
                method: "POST",
                url,
                access_token: None,
                now,
                window: 60,
            },
        )
        .unwrap();
    }
    println!(
        "check: {:.1} us",
        t.elapsed().as_secs_f64() * 1e6 / proofs.len() as f64
    );
    let t = std::time::Instant::now();
    for p in &proofs {
        let _ = oauthctl::jwt::jws::parse(p).unwrap();
    }
    println!(
        "jws parse: {:.1} us",
        t.elapsed().as_secs_f64() * 1e6 / proofs.len() as f64
    );
}
