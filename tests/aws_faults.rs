//! Faults and scale against moto (server mode, 127.0.0.1), through the fault-injecting
//! proxy of `tests/support`: the "done" numbers (200 manifests: 200 creates, then
//! 0; with 20% of requests faulted, still exactly 200 creates), and an apply killed
//! midway then run again. Wall times are printed (`cargo test -- --nocapture`), never
//! asserted.

mod support;

use std::time::{Duration, Instant};

use support::{Moto, Proxy, Sagespec, arg, describe, moto_job_names, staged, write_manifests};

/// Attempts per call while a fifth of all requests fail (the SDK's own setting).
const FAULTY_MAX_ATTEMPTS: &str = "12";

#[test]
fn two_hundred_manifests_are_created_once_then_left_alone() {
    let (moto, proxy, dir) = staged("scale", 200, "s", 0.0, 7);
    let sagespec = Sagespec::new(&proxy.url());

    let started = Instant::now();
    let first = sagespec.run(&["apply", arg(dir.path()), "--yes", "--quiet"]);
    let first_time = started.elapsed();
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let after_first = proxy.counts();

    let started = Instant::now();
    let second = sagespec.run(&["apply", arg(dir.path()), "--yes", "--quiet"]);
    let second_time = started.elapsed();
    assert_eq!(second.status.code(), Some(0), "{}", describe(&second));
    let after_second = proxy.counts();

    let started = Instant::now();
    let plan = sagespec.run(&["plan", arg(dir.path()), "--detailed-exitcode"]);
    let plan_time = started.elapsed();
    println!(
        "200 manifests: first apply {} creates in {first_time:.2?}; second apply {} creates in {second_time:.2?}; \
         plan --detailed-exitcode exit {:?} in {plan_time:.2?}",
        after_first.create_requests,
        after_second.create_requests - after_first.create_requests,
        plan.status.code()
    );
    assert_eq!(after_first.create_requests, 200, "{after_first:?}");
    assert_eq!(after_first.creates, 200, "{after_first:?}");
    assert_eq!(after_second.create_requests, 200, "the second apply sent creates: {after_second:?}");
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
    assert_eq!(moto_job_names(&moto).len(), 200);
}

#[test]
fn with_a_fifth_of_requests_faulted_every_job_is_created_exactly_once() {
    let (moto, proxy, dir) = staged("faulty", 200, "f", 0.2, 20);
    let sagespec = Sagespec::new(&proxy.url()).env("AWS_MAX_ATTEMPTS", FAULTY_MAX_ATTEMPTS);

    let started = Instant::now();
    let first = sagespec.run(&["apply", arg(dir.path()), "--yes", "--quiet"]);
    let first_time = started.elapsed();
    let counts = proxy.counts();
    println!(
        "200 manifests, 20% faults: apply exit {:?} in {first_time:.2?}; {} requests, {} faults injected, \
         {} CreateTrainingJob requests, {} jobs created, {} answered ResourceInUse",
        first.status.code(),
        counts.requests,
        counts.faults,
        counts.create_requests,
        counts.creates,
        counts.duplicate_creates
    );
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    assert_eq!(counts.creates, 200, "{counts:?}");
    assert!(counts.faults > 0, "no fault was injected: {counts:?}");
    assert_eq!(moto_job_names(&moto).len(), 200);

    let started = Instant::now();
    let second = sagespec.run(&["apply", arg(dir.path()), "--yes", "--quiet"]);
    let after = proxy.counts();
    println!(
        "20% faults, second apply: exit {:?} in {:.2?}; {} jobs created in total",
        second.status.code(),
        started.elapsed(),
        after.creates
    );
    assert_eq!(second.status.code(), Some(0), "{}", describe(&second));
    assert_eq!(after.creates, 200, "{after:?}");
    assert_eq!(after.create_requests, counts.create_requests, "the second apply sent creates: {after:?}");
}

#[test]
fn an_apply_killed_midway_then_run_again_converges_without_duplicates() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 3);
    proxy.set_delay(Duration::from_millis(150));
    let dir = tempfile::tempdir().expect("tempdir");
    write_manifests(dir.path(), "killed", 40, "k");
    let sagespec = Sagespec::new(&proxy.url());

    let mut child = sagespec.command(&["apply", arg(dir.path()), "--yes", "--quiet"]).spawn().expect("start apply");
    let deadline = Instant::now() + Duration::from_secs(120);
    while proxy.counts().creates < 5 && Instant::now() < deadline {
        if child.try_wait().expect("poll apply").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill apply");
    let _ = child.wait();
    let killed_at = proxy.counts();
    println!("killed midway after {} of 40 creates", killed_at.creates);
    assert!(killed_at.creates < 40, "the apply finished before it could be killed: {killed_at:?}");

    proxy.set_delay(Duration::ZERO);
    let rerun = sagespec.run(&["apply", arg(dir.path()), "--yes", "--quiet"]);
    assert_eq!(rerun.status.code(), Some(0), "{}", describe(&rerun));
    let after = proxy.counts();
    println!("rerun: {} creates in total, {} duplicates refused", after.creates, after.duplicate_creates);
    assert_eq!(after.creates, 40, "{after:?}");
    assert_eq!(moto_job_names(&moto).len(), 40);
    let plan = sagespec.run(&["plan", arg(dir.path()), "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
}
