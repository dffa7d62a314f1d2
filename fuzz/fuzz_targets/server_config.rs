#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| oauthctl::fuzzing::server_config(data));
