//! Packaging refuses credential files by default, from the real binary: `compile` and
//! `apply` exit 1 with an error that names the file and says how to override it, and a
//! `!path` line in `.sagespecignore` packs it on purpose. `.git/` and `__pycache__/` stay
//! silently excluded.

mod support;

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;
use support::{Moto, Proxy, Sagespec, describe, free_port, write_manifests};

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn write(root: &Path, relative: &str, contents: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    fs::write(path, contents).expect("write");
}

/// `compile` of the one manifest in `dir`, with an account so no AWS call is needed; the
/// endpoint is a closed loopback port, so any request would fail.
fn compile(dir: &Path) -> Output {
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let manifest = dir.join("job-000.yaml");
    Sagespec::new(&endpoint).run(&["compile", arg(&manifest), "--account-id", "123456789012"])
}

/// The code tarball's S3 URI from a compiled request (it embeds the tarball's sha256).
fn submit_directory(output: &Output) -> String {
    let request: Value = serde_json::from_slice(&output.stdout).expect("request JSON");
    let value = &request["HyperParameters"]["sagemaker_submit_directory"];
    value.as_str().expect("sagemaker_submit_directory").trim_matches('"').to_owned()
}

#[test]
fn compile_refuses_each_credential_file_and_names_it_with_the_way_out() {
    for file in
        [".env", "certs/server.pem", "tls/server.key", "client.p12", "id_rsa", ".ssh/config", ".aws/credentials"]
    {
        let dir = tempfile::tempdir().expect("tempdir");
        write_manifests(dir.path(), "job", 1, "s");
        write(&dir.path().join("code"), file, "AKIA-not-a-real-secret");
        let output = compile(dir.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{file}: {}", describe(&output));
        assert!(output.stdout.is_empty(), "{file}: no request is printed: {}", describe(&output));
        assert!(stderr.contains("refusing to pack"), "{file}: {stderr}");
        assert!(stderr.contains(&format!("code/{file}")), "{file}: the error names the file: {stderr}");
        assert!(stderr.contains(&format!("`!{file}`")), "{file}: the error shows the negation: {stderr}");
        assert!(stderr.contains(".sagespecignore"), "{file}: {stderr}");
    }
}

#[test]
fn a_negation_in_sagespecignore_packs_the_file_on_purpose_and_changes_the_tarball() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_manifests(dir.path(), "job", 1, "s");
    let clean = compile(dir.path());
    assert_eq!(clean.status.code(), Some(0), "{}", describe(&clean));

    write(&dir.path().join("code"), "secrets/dev.pem", "dev only");
    assert_eq!(compile(dir.path()).status.code(), Some(1));
    write(&dir.path().join("code"), ".sagespecignore", "# the dev certificate ships on purpose\n!secrets/dev.pem\n");
    let allowed = compile(dir.path());
    assert_eq!(allowed.status.code(), Some(0), "{}", describe(&allowed));
    assert_ne!(submit_directory(&allowed), submit_directory(&clean), "the .pem is in the tarball now");

    write(&dir.path().join("code"), "secrets/prod.pem", "not allowed");
    let other = compile(dir.path());
    assert_eq!(other.status.code(), Some(1), "{}", describe(&other));
    assert!(String::from_utf8_lossy(&other.stderr).contains("secrets/prod.pem"), "{}", describe(&other));

    write(&dir.path().join("code"), ".sagespecignore", "!secrets/dev.pem\nsecrets/prod.pem\n");
    let left_out = compile(dir.path());
    assert_eq!(left_out.status.code(), Some(0), "a plain line leaves it out: {}", describe(&left_out));
    assert_eq!(submit_directory(&left_out), submit_directory(&allowed));
}

#[test]
fn git_and_pycache_stay_silently_excluded() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_manifests(dir.path(), "job", 1, "s");
    let clean = compile(dir.path());
    assert_eq!(clean.status.code(), Some(0), "{}", describe(&clean));
    write(&dir.path().join("code"), ".git/config", "[core]\n");
    write(&dir.path().join("code"), "__pycache__/train.cpython-310.pyc", "bytes");
    let with_caches = compile(dir.path());
    assert_eq!(with_caches.status.code(), Some(0), "{}", describe(&with_caches));
    assert!(with_caches.stderr.is_empty(), "{}", describe(&with_caches));
    assert_eq!(submit_directory(&with_caches), submit_directory(&clean));
}

#[test]
fn apply_refuses_before_any_request_and_packs_after_the_override() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_manifests(dir.path(), "job", 1, "s");
    write(&dir.path().join("code"), ".env", "SECRET=1\n");

    let closed = format!("http://127.0.0.1:{}", free_port());
    let refused = Sagespec::new(&closed).run(&["apply", arg(dir.path()), "--yes"]);
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("code/.env") && stderr.contains("`!.env`"), "{}", describe(&refused));

    write(&dir.path().join("code"), ".sagespecignore", "!.env\n");
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 1);
    let applied = Sagespec::new(&proxy.url()).run(&["apply", arg(dir.path()), "--yes"]);
    assert_eq!(applied.status.code(), Some(0), "{}", describe(&applied));
    assert_eq!(proxy.counts().uploads, 1, "the tarball with .env was uploaded: {:?}", proxy.counts());
}
