//! The curated examples in `specs/` are what users copy, so each one must validate clean
//! (no errors, no warnings), carry its editor modeline and its header comment, have its
//! code beside it, and compile to the request its comment promises: the instance type (or
//! groups) and the distribution hyperparameters are checked per example below. Adding an
//! example means adding a row to `EXAMPLES`; a file in `specs/` without a row fails.
//!
//! A `TuningJob` example opens with the tuning schema's modeline, names its estimator
//! with `training_job` instead of a `source_dir` (the estimator's code is checked through
//! it), and its metric definitions must match what the estimator's script prints
//! ([`the_tuning_example_reads_its_objective_from_what_the_script_prints`]). A `Model`
//! example's code is its inference script; an `Endpoint` example names its model with
//! `model` (the model's code is checked through it) and compiles to the model's,
//! configuration's and endpoint's requests, checked by index.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

/// What one example's compiled request must contain, as (JSON pointer, value) pairs.
struct Example {
    file: &'static str,
    expect: &'static [(&'static str, &'static str)],
}

const DATAPARALLEL: (&str, &str) = ("/HyperParameters/sagemaker_distributed_dataparallel_enabled", "true");
const TORCH_DISTRIBUTED: (&str, &str) = ("/HyperParameters/sagemaker_torch_distributed_enabled", "true");

const EXAMPLES: &[Example] = &[
    Example { file: "bert-ddp.yaml", expect: &[("/ResourceConfig/InstanceType", "ml.p4d.24xlarge"), DATAPARALLEL] },
    Example { file: "bert-ddp.toml", expect: &[("/ResourceConfig/InstanceType", "ml.p4d.24xlarge"), DATAPARALLEL] },
    Example {
        file: "tf-dataparallel.yaml",
        expect: &[
            ("/ResourceConfig/InstanceType", "ml.p4d.24xlarge"),
            (
                "/AlgorithmSpecification/TrainingImage",
                "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:2.11.0-gpu-py39",
            ),
            DATAPARALLEL,
        ],
    },
    Example {
        file: "fsx-lustre.yaml",
        expect: &[
            ("/ResourceConfig/InstanceType", "ml.p4d.24xlarge"),
            ("/InputDataConfig/0/DataSource/FileSystemDataSource/FileSystemType", "FSxLustre"),
            ("/InputDataConfig/0/DataSource/FileSystemDataSource/DirectoryPath", "/fsx/imagenet/train"),
            ("/VpcConfig/Subnets/0", "subnet-0123456789abcdef0"),
            TORCH_DISTRIBUTED,
        ],
    },
    Example {
        file: "spot-checkpoints.yaml",
        expect: &[
            ("/ResourceConfig/InstanceType", "ml.g5.2xlarge"),
            ("/EnableManagedSpotTraining", "true"),
            ("/StoppingCondition/MaxWaitTimeInSeconds", "86400"),
            ("/CheckpointConfig/S3Uri", "s3://my-bucket/spot/checkpoints/"),
            ("/CheckpointConfig/LocalPath", "/opt/ml/checkpoints"),
        ],
    },
    Example {
        file: "locked-down.yaml",
        expect: &[
            ("/ResourceConfig/InstanceType", "ml.p3.16xlarge"),
            (
                "/ResourceConfig/VolumeKmsKeyId",
                "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            ),
            (
                "/OutputDataConfig/KmsKeyId",
                "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            ),
            ("/VpcConfig/SecurityGroupIds/0", "sg-0123456789abcdef0"),
            ("/EnableNetworkIsolation", "true"),
            ("/EnableInterContainerTrafficEncryption", "true"),
            TORCH_DISTRIBUTED,
        ],
    },
    Example {
        file: "mpi.yaml",
        expect: &[
            ("/ResourceConfig/InstanceType", "ml.p3.16xlarge"),
            ("/HyperParameters/sagemaker_mpi_enabled", "true"),
            ("/HyperParameters/sagemaker_mpi_num_of_processes_per_host", "8"),
        ],
    },
    Example {
        file: "torch-distributed.yaml",
        expect: &[
            ("/ResourceConfig/InstanceType", "ml.p4d.24xlarge"),
            ("/ResourceConfig/InstanceCount", "2"),
            TORCH_DISTRIBUTED,
        ],
    },
    Example {
        file: "bert-hpo.yaml",
        expect: &[
            ("/TrainingJobDefinition/HyperParameterTuningResourceConfig/InstanceType", "ml.p4d.24xlarge"),
            ("/TrainingJobDefinition/HyperParameterTuningResourceConfig/InstanceCount", "2"),
            ("/TrainingJobDefinition/StaticHyperParameters/sagemaker_distributed_dataparallel_enabled", "true"),
            ("/HyperParameterTuningJobConfig/ParameterRanges/ContinuousParameterRanges/0/Name", "learning_rate"),
            ("/HyperParameterTuningJobConfig/ParameterRanges/CategoricalParameterRanges/0/Name", "batch_size"),
            ("/HyperParameterTuningJobConfig/HyperParameterTuningJobObjective/MetricName", "validation:accuracy"),
        ],
    },
    // A Model sends nothing on its own: the endpoints that serve it create it.
    Example { file: "bert-model.yaml", expect: &[] },
    Example {
        file: "bert-endpoint.yaml",
        expect: &[
            ("/0/operation", "CreateModel"),
            (
                "/0/body/PrimaryContainer/Image",
                "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.2.0-gpu-py310",
            ),
            ("/0/body/PrimaryContainer/Environment/SAGEMAKER_PROGRAM", "inference.py"),
            ("/1/body/ProductionVariants/0/InstanceType", "ml.g5.2xlarge"),
            ("/2/body/EndpointName", "bert-prod"),
        ],
    },
    Example {
        file: "bert-serverless.yaml",
        expect: &[
            (
                "/0/body/PrimaryContainer/Image",
                "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.2.0-cpu-py310",
            ),
            ("/1/body/ProductionVariants/0/ServerlessConfig/MemorySizeInMB", "4096"),
            ("/2/body/EndpointName", "bert-serverless"),
        ],
    },
    Example {
        file: "heterogeneous.yaml",
        expect: &[
            ("/ResourceConfig/InstanceGroups/0/InstanceGroupName", "train_group"),
            ("/ResourceConfig/InstanceGroups/0/InstanceType", "ml.p4d.24xlarge"),
            ("/ResourceConfig/InstanceGroups/1/InstanceType", "ml.c5.18xlarge"),
            ("/InputDataConfig/0/DataSource/S3DataSource/InstanceGroupNames/0", "data_group"),
            DATAPARALLEL,
        ],
    },
];

fn specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs")
}

fn sagespec(args: &[&str], file: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sagespec"))
        .args(args)
        .arg(file)
        .current_dir(specs().parent().expect("repo"))
        .env_remove("SAGESPEC_REGION")
        .env_remove("SAGESPEC_ACCOUNT_ID")
        .output()
        .expect("run sagespec")
}

#[test]
fn every_example_has_a_row() {
    let mut files: Vec<String> = std::fs::read_dir(specs())
        .expect("read specs/")
        .map(|e| e.expect("specs/ entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "toml"))
        .map(|path| path.file_name().expect("file name").to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut listed: Vec<String> = EXAMPLES.iter().map(|e| e.file.to_owned()).collect();
    listed.sort();
    assert_eq!(files, listed, "specs/ and EXAMPLES disagree");
}

#[test]
fn every_example_validates_without_findings() {
    for example in EXAMPLES {
        let path = specs().join(example.file);
        let output = sagespec(&["validate", "--format", "json"], &path);
        let report: Value = serde_json::from_slice(&output.stdout).expect("validate prints JSON");
        assert_eq!(output.status.code(), Some(0), "{}: {report:#}", example.file);
        assert_eq!(report["errors"], json!(0), "{}: {report:#}", example.file);
        assert_eq!(report["warnings"], json!(0), "{}: {report:#}", example.file);
    }
}

#[test]
fn every_example_has_modeline_header_and_code() {
    for example in EXAMPLES {
        let path = specs().join(example.file);
        let text = std::fs::read_to_string(&path).expect("read example");
        let schema = match key(&text, "kind").as_deref() {
            Some("TuningJob") => "tuning-job.schema.json",
            Some("Model") => "model.schema.json",
            Some("Endpoint") => "endpoint.schema.json",
            _ => "sagespec.schema.json",
        };
        let modeline = if Path::new(example.file).extension().is_some_and(|e| e == "toml") {
            format!("#:schema ../schema/{schema}\n")
        } else {
            format!("# yaml-language-server: $schema=../schema/{schema}\n")
        };
        assert!(text.starts_with(&modeline), "{} must open with {modeline:?}", example.file);
        let header: Vec<&str> = text.lines().skip(1).take_while(|l| l.starts_with('#')).collect();
        assert!(header.len() >= 3, "{} needs a header comment", example.file);
        let text = match (key(&text, "training_job"), key(&text, "model")) {
            (Some(estimator), _) if is_tuning(&text) => std::fs::read_to_string(specs().join(&estimator))
                .unwrap_or_else(|_| panic!("{}: its training_job {estimator} is missing", example.file)),
            (_, Some(model)) => std::fs::read_to_string(specs().join(&model))
                .unwrap_or_else(|_| panic!("{}: its model {model} is missing", example.file)),
            _ => text,
        };
        // A training job's code is its train.py; a model's, its entry point.
        let script = match key(&text, "kind").as_deref() {
            Some("Model") => key(&text, "entry_point").expect("a model example has an entry point"),
            _ => "train.py".to_owned(),
        };
        let source_dir = text
            .lines()
            .find_map(|l| l.strip_prefix("source_dir: ").or_else(|| l.strip_prefix("source_dir = ")))
            .map_or_else(
                || panic!("{} names no source_dir", example.file),
                |v| v.split('#').next().unwrap_or_default().trim().trim_matches('"'),
            );
        assert!(source_dir.starts_with("code/"), "{}: code belongs under specs/code/", example.file);
        assert!(specs().join(source_dir).join(&script).is_file(), "{}: {source_dir}/{script} is missing", example.file);
    }
}

/// Whether an example declares a tuning job.
fn is_tuning(text: &str) -> bool {
    key(text, "kind").as_deref() == Some("TuningJob")
}

/// The value of a top-level `key: value` (or `key = "value"`) line, comment and quotes
/// stripped.
fn key(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix(&format!("{key}: ")).or_else(|| line.strip_prefix(&format!("{key} = ")))?;
        Some(value.split('#').next().unwrap_or_default().trim().trim_matches('"').to_owned())
    })
}

#[test]
fn the_tuning_example_reads_its_objective_from_what_the_script_prints() {
    let output = sagespec(&["compile", "--account-id", "111122223333"], &specs().join("bert-hpo.yaml"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let request: Value = serde_json::from_slice(&output.stdout).expect("compile prints JSON");
    let definitions = request
        .pointer("/TrainingJobDefinition/AlgorithmSpecification/MetricDefinitions")
        .and_then(Value::as_array)
        .expect("metric definitions");
    let objective = request
        .pointer("/HyperParameterTuningJobConfig/HyperParameterTuningJobObjective/MetricName")
        .and_then(Value::as_str)
        .expect("objective");
    let regex = definitions
        .iter()
        .find(|d| d["Name"] == objective)
        .and_then(|d| d["Regex"].as_str())
        .expect("a definition of the objective");
    let regex = regex::Regex::new(regex).expect("the objective's regex compiles");
    // The script's own line, as it prints it (`print(f"epoch={epoch} val_acc={val_acc:.4f}")`).
    let script = std::fs::read_to_string(specs().join("code/bert/train.py")).expect("train.py");
    assert!(script.contains(r#"print(f"epoch={epoch} val_acc={val_acc:.4f}")"#), "train.py no longer prints val_acc");
    let printed = "epoch=3 val_acc=0.9132";
    let value = regex.captures(printed).and_then(|c| c.get(1)).map(|m| m.as_str());
    assert_eq!(value, Some("0.9132"), "{regex} against {printed:?}");
    let tuned = |kind: &str| {
        request
            .pointer(&format!("/HyperParameterTuningJobConfig/ParameterRanges/{kind}"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r["Name"].as_str().map(ToOwned::to_owned))
            .collect::<Vec<_>>()
    };
    for name in tuned("ContinuousParameterRanges").into_iter().chain(tuned("CategoricalParameterRanges")) {
        assert!(script.contains(&format!("\"--{name}\"")), "train.py takes no --{name}");
    }
}

#[test]
fn every_example_compiles_to_the_request_its_comment_promises() {
    for example in EXAMPLES {
        let path = specs().join(example.file);
        let output = sagespec(&["compile", "--account-id", "111122223333"], &path);
        assert!(
            output.status.success(),
            "{}: compile failed:\n{}{}",
            example.file,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let request: Value = serde_json::from_slice(&output.stdout).expect("compile prints JSON");
        for (pointer, expected) in example.expect {
            let found =
                request.pointer(pointer).unwrap_or_else(|| panic!("{}: no {pointer} in {request:#}", example.file));
            let found = match found {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            assert_eq!(&found, expected, "{}: {pointer}", example.file);
        }
    }
}

#[test]
fn the_endpoints_create_the_repacked_model_they_serve() {
    let compile = |file: &str| {
        let output = sagespec(&["compile", "--account-id", "111122223333"], &specs().join(file));
        assert!(output.status.success(), "{file}: {}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice::<Value>(&output.stdout).expect("compile prints JSON")
    };
    for endpoint in ["bert-endpoint.yaml", "bert-serverless.yaml"] {
        let requests = compile(endpoint);
        let model = requests.pointer("/0/body/ModelName").and_then(Value::as_str).expect("a model name");
        // The artifact is repacked with the inference code under the model's own name.
        assert_eq!(
            requests.pointer("/0/body/PrimaryContainer/ModelDataUrl").and_then(Value::as_str),
            Some(format!("s3://sagemaker-us-west-2-111122223333/{model}/model.tar.gz").as_str()),
            "{endpoint}"
        );
        assert!(model.starts_with("bert-"), "{endpoint}: {model}");
        assert_eq!(requests.pointer("/1/body/ProductionVariants/0/ModelName").and_then(Value::as_str), Some(model));
        assert_eq!(
            requests.pointer("/2/body/EndpointConfigName"),
            requests.pointer("/1/body/EndpointConfigName"),
            "{endpoint}: the endpoint names its configuration"
        );
    }
}
