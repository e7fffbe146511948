//! Conformance-style expectations for the differences a randomized comparison with the
//! SageMaker Python SDK 2.257.7 found (issue 16, item 4). Every expected value is derived
//! from the SDK's source, named at each test, never from sagespec's output:
//!
//! - one instance group and no `distribution.instance_groups` (`fw_utils.
//!   validate_distribution`, `Framework._distribution_configuration`);
//! - integers beyond 64 bits in hyperparameters (`EstimatorBase._json_encode_hyperparameters`,
//!   i.e. `json.dumps` of a Python int);
//! - Trainium's regions (`image_uri_config/pytorch-neuron.json`).

use std::path::Path;
use std::sync::Arc;

use sagespec::check::check_text;
use sagespec::kinds::training_job::{CompileOptions, compile};
use sagespec::source::Format;
use sagespec::spec::Manifest;
use serde_json::Value as Json;

const ACCOUNT: &str = "123456789012";
const SINGLE_GROUP_RULE: &str = "sagespec::distribution::single-instance-group-without-strategy";

/// The head every manifest here shares: code on S3, so nothing is packaged.
fn head(framework: &str, version: &str, py: &str) -> String {
    format!(
        "apiVersion: sagespec/v1\nkind: TrainingJob\njob_name: sdk-differences\nregion: us-west-2\n\
         framework: {framework}\nframework_version: \"{version}\"\npy_version: {py}\nentry_point: train.py\n\
         source_dir: s3://my-bucket/code/sourcedir.tar.gz\nrole: arn:aws:iam::123456789012:role/SageMakerRole\n"
    )
}

fn one_group(instance_type: &str) -> String {
    format!(
        "instance_groups:\n  - instance_group_name: train\n    instance_type: {instance_type}\n    instance_count: 2\n"
    )
}

/// The errors' `(code, pointer)`s, or the compiled request.
fn compile_text(text: &str, format: Format) -> Result<Json, Vec<(String, String)>> {
    let checked = check_text("manifest", Arc::from(text), format, None);
    if checked.has_errors() {
        return Err(checked
            .report
            .findings
            .iter()
            .filter(|f| f.finding.severity == sagespec::diagnostic::Severity::Error)
            .map(|f| (f.finding.code.to_string(), f.finding.pointer.clone()))
            .collect());
    }
    let manifest = checked.manifest_as::<Manifest>().expect("a typed manifest");
    let options = CompileOptions { region: None, account_id: Some(ACCOUNT.to_owned()) };
    Ok(compile(manifest, Path::new("."), &options).expect("compiles").request)
}

fn compile_yaml(text: &str) -> Result<Json, Vec<(String, String)>> {
    compile_text(text, Format::Yaml)
}

/// The request's hyperparameters whose key starts with `sagemaker_` and is not one of the
/// five script-mode keys, in order.
fn distribution_keys(request: &Json) -> Vec<(String, String)> {
    const SCRIPT_MODE: [&str; 5] = [
        "sagemaker_submit_directory",
        "sagemaker_program",
        "sagemaker_container_log_level",
        "sagemaker_job_name",
        "sagemaker_region",
    ];
    request["HyperParameters"]
        .as_object()
        .expect("hyperparameters")
        .iter()
        .filter(|(k, _)| k.starts_with("sagemaker_") && !SCRIPT_MODE.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.as_str().expect("a string").to_owned()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

// ── One instance group ─────────────────────────────────────────────────────────────────

/// `validate_distribution` names the only group (`validated_distribution["instance_groups"]
/// = ["train"]`); `_distribution_configuration` then writes
/// `sagemaker_distribution_instance_groups` first, then the mpi keys; TensorFlow with mpi
/// has `model_dir` `/opt/ml/model` (`TensorFlow._default_s3_path`), sent last.
#[test]
fn mpi_on_one_group_names_the_group() {
    let text = format!(
        "{}{}distribution:\n  mpi:\n    enabled: true\n    processes_per_host: 8\n",
        head("tensorflow", "2.11.0", "py39"),
        one_group("ml.p4d.24xlarge")
    );
    let request = compile_yaml(&text).expect("the SDK accepts it");
    assert_eq!(
        distribution_keys(&request),
        pairs(&[
            ("sagemaker_distribution_instance_groups", r#"["train"]"#),
            ("sagemaker_mpi_enabled", "true"),
            ("sagemaker_mpi_num_of_processes_per_host", "8"),
            ("sagemaker_mpi_custom_mpi_options", r#""""#),
        ])
    );
    assert_eq!(request["HyperParameters"]["model_dir"], r#""/opt/ml/model""#);
}

/// SMDDP on one group: the group name, then `sagemaker_distributed_dataparallel_enabled`,
/// `sagemaker_instance_type` (`json.dumps(None)`: the estimator has no `instance_type`)
/// and the custom options.
#[test]
fn dataparallel_on_one_group_names_the_group() {
    let text = format!(
        "{}{}distribution:\n  smdistributed:\n    dataparallel:\n      enabled: true\n",
        head("pytorch", "2.2.0", "py310"),
        one_group("ml.p4d.24xlarge")
    );
    let request = compile_yaml(&text).expect("the SDK accepts it");
    assert_eq!(
        distribution_keys(&request),
        pairs(&[
            ("sagemaker_distribution_instance_groups", r#"["train"]"#),
            ("sagemaker_distributed_dataparallel_enabled", "true"),
            ("sagemaker_instance_type", "null"),
            ("sagemaker_distributed_dataparallel_custom_mpi_options", r#""""#),
        ])
    );
}

/// `pytorchddp` is rewritten to `smdistributed.dataparallel` before validation, so it
/// names the group too.
#[test]
fn pytorchddp_on_one_group_names_the_group() {
    let text = format!(
        "{}{}distribution:\n  pytorchddp:\n    enabled: true\n",
        head("pytorch", "2.2.0", "py310"),
        one_group("ml.p4d.24xlarge")
    );
    let request = compile_yaml(&text).expect("the SDK accepts it");
    assert_eq!(
        distribution_keys(&request).first(),
        Some(&("sagemaker_distribution_instance_groups".to_owned(), r#"["train"]"#.to_owned()))
    );
}

/// PyTorch's `_pytorch_distribution_configuration` with `torch_distributed` enabled and no
/// `smdistributed` never calls `_distribution_configuration`: no group key, no refusal,
/// and no `sagemaker_instance_type` (the estimator's `instance_type` is None).
#[test]
fn torch_distributed_on_one_group_sends_no_group() {
    let text = format!(
        "{}{}distribution:\n  torch_distributed:\n    enabled: true\n",
        head("pytorch", "2.2.0", "py310"),
        one_group("ml.p4d.24xlarge")
    );
    let request = compile_yaml(&text).expect("the SDK accepts it");
    assert_eq!(distribution_keys(&request), pairs(&[("sagemaker_torch_distributed_enabled", "true")]));
}

/// The same with two groups and the training group named: `validate_distribution`
/// accepts it, and the torch_distributed path neither sends the names nor refuses them.
#[test]
fn torch_distributed_on_a_named_group_of_two_is_accepted() {
    let text = format!(
        "{}instance_groups:\n  - instance_group_name: data\n    instance_type: ml.c5.4xlarge\n    instance_count: 1\n  \
         - instance_group_name: train\n    instance_type: ml.p4d.24xlarge\n    instance_count: 2\n\
         distribution:\n  torch_distributed:\n    enabled: true\n  instance_groups: [train]\n",
        head("pytorch", "2.2.0", "py310")
    );
    let request = compile_yaml(&text).expect("the SDK accepts it");
    assert_eq!(distribution_keys(&request), pairs(&[("sagemaker_torch_distributed_enabled", "true")]));
}

/// Without a `distribution`, `validate_distribution` is never called: nothing is added.
#[test]
fn no_distribution_on_one_group_sends_no_group() {
    let text = format!("{}{}", head("pytorch", "2.2.0", "py310"), one_group("ml.m5.xlarge"));
    let request = compile_yaml(&text).expect("the SDK accepts it");
    assert_eq!(distribution_keys(&request), Vec::new());
}

/// "Don't set training instance groups while no distribution strategies enabled!": the
/// group the SDK filled in, with neither mpi nor SMDDP enabled. In YAML and TOML.
#[test]
fn other_strategies_on_one_group_are_refused() {
    let distributions = [
        ("tensorflow", "2.11.0", "py39", "distribution:\n  parameter_server:\n    enabled: true\n"),
        ("tensorflow", "2.11.0", "py39", "distribution:\n  multi_worker_mirrored_strategy:\n    enabled: true\n"),
        ("pytorch", "2.2.0", "py310", "distribution:\n  mpi:\n    enabled: false\n"),
        ("pytorch", "2.2.0", "py310", "distribution:\n  smdistributed:\n    dataparallel:\n      enabled: false\n"),
        // TensorFlow ignores torch_distributed, so only parameter_server is left.
        (
            "tensorflow",
            "2.11.0",
            "py39",
            "distribution:\n  torch_distributed:\n    enabled: true\n  parameter_server:\n    enabled: true\n",
        ),
    ];
    for (framework, version, py, distribution) in distributions {
        let text = format!("{}{}{distribution}", head(framework, version, py), one_group("ml.c5.18xlarge"));
        let errors = compile_yaml(&text).expect_err(distribution);
        assert!(
            errors.contains(&(SINGLE_GROUP_RULE.to_owned(), "/distribution".to_owned())),
            "{distribution}: {errors:?}"
        );
    }
    let toml = "apiVersion = \"sagespec/v1\"\nkind = \"TrainingJob\"\njob_name = \"x\"\nregion = \"us-west-2\"\n\
                framework = \"tensorflow\"\nframework_version = \"2.11.0\"\npy_version = \"py39\"\n\
                entry_point = \"train.py\"\nsource_dir = \"s3://my-bucket/code/sourcedir.tar.gz\"\n\
                role = \"arn:aws:iam::123456789012:role/SageMakerRole\"\n\n[[instance_groups]]\n\
                instance_group_name = \"train\"\ninstance_type = \"ml.c5.18xlarge\"\ninstance_count = 2\n\n\
                [distribution.parameter_server]\nenabled = true\n";
    let errors = compile_text(toml, Format::Toml).expect_err("refused");
    assert!(errors.iter().any(|(code, _)| code == SINGLE_GROUP_RULE), "{errors:?}");
}

/// Parameter server with `instance_type` (no groups) stays accepted, with no group key.
#[test]
fn parameter_server_without_groups_is_accepted() {
    let text = format!(
        "{}instance_type: ml.c5.18xlarge\ninstance_count: 2\ndistribution:\n  parameter_server:\n    enabled: true\n",
        head("tensorflow", "2.11.0", "py39")
    );
    let request = compile_yaml(&text).expect("the SDK accepts it");
    assert_eq!(distribution_keys(&request), pairs(&[("sagemaker_parameter_server_enabled", "true")]));
}

// ── Integers beyond 64 bits ───────────────────────────────────────────────────────────

/// CPython `json.dumps` of each value: `2**63`, `-(2**63) - 1`, `10**30`, `[1, 2**64]`,
/// `{"k": 10**20}`, and the float `1e30` (a float stays a float).
const BIG_EXPECTED: [(&str, &str); 6] = [
    ("big", "9223372036854775808"),
    ("negative", "-9223372036854775809"),
    ("huge", "1000000000000000000000000000000"),
    ("list", "[1, 18446744073709551616]"),
    ("map", r#"{"k": 100000000000000000000}"#),
    ("float", "1e+30"),
];

#[test]
fn big_integers_are_sent_with_all_their_digits() {
    let yaml = format!(
        "{}instance_type: ml.m5.xlarge\ninstance_count: 1\nhyperparameters:\n  big: 9223372036854775808\n  \
         negative: -9223372036854775809\n  huge: 1000000000000000000000000000000\n  list: [1, 18446744073709551616]\n  \
         map: {{k: 100000000000000000000}}\n  float: 1.0e+30\n",
        head("pytorch", "2.2.0", "py310")
    );
    let toml = "apiVersion = \"sagespec/v1\"\nkind = \"TrainingJob\"\njob_name = \"sdk-differences\"\n\
                region = \"us-west-2\"\nframework = \"pytorch\"\nframework_version = \"2.2.0\"\n\
                py_version = \"py310\"\nentry_point = \"train.py\"\n\
                source_dir = \"s3://my-bucket/code/sourcedir.tar.gz\"\n\
                role = \"arn:aws:iam::123456789012:role/SageMakerRole\"\ninstance_type = \"ml.m5.xlarge\"\n\
                instance_count = 1\n\n[hyperparameters]\nbig = 9223372036854775808\n\
                negative = -9223372036854775809\nhuge = 1_000_000_000_000_000_000_000_000_000_000\n\
                list = [1, 18446744073709551616]\nmap = { k = 100000000000000000000 }\nfloat = 1.0e30\n";
    for (text, format) in [(yaml.as_str(), Format::Yaml), (toml, Format::Toml)] {
        let request = compile_text(text, format).expect("compiles");
        for (key, want) in BIG_EXPECTED {
            assert_eq!(request["HyperParameters"][key], want, "{format:?} {key}");
        }
    }
}

/// As floats, `2**63` and `2**63 + 1` were the same value, so two different jobs got one
/// name; with their digits they are different jobs.
#[test]
fn big_integers_that_differ_give_different_job_names() {
    let named = |value: &str| {
        let text = format!(
            "{}instance_type: ml.m5.xlarge\ninstance_count: 1\nhyperparameters:\n  seed: {value}\n",
            head("pytorch", "2.2.0", "py310").replace("job_name: sdk-differences", "name: big")
        );
        compile_yaml(&text).expect("compiles")["TrainingJobName"].as_str().expect("a name").to_owned()
    };
    assert_ne!(named("9223372036854775808"), named("9223372036854775809"));
    assert_eq!(named("9223372036854775808"), named("9223372036854775808"));
}

/// The manifest reads an integer of any size; where a field needs a 64-bit integer, a
/// larger one is an error at that field (it used to pass the schema and then fail the
/// typing without a word).
#[test]
fn an_integer_too_large_for_its_field_is_an_error_there() {
    let text = format!(
        "{}instance_type: ml.m5.xlarge\ninstance_count: 99999999999999999999\ncontainer_log_level: -9223372036854775809\n",
        head("pytorch", "2.2.0", "py310")
    );
    let errors = compile_yaml(&text).expect_err("refused");
    let pointers: Vec<&str> = errors.iter().map(|(_, pointer)| pointer.as_str()).collect();
    assert_eq!(pointers, ["/instance_count", "/container_log_level"], "{errors:?}");
    assert!(errors.iter().all(|(code, _)| code == sagespec::diagnostic::codes::SCHEMA_OUT_OF_RANGE), "{errors:?}");
}

// ── TOML keeps the order written ──────────────────────────────────────────────────────

/// A Python dict keeps insertion order, so the SDK sends channels and hyperparameters in
/// the order the estimator call writes them; a TOML manifest must too.
#[test]
fn toml_channels_and_hyperparameters_keep_their_order() {
    let toml = "apiVersion = \"sagespec/v1\"\nkind = \"TrainingJob\"\njob_name = \"ordered\"\nregion = \"us-west-2\"\n\
                framework = \"pytorch\"\nframework_version = \"2.2.0\"\npy_version = \"py310\"\n\
                entry_point = \"train.py\"\nsource_dir = \"s3://my-bucket/code/sourcedir.tar.gz\"\n\
                role = \"arn:aws:iam::123456789012:role/SageMakerRole\"\ninstance_type = \"ml.m5.xlarge\"\n\
                instance_count = 1\n\n[hyperparameters]\nzeta = 1\nalpha = 2\n\n[inputs]\n\
                validation = \"s3://my-data/validation/\"\ntrain = \"s3://my-data/train/\"\n";
    let request = compile_text(toml, Format::Toml).expect("compiles");
    let keys: Vec<&String> = request["HyperParameters"].as_object().expect("map").keys().take(2).collect();
    assert_eq!(keys, ["zeta", "alpha"]);
    let channels: Vec<&str> = request["InputDataConfig"]
        .as_array()
        .expect("channels")
        .iter()
        .filter_map(|c| c["ChannelName"].as_str())
        .collect();
    assert_eq!(channels, ["validation", "train"]);
}

// ── Trainium's regions ────────────────────────────────────────────────────────────────

fn trainium(region: &str) -> Result<Json, Vec<(String, String)>> {
    let text = format!(
        "{}instance_type: ml.trn1.32xlarge\ninstance_count: 1\n",
        head("pytorch", "1.11.0", "py38").replace("region: us-west-2", &format!("region: {region}"))
    );
    compile_yaml(&text)
}

/// `pytorch-neuron.json` (training) has registries in eu-central-2 (380420809688) and
/// il-central-1 (780543022126); none in us-west-1, the China or the GovCloud regions,
/// where `image_uris.retrieve` raises "Unsupported region".
#[test]
fn trainium_images_follow_the_sdk_neuron_config() {
    for (region, account) in [("eu-central-2", "380420809688"), ("il-central-1", "780543022126")] {
        let request = trainium(region).expect("the SDK has an image");
        assert_eq!(
            request["AlgorithmSpecification"]["TrainingImage"],
            format!(
                "{account}.dkr.ecr.{region}.amazonaws.com/pytorch-training-neuron:1.11.0-neuron-py38-sdk2.4.0-ubuntu20.04"
            )
        );
    }
    for region in ["us-west-1", "cn-north-1", "us-gov-west-1"] {
        let errors = trainium(region).expect_err(region);
        assert!(errors.iter().any(|(_, pointer)| pointer == "/region"), "{region}: {errors:?}");
    }
}
