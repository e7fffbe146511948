//! The secret access key and the session token never leak: `plan`, `apply --wait`,
//! `status` and `compile --out` run against moto with `RUST_LOG=trace` (sagespec's and the
//! AWS SDK's trace logs, on stderr), and neither secret appears in stdout, stderr, or any
//! file under the folders sagespec may write to (the manifests' folder, `--out`, `TMPDIR`
//! and `HOME`, all fresh temporary folders here).

mod support;

use std::collections::hash_map::RandomState;
use std::fmt::Write as _;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Output;

use support::{Moto, Proxy, Sagespec, describe, moto_job_names, write_manifests};

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A fresh random alphanumeric string (no `/` or `+`, so no encoding can disguise it).
fn random_secret(label: &str) -> String {
    let mut text = String::from(label);
    while text.len() < 40 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_usize(text.len());
        write!(text, "{:016x}", hasher.finish()).expect("write to a String");
    }
    text
}

/// Every regular file under `dir`, recursively (links are not followed).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).expect("read_dir").flatten() {
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files
}

/// Where `needle` occurs: the output streams and the files under `dirs`, by name.
fn leaks(needle: &str, outputs: &[(&str, &Output)], dirs: &[&Path]) -> Vec<String> {
    let needle = needle.as_bytes();
    let contains = |haystack: &[u8]| haystack.windows(needle.len()).any(|window| window == needle);
    let mut found = Vec::new();
    for (name, output) in outputs {
        if contains(&output.stdout) {
            found.push(format!("stdout of {name}"));
        }
        if contains(&output.stderr) {
            found.push(format!("stderr of {name}"));
        }
    }
    for dir in dirs {
        for file in files_under(dir) {
            if contains(&fs::read(&file).unwrap_or_default()) {
                found.push(file.display().to_string());
            }
        }
    }
    found
}

#[test]
fn the_leak_scanner_finds_a_planted_secret() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = random_secret("canary");
    fs::create_dir_all(dir.path().join("a/b")).expect("mkdir");
    fs::write(dir.path().join("a/b/c.log"), format!("x{secret}y")).expect("write");
    assert_ne!(random_secret("canary"), secret, "secrets are random");
    assert_eq!(leaks(&secret, &[], &[dir.path()]).len(), 1);
    assert!(leaks(&random_secret("other"), &[], &[dir.path()]).is_empty());
}

#[test]
fn apply_at_trace_level_never_prints_or_writes_the_secret_key_or_session_token() {
    let secret_key = random_secret("SecretKey");
    let session_token = random_secret("SessionToken");
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 1);
    let work = tempfile::tempdir().expect("tempdir");
    let manifests = work.path().join("manifests");
    let out = work.path().join("out");
    let tmp = work.path().join("tmp");
    let home = work.path().join("home");
    for folder in [&manifests, &tmp, &home] {
        fs::create_dir_all(folder).expect("mkdir");
    }
    write_manifests(&manifests, "leakcheck", 2, "t");
    let sagespec = Sagespec::new(&proxy.url())
        .env("AWS_SECRET_ACCESS_KEY", &secret_key)
        .env("AWS_SESSION_TOKEN", &session_token)
        .env("RUST_LOG", "trace")
        .env("TMPDIR", arg(&tmp))
        .env("HOME", arg(&home));

    let plan = sagespec.run(&["plan", arg(&manifests)]);
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
    let apply = sagespec.run(&["apply", arg(&manifests), "--yes", "--wait"]);
    assert_eq!(apply.status.code(), Some(0), "{}", describe(&apply));
    assert_eq!(moto_job_names(&moto).len(), 2, "the jobs were created");
    assert_eq!(proxy.counts().uploads, 1, "the code was uploaded: {:?}", proxy.counts());
    let status = sagespec.run(&["status", arg(&manifests)]);
    assert_eq!(status.status.code(), Some(0), "{}", describe(&status));
    let compile = sagespec.run(&["compile", arg(&manifests), "--account-id", "123456789012", "--out", arg(&out)]);
    assert_eq!(compile.status.code(), Some(0), "{}", describe(&compile));
    assert_eq!(files_under(&out).len(), 2, "compile --out wrote the requests");

    // The check is only meaningful if the trace logs are there, signing included.
    let log = String::from_utf8_lossy(&apply.stderr);
    assert!(log.contains("TRACE"), "RUST_LOG=trace printed no trace events: {}", describe(&apply));
    assert!(log.contains("aws_sigv4") || log.contains("signing"), "no signing events in the log");
    assert!(log.contains("testing"), "the access key id (not a secret) shows where the credentials are logged");
    println!("apply at trace level wrote {} lines ({} bytes) to stderr", log.lines().count(), log.len());

    let outputs = [("plan", &plan), ("apply", &apply), ("status", &status), ("compile", &compile)];
    let dirs = [work.path()];
    for (name, secret) in [("AWS_SECRET_ACCESS_KEY", &secret_key), ("AWS_SESSION_TOKEN", &session_token)] {
        let found = leaks(secret, &outputs, &dirs);
        assert!(found.is_empty(), "{name} leaked into: {found:?}");
    }
}
