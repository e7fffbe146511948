//! `plan`, `apply`, `status`, `stop` and `logs` against moto (server mode, 127.0.0.1),
//! through the counting proxy of `tests/support` (no faults here; see `aws_faults.rs`).
//!
//! Every run of the binary gets fake credentials, no shared config, IMDS disabled and
//! `SAGESPEC_LOOPBACK_ONLY=1`, so any request to a non-loopback host would fail the run.

mod support;

use std::time::{Duration, Instant};

use support::{Moto, Sagespec, arg, describe, moto_job_names, staged, write_manifests};

#[test]
fn apply_creates_each_job_once_and_a_second_apply_creates_nothing() {
    let (moto, proxy, dir) = staged("mnist", 5, "a", 0.0, 1);
    let sagespec = Sagespec::new(&proxy.url());

    let plan = sagespec.run(&["plan", arg(dir.path()), "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(2), "{}", describe(&plan));
    assert!(
        String::from_utf8_lossy(&plan.stdout).contains("Plan: 5 to create, 0 up to date, 0 superseded."),
        "{}",
        describe(&plan)
    );

    let first = sagespec.run(&["apply", arg(dir.path()), "--yes"]);
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let after_first = proxy.counts();
    assert_eq!(after_first.create_requests, 5, "{after_first:?}");
    assert_eq!(after_first.creates, 5, "{after_first:?}");
    assert_eq!(after_first.uploads, 1, "one shared tarball, uploaded once: {after_first:?}");
    assert_eq!(moto_job_names(&moto).len(), 5);

    let second = sagespec.run(&["apply", arg(dir.path()), "--yes"]);
    assert_eq!(second.status.code(), Some(0), "{}", describe(&second));
    assert!(String::from_utf8_lossy(&second.stdout).contains("Nothing to create."), "{}", describe(&second));
    let after_second = proxy.counts();
    assert_eq!(after_second.create_requests, 5, "the second apply sent a create: {after_second:?}");
    assert_eq!(after_second.uploads, 1, "the second apply uploaded code: {after_second:?}");

    let plan = sagespec.run(&["plan", arg(dir.path()), "--detailed-exitcode", "--format", "json"]);
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
    let json: serde_json::Value = serde_json::from_slice(&plan.stdout).expect("plan JSON");
    assert_eq!(json["summary"]["create"], 0);
    assert_eq!(json["summary"]["up_to_date"], 5);
}

#[test]
fn a_changed_manifest_is_created_and_its_old_job_listed_as_superseded() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let sagespec = Sagespec::new(&moto.url());
    write_manifests(dir.path(), "bert", 1, "old");
    let first = sagespec.run(&["apply", arg(dir.path()), "--yes"]);
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    write_manifests(dir.path(), "bert", 1, "new");
    let plan = sagespec.run(&["plan", arg(dir.path())]);
    let text = String::from_utf8_lossy(&plan.stdout);
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
    assert!(text.contains("Plan: 1 to create, 0 up to date, 1 superseded."), "{text}");
    assert!(text.contains("SUPERSEDED JOB"), "{text}");
}

#[test]
fn apply_without_a_terminal_or_yes_refuses_and_creates_nothing() {
    let (_moto, proxy, dir) = staged("mnist", 2, "a", 0.0, 1);
    let output = Sagespec::new(&proxy.url()).run(&["apply", arg(dir.path())]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("pass --yes"), "{}", describe(&output));
    assert_eq!(proxy.counts().create_requests, 0);
}

#[test]
fn apply_wait_status_stop_and_logs_follow_the_jobs() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("tempdir");
    write_manifests(dir.path(), "mnist", 2, "w");
    let sagespec = Sagespec::new(&moto.url());

    let applied = sagespec.run(&["apply", arg(dir.path()), "--yes", "--wait"]);
    assert_eq!(applied.status.code(), Some(0), "{}", describe(&applied));
    let text = String::from_utf8_lossy(&applied.stdout);
    assert_eq!(text.matches("  Completed\n").count(), 2, "{text}");

    let status = sagespec.run(&["status", arg(dir.path())]);
    assert_eq!(status.status.code(), Some(0), "{}", describe(&status));
    assert_eq!(String::from_utf8_lossy(&status.stdout).matches("Completed").count(), 4, "{}", describe(&status));

    let missing = sagespec.run(&["status", "no-such-job"]);
    assert_eq!(missing.status.code(), Some(1), "{}", describe(&missing));
    assert!(String::from_utf8_lossy(&missing.stdout).contains("not found"), "{}", describe(&missing));

    let name = moto_job_names(&moto).into_iter().next().expect("a job");
    let logs = sagespec.run(&["logs", &name]);
    assert_eq!(logs.status.code(), Some(0), "{}", describe(&logs));

    let stop = sagespec.run(&["stop", "no-such-job"]);
    assert_eq!(stop.status.code(), Some(1), "{}", describe(&stop));
    assert!(String::from_utf8_lossy(&stop.stderr).contains("no-such-job"), "{}", describe(&stop));
}

#[test]
fn an_unreachable_endpoint_fails_quickly_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_manifests(dir.path(), "mnist", 1, "a");
    let closed = format!("http://127.0.0.1:{}", support::free_port());
    let started = Instant::now();
    let output = Sagespec::new(&closed).run(&["plan", arg(dir.path())]);
    let took = started.elapsed();
    println!("plan against a closed port failed after {took:?}");
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot reach the endpoint"), "{stderr}");
    assert!(took < Duration::from_secs(120), "hung for {took:?}");
}

#[test]
fn the_loopback_guard_refuses_a_non_loopback_host_before_sending() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_manifests(dir.path(), "mnist", 1, "a");
    // 0.0.0.0 is not a loopback address, yet a connection to it stays on this machine, so
    // this test sends nothing out even if the guard were broken (it would then fail with
    // "connection refused" instead).
    let endpoint = format!("http://0.0.0.0:{}", support::free_port());
    let output = Sagespec::new(&endpoint).run(&["plan", arg(dir.path())]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("allows only loopback addresses"),
        "{}",
        describe(&output)
    );
}
