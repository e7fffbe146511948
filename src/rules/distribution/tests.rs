//! Behaviour of the distribution rules together, through the whole check pipeline: the
//! SDK's rewrites, instance groups, and one finding per problem.

use std::sync::Arc;

use crate::check::check_text;
use crate::source::Format;

const BASE: &str = "apiVersion: sagespec/v1
kind: TrainingJob
job_name: distribution-test
region: us-west-2
entry_point: train.py
role: arn:aws:iam::111122223333:role/SageMakerRole
";

/// `(code, pointer, is_error)` of every finding of a distribution rule for `BASE` + `yaml`.
fn findings(yaml: &str) -> Vec<(String, String, bool)> {
    let text = format!("{BASE}{yaml}");
    check_text("test.yaml", Arc::from(text), Format::Yaml, None)
        .report
        .findings
        .iter()
        .map(|r| &r.finding)
        .filter(|f| f.code.starts_with("sagespec::distribution::") || f.code.starts_with("sagespec::schema::"))
        .map(|f| (f.code.trim_start_matches("sagespec::distribution::").to_owned(), f.pointer.clone(), f.is_error()))
        .collect()
}

fn error(code: &str, pointer: &str) -> (String, String, bool) {
    (code.to_owned(), pointer.to_owned(), true)
}

const PT: &str = "framework: pytorch\nframework_version: \"2.2.0\"\npy_version: py310\ninstance_count: 2\n";
const SMDDP: &str = "distribution:\n  smdistributed:\n    dataparallel:\n      enabled: true\n";

#[test]
fn p5_with_smddp_gives_one_finding() {
    let got = findings(&format!("{PT}instance_type: ml.p5.48xlarge\n{SMDDP}"));
    assert_eq!(got, vec![error("smdistributed-unsupported-instance-type", "/instance_type")]);
}

#[test]
fn p5_with_smddp_and_torch_distributed_passes() {
    let got = findings(&format!("{PT}instance_type: ml.p5.48xlarge\n{SMDDP}  torch_distributed:\n    enabled: true\n"));
    assert_eq!(got, vec![]);
}

#[test]
fn p5_is_refused_even_with_smdistributed_disabled() {
    let yaml = format!(
        "{PT}instance_type: ml.p5.48xlarge\ndistribution:\n  smdistributed:\n    modelparallel:\n      enabled: false\n"
    );
    assert_eq!(findings(&yaml), vec![error("smdistributed-unsupported-instance-type", "/instance_type")]);
}

#[test]
fn pytorchddp_is_checked_as_smddp_on_pytorch() {
    let yaml = format!("{PT}instance_type: ml.g5.48xlarge\ndistribution:\n  pytorchddp:\n    enabled: true\n");
    assert_eq!(findings(&yaml), vec![error("smdistributed-unsupported-instance-type", "/instance_type")]);
}

#[test]
fn instance_groups_check_the_training_group_and_p5_anywhere() {
    let groups = "instance_groups:
  - {instance_group_name: train, instance_type: ml.g5.48xlarge, instance_count: 2}
  - {instance_group_name: data, instance_type: ml.c5.18xlarge, instance_count: 1}
  - {instance_group_name: extra, instance_type: ml.p5.48xlarge, instance_count: 1}
";
    let pt = "framework: pytorch\nframework_version: \"2.2.0\"\npy_version: py310\n";
    let got = findings(&format!("{pt}{groups}{SMDDP}  instance_groups: [train]\n"));
    assert_eq!(
        got,
        vec![
            error("smdistributed-unsupported-instance-type", "/instance_groups/0/instance_type"),
            error("smdistributed-unsupported-instance-type", "/instance_groups/2/instance_type"),
        ]
    );
}

#[test]
fn torch_distributed_is_not_validated_on_tensorflow() {
    let yaml = "framework: tensorflow\nframework_version: \"2.11.0\"\npy_version: py39\ninstance_type: ml.m5.xlarge\ninstance_count: 2\ndistribution:\n  torch_distributed:\n    enabled: true\n";
    assert_eq!(findings(yaml), vec![]);
}

#[test]
fn a_quoted_false_replaces_the_schema_type_error() {
    let yaml =
        format!("{PT}instance_type: ml.p4d.24xlarge\ndistribution:\n  torch_distributed:\n    enabled: \"false\"\n");
    assert_eq!(findings(&yaml), vec![error("enabled-not-boolean", "/distribution/torch_distributed/enabled")]);
}

#[test]
fn smddp_versions_match_exactly() {
    let alias = format!(
        "framework: pytorch\nframework_version: \"1.13\"\npy_version: py39\ninstance_type: ml.p4d.24xlarge\n{SMDDP}"
    );
    assert_eq!(findings(&alias), vec![error("dataparallel-framework-version-unsupported", "/framework_version")]);
    let full = alias.replace("\"1.13\"", "\"1.13.1\"");
    assert_eq!(findings(&full), vec![]);
}

#[test]
fn mwms_versions_compare_numerically() {
    let mwms = |version: &str| {
        findings(&format!(
            "framework: tensorflow\nframework_version: \"{version}\"\npy_version: py39\ninstance_type: ml.p3.16xlarge\ndistribution:\n  multi_worker_mirrored_strategy:\n    enabled: true\n"
        ))
    };
    assert_eq!(mwms("2.10"), vec![]);
    assert_eq!(mwms("2.8"), vec![error("multi-worker-mirrored-version-too-old", "/framework_version")]);
}

#[test]
fn parameter_server_on_a_multi_gpu_host_only_warns() {
    let yaml = "framework: tensorflow\nframework_version: \"2.11.0\"\npy_version: py39\ninstance_type: ml.p3.16xlarge\ndistribution:\n  parameter_server:\n    enabled: true\n";
    assert_eq!(
        findings(yaml),
        vec![("parameter-server-multi-gpu".to_owned(), "/distribution/parameter_server".to_owned(), false)]
    );
}
