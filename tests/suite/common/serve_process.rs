//! `oauthctl serve` as a child process on a free loopback port, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

pub struct ServeProcess {
    child: Child,
    /// The server's stderr (its request log and errors), shown when a test fails.
    log: tempfile::NamedTempFile,
    /// The JSON line `serve --output json` prints at start-up.
    pub info: Value,
    pub issuer: String,
    /// Demo client secret and demo password files (empty with --config).
    pub secret_file: String,
    pub password_file: String,
    _dir: Option<tempfile::TempDir>,
}

impl ServeProcess {
    /// `--issuer`, `--client-id` and `--client-secret-file` for the demo client.
    pub fn demo_client_args(&self) -> [&str; 6] {
        [
            "--issuer",
            &self.issuer,
            "--client-id",
            "demo-client",
            "--client-secret-file",
            &self.secret_file,
        ]
    }
}

impl ServeProcess {
    /// Send SIGTERM and wait up to `limit` for the process to exit.
    pub fn terminate_and_wait(
        mut self,
        limit: std::time::Duration,
    ) -> Option<std::process::ExitStatus> {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -TERM failed");
        let deadline = std::time::Instant::now() + limit;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        None
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.log.path()).unwrap_or_default();
            eprintln!("--- oauthctl serve's stderr ---\n{log}--- end of serve's stderr ---");
        }
    }
}

/// Start `oauthctl --output json serve --port 0 ARGS`; `dir` is kept alive with it.
pub fn start(args: &[&str], dir: Option<tempfile::TempDir>) -> ServeProcess {
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("oauthctl"))
        .args(["--output", "json", "serve", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(log.reopen().unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
        let stderr = std::fs::read_to_string(log.path()).unwrap_or_default();
        panic!("serve did not start ({e}): stdout `{line}`, stderr:\n{stderr}")
    });
    let text = |k: &str| {
        info.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    ServeProcess {
        issuer: text("issuer"),
        secret_file: text("client_secret_file"),
        password_file: text("password_file"),
        info,
        child,
        log,
        _dir: dir,
    }
}
