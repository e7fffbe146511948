//! The `"expect": "ok"` tuning conformance cases (`tests/conformance/tuning/`, recorded from
//! SageMaker Python SDK 2.257.7's `HyperparameterTuner`), compiled in-process through the
//! ops layer as `sagespec compile manifest.yaml` does (only the tuning manifest is named;
//! its `training_job` is found through the reference graph). Each request must equal the
//! SDK's up to the normalisations of `tests/conformance/README.md` and
//! `conformance-check`: generated tuning job names compared by role, code tarball keys,
//! the static `sagemaker_job_name` (and its autotune hint), unordered warm-start parents.

use std::fs;
use std::path::{Path, PathBuf};

use sagespec::kinds::CompileContext;
use sagespec::kinds::tuning_job::compile_with;
use sagespec::ops::compile::{Settings, compile_each};
use sagespec::ops::validate::validate_paths;
use sagespec::package::PackCache;
use sagespec::spec::TuningManifest;
use serde_json::Value;

mod support;

const ACCOUNT: &str = "123456789012";
const OK_CASES: usize = 43;

/// Cases whose estimator (`train.yaml`) does not validate, for reasons outside the TuningJob
/// kind: each must still fail to validate (so the list cannot go stale). The rest of each
/// such case's request is still checked: see
/// [`the_rest_of_the_refused_vpc_kms_case_is_the_sdk_request`].
const PENDING: &[(&str, &str)] = &[(
    "estimator_vpc_kms",
    "the SDK sends `volume_kms_key` on ml.g5.2xlarge (local NVMe storage), but the API reference refuses it for \
         tuning as for training (`HyperParameterTuningResourceConfig.VolumeKmsKeyId`: with an instance type that \
         uses local storage \"you cannot request a VolumeKmsKeyId\"), so the TrainingJob rule \
         volume-kms-key-on-instance-storage stands: the case lacks its `api_rejects`",
)];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/tuning")
}

fn ok_cases() -> Vec<(PathBuf, Value)> {
    let mut cases: Vec<(PathBuf, Value)> = fs::read_dir(root())
        .expect("tuning cases are committed")
        .map(|entry| entry.expect("readable case folder").path())
        .filter(|dir| dir.join("expect.json").exists())
        .map(|dir| {
            let expect = fs::read_to_string(dir.join("expect.json")).expect("readable expect.json");
            (dir, serde_json::from_str::<Value>(&expect).expect("valid expect.json"))
        })
        .filter(|(_, expect)| expect["expect"] == "ok")
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

fn case_name(dir: &Path) -> String {
    dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `sagespec compile manifest.yaml --account-id 123456789012`, in-process: the request body.
fn compile_case(dir: &Path) -> Result<Value, String> {
    let validated = validate_paths(&[dir.join("manifest.yaml")]).map_err(|e| e.to_string())?;
    if validated.has_errors {
        let found: Vec<String> = validated
            .reports
            .iter()
            .flat_map(|r| r.findings.iter().map(move |f| format!("{}: {}", r.path, f.finding.code)))
            .collect();
        return Err(format!("validation errors: {found:?}"));
    }
    let settings = Settings { region: None, account_id: Some(ACCOUNT.to_owned()) };
    let mut out = Vec::new();
    compile_each(&validated.manifests, &settings, None, |_, outcome| out.push(outcome.map_err(|e| e.to_string())));
    let compiled = out.pop().ok_or("nothing compiled")??;
    match compiled.requests.as_slice() {
        [one] if one.operation == "CreateHyperParameterTuningJob" => Ok(one.body.clone()),
        other => Err(format!("expected one CreateHyperParameterTuningJob request, got {}", other.len())),
    }
}

fn local_code(dir: &Path) -> bool {
    fs::read_dir(dir).expect("case folder").flatten().all(|entry| {
        let text = fs::read_to_string(entry.path()).unwrap_or_default();
        !text.contains("source_dir: s3://")
    })
}

/// A JSON-encoded `s3://bucket/….tar.gz` becomes a placeholder naming the bucket.
fn tarball(value: &mut Value, encoded: bool) {
    let Some(text) = value.as_str() else { return };
    let uri: Option<String> = if encoded { serde_json::from_str(text).ok() } else { Some(text.to_owned()) };
    if let Some(bucket) = uri
        .filter(|u| u.ends_with(".tar.gz"))
        .and_then(|u| u.strip_prefix("s3://").and_then(|rest| rest.split('/').next()).map(str::to_owned))
    {
        *value = Value::String(format!("<code tarball in {bucket}>"));
    }
}

/// Any JSON-encoded string becomes `<job name>`.
fn any_name(value: &mut Value) {
    if value.as_str().and_then(|t| serde_json::from_str::<Value>(t).ok()).is_some_and(|v| v.is_string()) {
        *value = Value::String("<job name>".into());
    }
}

fn normalise(mut request: Value, local_code: bool) -> Value {
    let definition = &mut request["TrainingJobDefinition"];
    if let Some(fixed) = definition.get_mut("StaticHyperParameters").and_then(Value::as_object_mut) {
        if local_code && let Some(submit) = fixed.get_mut("sagemaker_submit_directory") {
            tarball(submit, true);
        }
        if let Some(name) = fixed.get_mut("sagemaker_job_name") {
            any_name(name);
        }
    }
    for channel in definition.get_mut("InputDataConfig").and_then(Value::as_array_mut).into_iter().flatten() {
        if local_code
            && channel["ChannelName"] == "code"
            && let Some(uri) = channel.pointer_mut("/DataSource/S3DataSource/S3Uri")
        {
            tarball(uri, false);
        }
    }
    let hints = request.pointer_mut("/HyperParameterTuningJobConfig/ParameterRanges/AutoParameters");
    for hint in hints.and_then(Value::as_array_mut).into_iter().flatten() {
        let name = hint["Name"].as_str().unwrap_or_default().to_owned();
        if let Some(value) = hint.get_mut("ValueHint") {
            match name.as_str() {
                "sagemaker_submit_directory" if local_code => tarball(value, true),
                "sagemaker_job_name" => any_name(value),
                _ => {}
            }
        }
    }
    if let Some(Value::Array(parents)) = request.pointer_mut("/WarmStartConfig/ParentHyperParameterTuningJobs") {
        parents.sort_by_key(ToString::to_string);
    }
    request
}

/// The SDK named the tuning job from its clock (`<base>-yymmdd-HHMM`); sagespec names it
/// `<name>-<hex>`. Both become a placeholder once the actual name has sagespec's shape.
fn names_by_role(expected: &mut Value, actual: &mut Value, manifest: &TuningManifest) -> Result<(), String> {
    let generated = expected["HyperParameterTuningJobName"].as_str().is_some_and(|n| n.ends_with("-250101-0000"));
    if !generated {
        return Ok(());
    }
    let name = actual["HyperParameterTuningJobName"].as_str().unwrap_or_default();
    let base = manifest.name.as_deref().ok_or("a generated name without `name`")?;
    let hex = name.strip_prefix(base).and_then(|rest| rest.strip_prefix('-')).unwrap_or_default();
    if name.len() > 32 || hex.len() < 8 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("`{name}` is not `{base}-<hex>` in 32 characters"));
    }
    expected["HyperParameterTuningJobName"] = Value::String("<tuning job name>".into());
    actual["HyperParameterTuningJobName"] = Value::String("<tuning job name>".into());
    Ok(())
}

fn tuning_manifest(dir: &Path) -> TuningManifest {
    let checked = sagespec::check::check_file(&dir.join("manifest.yaml"), "manifest.yaml");
    checked.manifest_as::<TuningManifest>().cloned().expect("a TuningJob manifest")
}

fn static_keys(request: &Value) -> Vec<String> {
    request["TrainingJobDefinition"]["StaticHyperParameters"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn there_are_43_ok_cases() {
    assert_eq!(ok_cases().len(), OK_CASES);
}

#[test]
fn every_ok_case_compiles_to_the_sdk_request() {
    let mut failures = Vec::new();
    let mut passed = 0;
    for (dir, expect) in ok_cases() {
        let name = case_name(&dir);
        let pending = PENDING.iter().any(|(case, _)| *case == name);
        match compile_case(&dir) {
            Err(error) if pending && error.starts_with("validation errors") => {}
            Err(error) => failures.push(format!("{name}: {error}")),
            Ok(_) if pending => failures.push(format!("{name}: compiles now; remove it from PENDING")),
            Ok(actual) => {
                let local = local_code(&dir);
                let mut expected = normalise(expect["request"].clone(), local);
                let mut actual = normalise(actual, local);
                if let Err(error) = names_by_role(&mut expected, &mut actual, &tuning_manifest(&dir)) {
                    failures.push(format!("{name}: {error}"));
                    continue;
                }
                let mut diffs = Vec::new();
                support::cases::differences(&expected, &actual, "", &mut diffs);
                if static_keys(&expected) != static_keys(&actual) {
                    diffs.push(format!(
                        "StaticHyperParameters order: expected {:?}, got {:?}",
                        static_keys(&expected),
                        static_keys(&actual)
                    ));
                }
                if diffs.is_empty() {
                    passed += 1;
                } else {
                    failures.push(format!("{name}:\n    {}", diffs.join("\n    ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{passed}/{OK_CASES} passed; failures:\n{}", failures.join("\n"));
    assert_eq!(passed, OK_CASES - PENDING.len());
}

/// `estimator_vpc_kms` without the one setting the API refuses: drop `volume_kms_key` from
/// the estimator and `VolumeKmsKeyId` from the recorded request, and every other member must
/// still be the SDK's, byte for byte.
#[test]
fn the_rest_of_the_refused_vpc_kms_case_is_the_sdk_request() {
    let dir = root().join("estimator_vpc_kms");
    let copy = tempfile::tempdir().expect("tempdir");
    let training = fs::read_to_string(dir.join("train.yaml")).expect("read");
    let without_key =
        training.lines().filter(|line| !line.starts_with("volume_kms_key:")).collect::<Vec<_>>().join("\n");
    assert_ne!(without_key, training, "the case sets volume_kms_key");
    fs::write(copy.path().join("train.yaml"), without_key).expect("write");
    fs::copy(dir.join("manifest.yaml"), copy.path().join("manifest.yaml")).expect("copy");
    copy_dir(&dir.join("src"), &copy.path().join("src"));

    let expect: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("expect.json")).expect("read")).expect("json");
    let mut expected = expect["request"].clone();
    let resource = expected
        .pointer_mut("/TrainingJobDefinition/HyperParameterTuningResourceConfig")
        .and_then(Value::as_object_mut)
        .expect("a resource config");
    assert!(resource.shift_remove("VolumeKmsKeyId").is_some());
    let mut expected = normalise(expected, true);
    let mut actual = normalise(compile_case(copy.path()).expect("compiles without the key"), true);
    names_by_role(&mut expected, &mut actual, &tuning_manifest(copy.path())).expect("names agree");
    let mut diffs = Vec::new();
    support::cases::differences(&expected, &actual, "", &mut diffs);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn the_printed_json_is_the_aws_sdk_body_and_the_estimator_loads_by_path() {
    let packs = PackCache::default();
    for (dir, _) in ok_cases().iter().filter(|(dir, _)| !PENDING.iter().any(|(case, _)| *case == case_name(dir))) {
        // No reference graph here: the kind loads `training_job` by path.
        let context =
            CompileContext { base_dir: dir, region: None, account_id: Some(ACCOUNT), packs: &packs, references: &[] };
        let compiled = compile_with(&tuning_manifest(dir), &context).expect("compiles");
        let body: Value = serde_json::from_slice(&compiled.sdk_body).expect("the SDK body is JSON");
        assert_eq!(compiled.request, body, "{}", dir.display());
        assert_eq!(Some(compiled.request.clone()), compile_case(dir).ok(), "{}", dir.display());
        assert!(compiled.name.len() <= 32, "{}", compiled.name);
    }
}

#[test]
fn a_name_is_hashed_into_exactly_32_characters_and_changes_with_the_request() {
    let dir = root().join("default_job_name");
    let first = compile_case(&dir).expect("compiles");
    let name = first["HyperParameterTuningJobName"].as_str().expect("a name").to_owned();
    assert_eq!(name.len(), 32, "{name}");
    assert!(name.starts_with("pytorch-training-"), "{name}");
    // The static sagemaker_job_name is the tuning job's name, as the SDK sends it.
    assert_eq!(
        first["TrainingJobDefinition"]["StaticHyperParameters"]["sagemaker_job_name"],
        Value::String(format!("\"{name}\""))
    );
    let copy = tempfile::tempdir().expect("tempdir");
    for entry in ["train.yaml", "manifest.yaml"] {
        let text = fs::read_to_string(dir.join(entry)).expect("read");
        fs::write(copy.path().join(entry), text.replace("max_jobs: 4", "max_jobs: 5")).expect("write");
    }
    copy_dir(&dir.join("src"), &copy.path().join("src"));
    let second = compile_case(copy.path()).expect("compiles");
    assert_ne!(second["HyperParameterTuningJobName"], first["HyperParameterTuningJobName"]);
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("readable").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn a_toml_tuning_manifest_compiles_to_the_same_request_as_its_yaml() {
    let dir = root().join("range_all_kinds");
    let copy = tempfile::tempdir().expect("tempdir");
    fs::copy(dir.join("train.yaml"), copy.path().join("train.yaml")).expect("copy");
    copy_dir(&dir.join("src"), &copy.path().join("src"));
    let toml = r#"apiVersion = "sagespec/v1"
kind = "TuningJob"
job_name = "ot-range-all-kinds"
region = "us-west-2"
training_job = "train.yaml"
objective_metric_name = "val:acc"
max_jobs = 4
max_parallel_jobs = 2
inputs = "s3://oracle-data/train"
metric_definitions = [
  { name = "val:acc", regex = 'val_acc=([0-9\.]+)' },
  { name = "train:loss", regex = 'loss=([0-9\.]+)' },
]
[hyperparameter_ranges.batch-size]
type = "integer"
min_value = 16
max_value = 128
[hyperparameter_ranges.optimizer]
type = "categorical"
values = ["adam", "sgd"]
[hyperparameter_ranges.lr]
type = "continuous"
min_value = 0.001
max_value = 0.1
scaling_type = "Logarithmic"
[hyperparameter_ranges.epochs]
type = "integer"
min_value = 1
max_value = 5
"#;
    fs::write(copy.path().join("manifest.toml"), toml).expect("write");
    let validated = validate_paths(&[copy.path().join("manifest.toml")]).expect("walks");
    assert!(!validated.has_errors, "{:?}", validated.reports);
    let settings = Settings { region: None, account_id: Some(ACCOUNT.to_owned()) };
    let mut bodies = Vec::new();
    compile_each(&validated.manifests, &settings, None, |_, outcome| {
        bodies.push(outcome.expect("compiles").requests[0].body.clone());
    });
    let from_yaml = compile_case(&dir).expect("compiles");
    assert_eq!(bodies, vec![from_yaml]);
}
