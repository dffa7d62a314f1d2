//! Every file oauthctl reads is capped before it is read, and a named pipe with no writer
//! is an error, not a wait; `<(command)` keeps working.

use crate::common;

use std::time::{Duration, Instant};

/// The binary as a plain command, so that the test can kill it if it blocks.
fn oauthctl() -> std::process::Command {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("oauthctl"))
}

fn fifo(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    path
}

/// Run with a deadline: a command that blocks is killed and reported.
fn run_bounded(mut command: std::process::Command) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let mut child = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("still blocked after 10 s: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

#[test]
fn a_named_pipe_with_no_writer_is_an_error_for_every_file_option() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = fifo(dir.path(), "pipe");
    let pipe = pipe.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["key", "inspect", pipe],
        vec!["token", "mint", "--sub", "x", "--key", pipe],
        vec!["token", "mint", "--sub", "x", "--secret-file", pipe],
        vec!["serve", "--port", "0", "--config", pipe],
    ];
    for args in cases {
        let mut command = oauthctl();
        command.args(&args);
        let (out, _) = run_bounded(command);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
        assert!(stderr.contains("named pipe"), "{args:?}: {stderr}");
    }
}

#[test]
fn process_substitution_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::oauthctl()
        .args(["keygen", "--type", "ec", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let script = format!(
        "{} key inspect <(cat {})",
        assert_cmd::cargo::cargo_bin("oauthctl").display(),
        dir.path().join("oauthctl.pub.pem").display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("EC P-256"));
}

#[test]
fn config_and_profiles_files_are_capped_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    std::fs::write(&big, vec![b'#'; 2 * 1024 * 1024]).unwrap();
    let mut serve = oauthctl();
    serve.args(["serve", "--port", "0", "--config"]).arg(&big);
    let mut flow = oauthctl();
    flow.args(["flow", "--profile", "x", "--profiles-file"])
        .arg(&big);
    let mut endless = oauthctl();
    endless.args(["serve", "--port", "0", "--config", "/dev/zero"]);
    for command in [serve, flow, endless] {
        let (out, took) = run_bounded(command);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert!(stderr.contains("error[file_too_large]"), "{stderr}");
        assert!(took < Duration::from_secs(5), "{took:?}");
    }
}

#[test]
fn relative_paths_in_a_profiles_file_start_from_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("secrets")).unwrap();
    std::fs::write(dir.path().join("secrets/app.secret"), "s3cret\n").unwrap();
    std::fs::write(
        dir.path().join("profiles.toml"),
        "[profiles.local]\ntoken_url = \"http://127.0.0.1:9/token\"\nclient_id = \"app\"\nclient_secret_file = \"secrets/app.secret\"\n",
    )
    .unwrap();
    // Run from elsewhere: the secret file is found next to the profiles file, so the
    // flow gets as far as the (closed) token endpoint.
    let out = oauthctl()
        .current_dir(std::env::temp_dir())
        .args([
            "flow",
            "--grant",
            "client-credentials",
            "--profile",
            "local",
            "--profiles-file",
        ])
        .arg(dir.path().join("profiles.toml"))
        .args(["--http-timeout", "2"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(!stderr.contains("secrets/app.secret"), "{stderr}");
}

fn keys(dir: &std::path::Path) {
    let out = common::oauthctl()
        .args(["keygen", "--type", "ec", "--out-dir"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn mint_batch_reports_an_endless_line_at_the_cap_and_never_holds_it() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    keys(dir.path());
    let mut child = oauthctl()
        .args(["token", "mint", "--batch", "--key"])
        .arg(dir.path().join("oauthctl.key.pem"))
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The verdict comes as soon as the line passes the cap, while the line goes on.
    let (sender, receiver) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        let mut first = String::new();
        let _ = BufReader::new(stderr).read_line(&mut first);
        let _ = sender.send(first);
    });
    let first = receiver.recv_timeout(Duration::from_secs(10));
    // Still reading past the endless line, in bounded memory.
    let rss_kib = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    let first = first.expect("no verdict within 10 s of an endless line");
    assert!(
        first.contains("error[bad_claims]: stdin line 1: longer than 1024 KiB"),
        "{first}"
    );
    assert!(
        still_running,
        "mint stopped at the over-long line instead of reading on"
    );
    let rss_kib = rss_kib.expect("VmRSS of the running mint");
    assert!(
        rss_kib < 64 * 1024,
        "mint holds {rss_kib} KiB reading an endless line"
    );
}

#[test]
fn mint_batch_gives_each_refused_line_its_own_verdict_and_keeps_tokens_aligned() {
    let dir = tempfile::tempdir().unwrap();
    keys(dir.path());
    let mut command = oauthctl();
    command
        .args(["token", "mint", "--batch", "--key"])
        .arg(dir.path().join("oauthctl.key.pem"));
    let mut input = b"{\"sub\":\"first\"}\n".to_vec();
    input.extend(vec![b' '; 2 * 1024 * 1024]); // line 2: over the 1 MiB cap
    input.extend(b"\n\xff\xfe\n{not json\n\n{\"sub\":\"last\"}\n");
    let out = common::output_with_stdin(command, input);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stdout.lines().collect();
    // Five lines that are not blank, five output lines: the refused three are empty.
    assert_eq!(lines.len(), 5, "{stdout}");
    assert_eq!(lines[1..4], ["", "", ""], "{stdout}");
    let sub = |token: &str| {
        let out = common::oauthctl()
            .args(["token", "verify", token, "--output", "json", "--key"])
            .arg(dir.path().join("oauthctl.pub.pem"))
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report["claims"]["sub"].as_str().unwrap().to_string()
    };
    assert_eq!(
        (sub(lines[0]), sub(lines[4])),
        ("first".into(), "last".into())
    );
    assert!(
        stderr.contains("stdin line 2: longer than 1024 KiB"),
        "{stderr}"
    );
    assert!(stderr.contains("stdin line 3: not valid UTF-8"), "{stderr}");
    assert!(
        stderr.contains("error[bad_claims]: stdin line 4:"),
        "{stderr}"
    );
    assert!(stderr.contains("3 of 5 lines were not minted"), "{stderr}");
    assert_eq!(out.status.code(), Some(3), "{stderr}");
}

#[test]
fn verify_batch_streams_and_gives_broken_lines_their_own_verdicts() {
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().unwrap();
    keys(dir.path());
    let token = common::oauthctl()
        .args(["token", "mint", "--sub", "x", "--key"])
        .arg(dir.path().join("oauthctl.key.pem"))
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap();
    let mut child = oauthctl()
        .args(["token", "verify", "--batch", "--key"])
        .arg(dir.path().join("oauthctl.pub.pem"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut verdicts = BufReader::new(child.stdout.take().unwrap());
    // One token in, one verdict out, while standard input is still open.
    stdin.write_all(token.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let mut first = String::new();
    verdicts.read_line(&mut first).unwrap();
    assert!(first.contains("\"ok\":true"), "{first}");
    // An over-long line and a non-UTF-8 line get a verdict each; the batch goes on.
    stdin.write_all(&vec![b'a'; 200 * 1024]).unwrap();
    stdin.write_all(b"\n\xff\xfe\n").unwrap();
    stdin.write_all(token.as_bytes()).unwrap();
    drop(stdin);
    let rest: Vec<String> = verdicts.lines().map(Result::unwrap).collect();
    assert_eq!(rest.len(), 3, "{rest:?}");
    assert!(rest[0].contains("token_too_large"), "{}", rest[0]);
    assert!(rest[1].contains("malformed_token"), "{}", rest[1]);
    assert!(rest[2].contains("\"ok\":true"), "{}", rest[2]);
    assert_eq!(child.wait().unwrap().code(), Some(1));
}
