//! Helpers shared by the integration tests: the shared vectors, the binary, the Python
//! venv and openssl that the test command installs.

pub mod http_server;
pub mod serve_client;
pub mod serve_process;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// `../shared` beside the project root, as in CI.
pub fn shared_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    assert!(
        dir.join("vectors").is_dir(),
        "the shared test vectors are missing: expected {} (../shared beside the project root)",
        dir.display()
    );
    dir
}

pub fn vectors(name: &str) -> Value {
    let path = shared_dir().join("vectors/wycheproof").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("vector files are JSON")
}

/// `oauthctl keygen --name NAME --type ec` in `dir`: the private key's path and the key,
/// its kid the thumbprint, as keygen's JWKS names it.
pub fn keygen_ec(dir: &Path, name: &str) -> (PathBuf, oauthctl::keys::Key) {
    oauthctl()
        .current_dir(dir)
        .args(["keygen", "--name", name, "--type", "ec"])
        .assert()
        .success();
    let path = dir.join(format!("{name}.key.pem"));
    let mut key = oauthctl::keys::load::load_path(&path, &oauthctl::keys::load::no_passphrase)
        .unwrap()
        .select(None)
        .unwrap();
    key.kid = Some(key.kid_or_thumbprint());
    (path, key)
}

pub fn oauthctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("oauthctl").expect("the binary is built");
    cmd.env_remove("OAUTHCTL_PASSPHRASE");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The Python interpreter with cryptography, jwcrypto and PyJWT, set up by `scripts/test`.
/// A missing interpreter fails the test loudly: interoperability is not optional.
pub fn python() -> PathBuf {
    let path = std::env::var_os("OAUTHCTL_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"));
    assert!(
        path.exists(),
        "interop tests need Python with cryptography, jwcrypto and PyJWT at {}; \
         run the suite with `scripts/test`, which installs them",
        path.display()
    );
    path
}

/// Run a Python snippet with arguments; returns stdout, panics with stderr on failure.
pub fn run_python(script: &str, args: &[&str]) -> String {
    let output = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "python failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        script
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

pub fn openssl(args: &[&str]) -> std::process::Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl is installed (scripts/test installs it)")
}

/// Runs `command` with `input` on its standard input (written from another thread, so that
/// a child that answers before reading everything cannot deadlock the test) and collects its
/// output.
pub fn output_with_stdin(mut command: Command, input: Vec<u8>) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // A child that exits without reading all of it closes the pipe: not an error here.
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fails the calling test with the process's stderr unless it exited 0.
#[track_caller]
pub fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
