//! The integration tests, one binary (one link): each module is one area of the product,
//! sharing the helpers in `common` (the binary, vectors, Python, servers started for tests).

mod common;

#[cfg(all(target_arch = "x86_64", target_os = "linux", target_env = "gnu"))]
mod audit;
mod build_settings;
mod docs;
mod examples;
mod flow;
mod flow_dpop;
mod flow_fapi;
mod flow_misbehaving;
mod flow_more;
mod flow_thirdparty;
mod flow_verdicts;
mod fuzz_seeds;
mod inputs_bounded;
mod key_tools;
mod keys_hostile;
mod keys_interop;
mod properties;
mod serve;
mod serve_assertions;
mod serve_conformance;
mod serve_core;
mod serve_dpop;
mod serve_exchange;
mod serve_gateway;
mod serve_jar;
mod serve_legacy;
mod serve_metadata;
mod serve_mtls;
mod serve_par;
mod serve_rar;
mod serve_rp_libraries;
mod serve_thirdparty;
mod serve_tls;
mod tls;
mod token_hostile;
mod token_interop;
mod token_remote;
mod token_reports;
mod wycheproof_jwk;
mod wycheproof_jws;
