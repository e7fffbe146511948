//! `plan`, `apply`, `apply --wait` and `status` for `kind: TuningJob` against moto (server
//! mode, 127.0.0.1), through the counting proxy of `tests/support`.
//!
//! moto 5.2.5 (pinned by `scripts/moto`) supports what these tests need:
//! CreateHyperParameterTuningJob (answering `ResourceInUse` itself for a name it holds),
//! DescribeHyperParameterTuningJob (`ResourceNotFound` for an unknown name) and
//! ListHyperParameterTuningJobs (with `NameContains`), so the proxy answers nothing for
//! tuning jobs; it only counts the creates. moto's tuning jobs are born `Completed`, with
//! one completed training job and a placeholder `BestTrainingJob` (`FakeTrainingJobName`,
//! tuned `{"string": "TunedHyperParameters"}`, objective `Accuracy` = 1), which is what
//! `--wait` and `status` print here.

mod support;

use support::{Moto, Proxy, Sagespec, arg, describe, moto_job_names, moto_tuning_job_names, write_tuning_manifests};

#[test]
fn applying_20_tuning_manifests_creates_20_tuning_jobs_once_and_no_training_job() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let (manifests, _template) = write_tuning_manifests(dir.path(), "hpo", 20);
    let paths: Vec<&str> = manifests.iter().map(|p| arg(p)).collect();
    let sagespec = Sagespec::new(&proxy.url());
    let with =
        |command: &[&'static str]| -> Vec<&str> { command.iter().copied().chain(paths.iter().copied()).collect() };

    let plan = sagespec.run(&with(&["plan", "--detailed-exitcode"]));
    let text = String::from_utf8_lossy(&plan.stdout).into_owned();
    assert_eq!(plan.status.code(), Some(2), "{}", describe(&plan));
    assert!(text.contains("Plan: 20 to create, 0 up to date, 0 superseded."), "{text}");
    assert!(text.contains("it is not launched on its own"), "the template note: {text}");

    let first = sagespec.run(&with(&["apply", "--yes"]));
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let counts = proxy.counts();
    assert_eq!(counts.tuning_create_requests, 20, "{counts:?}");
    assert_eq!(counts.tuning_creates, 20, "{counts:?}");
    assert_eq!(counts.create_requests, 0, "the template was launched: {counts:?}");
    assert_eq!(counts.uploads, 1, "one shared tarball, uploaded once: {counts:?}");
    let names = moto_tuning_job_names(&moto);
    assert_eq!(names.len(), 20, "{names:?}");
    assert!(names.iter().all(|name| name.starts_with("hpo-") && name.len() == 32), "{names:?}");
    assert_eq!(moto_job_names(&moto), Vec::<String>::new(), "no training job of its own");

    let second = sagespec.run(&with(&["apply", "--yes"]));
    assert_eq!(second.status.code(), Some(0), "{}", describe(&second));
    assert!(String::from_utf8_lossy(&second.stdout).contains("Nothing to create."), "{}", describe(&second));
    assert_eq!(proxy.counts().tuning_create_requests, 20, "the second apply sent a create");
    assert_eq!(moto_tuning_job_names(&moto).len(), 20);

    let plan = sagespec.run(&with(&["plan", "--detailed-exitcode", "--format", "json"]));
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
    let json: serde_json::Value = serde_json::from_slice(&plan.stdout).expect("plan JSON");
    assert_eq!(json["summary"]["create"], 0);
    assert_eq!(json["summary"]["up_to_date"], 20);
    assert_eq!(json["jobs"][0]["kind"], "tuning-job");
    assert_eq!(json["templates"][0]["applied"], false);
}

#[test]
fn applying_a_folder_with_the_template_creates_both_and_the_plan_says_so() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("tempdir");
    write_tuning_manifests(dir.path(), "hpo", 1);
    let sagespec = Sagespec::new(&moto.url());

    let plan = sagespec.run(&["plan", arg(dir.path())]);
    let text = String::from_utf8_lossy(&plan.stdout).into_owned();
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
    assert!(text.contains("Plan: 2 to create, 0 up to date, 0 superseded."), "{text}");
    assert!(text.contains("it is applied too, so its own training job is planned as well"), "{text}");

    let applied = sagespec.run(&["apply", arg(dir.path()), "--yes"]);
    assert_eq!(applied.status.code(), Some(0), "{}", describe(&applied));
    assert_eq!(moto_tuning_job_names(&moto).len(), 1);
    assert_eq!(moto_job_names(&moto).len(), 1);
}

#[test]
fn wait_and_status_show_the_tuning_progress_and_the_best_training_job() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let (manifests, _) = write_tuning_manifests(dir.path(), "hpo", 1);
    let sagespec = Sagespec::new(&moto.url());

    let applied = sagespec.run(&["apply", arg(&manifests[0]), "--yes", "--wait"]);
    let text = String::from_utf8_lossy(&applied.stdout).into_owned();
    assert_eq!(applied.status.code(), Some(0), "{}", describe(&applied));
    let name = moto_tuning_job_names(&moto).pop().expect("one tuning job");
    assert!(
        text.contains(&format!("{name}  Completed (1 completed, 0 running, 0 failed; best Accuracy = 1)")),
        "{text}"
    );
    assert!(text.contains(&format!("{name}: best training job FakeTrainingJobName")), "{text}");
    assert!(text.contains("  objective  Accuracy = 1"), "{text}");
    assert!(text.contains("  tuned      string = TunedHyperParameters"), "{text}");

    // A bare name: not a training job, so a tuning job.
    for target in [name.as_str(), arg(&manifests[0])] {
        let status = sagespec.run(&["status", target]);
        let text = String::from_utf8_lossy(&status.stdout).into_owned();
        assert_eq!(status.status.code(), Some(0), "{}", describe(&status));
        assert!(text.contains(&format!("{name}: 1 completed, 0 running, 0 failed; best Accuracy = 1")), "{text}");
        assert!(text.contains(&format!("{name}: best training job FakeTrainingJobName")), "{text}");
    }
    let missing = sagespec.run(&["status", "no-such-job"]);
    assert_eq!(missing.status.code(), Some(1), "{}", describe(&missing));
}
