//! A changed default against moto (server mode, 127.0.0.1), as issue 14 asks: three jobs
//! under two Defaults layers are applied; one default of the inner layer changes; `plan`
//! lists the two jobs it reaches, each with its field diff against the job it replaces,
//! and leaves the third up to date; `apply` creates exactly those two; a second `plan`
//! has nothing to do (`--detailed-exitcode` exits 0).
//!
//! moto's DescribeTrainingJob differs from the request in a few fields
//! (`tests/aws_plan_diff.rs` lists them) and leaves out `Environment`, so the default that
//! changes is a hyperparameter; every other change line must be the default's.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{Moto, Sagespec, arg, describe, moto_job_names};

/// The fields moto answers differently from the request (see `tests/aws_plan_diff.rs`).
const MOTO_DIFFERENCES: &[&str] = &["ProfilerConfig.", "AlgorithmSpecification.MetricDefinitions["];

const OUTER: &str = "apiVersion: sagespec/v1\nkind: Defaults\nroot: true\ndefaults:\n  region: us-west-2\n  \
                     role: arn:aws:iam::111122223333:role/SageMakerRole\n  framework: pytorch\n  \
                     framework_version: \"2.2.0\"\n  py_version: py310\n  instance_type: ml.m5.xlarge\n  \
                     instance_count: 1\n  inputs: {train: s3://data-bucket/train/}\n";

fn inner(level: &str) -> String {
    format!("apiVersion: sagespec/v1\nkind: Defaults\ndefaults:\n  hyperparameters: {{log_level: {level}}}\n")
}

fn manifest(name: &str) -> String {
    format!("apiVersion: sagespec/v1\nkind: TrainingJob\nname: {name}\nentry_point: train.py\nsource_dir: ../code\n")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
    std::fs::write(path, text).expect("file");
}

#[test]
fn a_changed_default_replaces_exactly_the_jobs_it_reaches() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("code/train.py"), "print('training')\n");
    write(&root.join("sagespec.defaults.yaml"), OUTER);
    write(&root.join("nlp/sagespec.defaults.yaml"), &inner("WARN"));
    write(&root.join("nlp/bert.yaml"), &manifest("bert"));
    write(&root.join("nlp/t5.yaml"), &manifest("t5"));
    write(&root.join("vision/vit.yaml"), &manifest("vit"));
    let sagespec = Sagespec::new(&moto.url());

    let first = sagespec.run(&["apply", arg(root), "--yes"]);
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let before = moto_job_names(&moto);
    assert_eq!(before.len(), 3, "{before:?}");

    // One default changes, in the layer that reaches nlp/ only.
    write(&root.join("nlp/sagespec.defaults.yaml"), &inner("INFO"));
    let plan = sagespec.run(&["plan", arg(root), "--format", "json"]);
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
    let json: Value = serde_json::from_slice(&plan.stdout).expect("plan JSON");
    assert_eq!(json["summary"]["create"], 2, "{json}");
    assert_eq!(json["summary"]["up_to_date"], 1, "{json}");
    assert_eq!(json["summary"]["superseded"], 2, "{json}");
    let created: Vec<&str> = json["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .filter(|job| job["action"] == "create")
        .filter_map(|job| job["manifest"].as_str())
        .collect();
    assert!(created.iter().all(|manifest| manifest.contains("nlp")), "{json}");
    let replacements = json["replacements"].as_array().expect("replacements");
    assert_eq!(replacements.len(), 2, "{json}");
    let level = serde_json::json!({"field": "HyperParameters.log_level", "from": "WARN", "to": "INFO"});
    for replacement in replacements {
        let changes = replacement["changes"].as_array().expect("changes");
        assert!(changes.contains(&level), "{changes:#?}");
        for change in changes.iter().filter(|change| **change != level) {
            let field = change["field"].as_str().unwrap_or_default();
            assert!(MOTO_DIFFERENCES.iter().any(|prefix| field.starts_with(prefix)), "{field} changed: {changes:#?}");
        }
        assert!(before.contains(&replacement["replaces"].as_str().unwrap_or_default().to_owned()), "{replacement}");
    }

    // The table says the same to people.
    let table = sagespec.run(&["plan", arg(root)]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert_eq!(text.matches("~ HyperParameters.log_level: \"WARN\" → \"INFO\"").count(), 2, "{text}");

    let second = sagespec.run(&["apply", arg(root), "--yes"]);
    assert_eq!(second.status.code(), Some(0), "{}", describe(&second));
    let after = moto_job_names(&moto);
    assert_eq!(after.len(), 5, "{after:?}");
    assert!(before.iter().all(|job| after.contains(job)), "an applied job vanished: {after:?}");

    let again = sagespec.run(&["plan", arg(root), "--detailed-exitcode"]);
    assert_eq!(again.status.code(), Some(0), "{}", describe(&again));
}
