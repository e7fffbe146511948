//! Import of hand-written requests: the mapping, the trimming to the SDK's defaults, and
//! the errors for members no manifest key expresses.

use serde_json::{Value as Json, json};

use super::*;

/// A request as the SDK sends it for a PyTorch 2.2.0 job on one p4d with SMDDP, the shape
/// of the conformance cases (`tests/conformance/cases`).
fn request() -> Json {
    json!({
        "AlgorithmSpecification": {
            "TrainingInputMode": "File",
            "TrainingImage": "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.2.0-gpu-py310",
            "EnableSageMakerMetricsTimeSeries": true
        },
        "OutputDataConfig": {"S3OutputPath": "s3://out-bucket/models/"},
        "TrainingJobName": "bert-imported",
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "ResourceConfig": {"VolumeSizeInGB": 30, "InstanceCount": 2, "InstanceType": "ml.p4d.24xlarge"},
        "RoleArn": "arn:aws:iam::111122223333:role/SageMakerRole",
        "InputDataConfig": [
            {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/train", "S3DataDistributionType": "FullyReplicated"}}, "ChannelName": "train"},
            {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/val", "S3DataDistributionType": "ShardedByS3Key"}}, "ChannelName": "val", "InputMode": "FastFile"}
        ],
        "HyperParameters": {
            "epochs": "10",
            "lr": "0.001",
            "version": "\"1.10\"",
            "sagemaker_submit_directory": "\"s3://code-bucket/bert/source/sourcedir.tar.gz\"",
            "sagemaker_program": "\"train.py\"",
            "sagemaker_container_log_level": "20",
            "sagemaker_job_name": "\"bert-imported\"",
            "sagemaker_region": "\"us-west-2\"",
            "sagemaker_distributed_dataparallel_enabled": "true",
            "sagemaker_instance_type": "\"ml.p4d.24xlarge\"",
            "sagemaker_distributed_dataparallel_custom_mpi_options": "\"\""
        },
        "Tags": [{"Key": "team", "Value": "nlp"}],
        "DebugHookConfig": {"S3OutputPath": "s3://out-bucket/models/", "CollectionConfigurations": []},
        "ProfilerConfig": {"S3OutputPath": "s3://out-bucket/models/", "DisableProfiler": false}
    })
}

#[test]
fn a_request_becomes_a_manifest_that_compiles_back_to_it() {
    let imported = import(&request(), "us-west-2").expect("imports");
    assert_eq!(imported.job_name, "bert-imported");
    assert_eq!(
        Json::Object(imported.manifest.clone()),
        json!({
            "apiVersion": "sagespec/v1",
            "kind": "TrainingJob",
            "job_name": "bert-imported",
            "region": "us-west-2",
            "framework": "pytorch",
            "framework_version": "2.2.0",
            "py_version": "py310",
            "entry_point": "train.py",
            "source_dir": "s3://code-bucket/bert/source/sourcedir.tar.gz",
            "role": "arn:aws:iam::111122223333:role/SageMakerRole",
            "instance_type": "ml.p4d.24xlarge",
            "instance_count": 2,
            "distribution": {"smdistributed": {"dataparallel": {"enabled": true}}},
            "inputs": {
                "train": "s3://data/train",
                "val": {"s3_data": "s3://data/val", "s3_data_type": "S3Prefix", "distribution": "ShardedByS3Key", "input_mode": "FastFile"}
            },
            "output_path": "s3://out-bucket/models/",
            "hyperparameters": {"epochs": 10, "lr": 0.001, "version": "1.10"},
            "tags": {"team": "nlp"}
        })
    );
    assert_eq!(imported.tarball, "s3://code-bucket/bert/source/sourcedir.tar.gz");
    assert!(imported.findings.is_empty(), "{:?}", imported.findings);
    assert!(
        imported.yaml.contains("version: '1.10'") || imported.yaml.contains("version: \"1.10\""),
        "{}",
        imported.yaml
    );
    assert!(verify::differences(&request(), &imported.request).is_empty());
}

#[test]
fn keys_come_out_in_the_manifest_order() {
    let imported = import(&request(), "us-west-2").expect("imports");
    let keys: Vec<&str> = imported.manifest.keys().map(String::as_str).collect();
    assert_eq!(&keys[..6], ["apiVersion", "kind", "job_name", "region", "framework", "framework_version"]);
}

#[test]
fn non_default_monitoring_and_limits_are_kept() {
    let mut request = request();
    request["DebugHookConfig"] =
        json!({"S3OutputPath": "s3://dbg/", "CollectionConfigurations": [{"CollectionName": "weights"}]});
    request["ProfilerConfig"] = json!({"DisableProfiler": true});
    request["ResourceConfig"]["VolumeSizeInGB"] = json!(100);
    request["StoppingCondition"]["MaxRuntimeInSeconds"] = json!(3600);
    let imported = import(&request, "us-west-2").expect("imports");
    let m = Json::Object(imported.manifest);
    assert_eq!(
        m["debugger_hook_config"],
        json!({"s3_output_path": "s3://dbg/", "collection_configs": [{"name": "weights"}]})
    );
    assert_eq!(m["disable_profiler"], json!(true));
    assert_eq!(m["volume_size"], json!(100));
    assert_eq!(m["max_run"], json!(3600));
}

#[test]
fn no_debugger_hook_is_debugger_hook_config_false() {
    let mut request = request();
    request.as_object_mut().expect("object").shift_remove("DebugHookConfig");
    let imported = import(&request, "us-west-2").expect("imports");
    assert_eq!(imported.manifest["debugger_hook_config"], json!(false));
}

#[test]
fn the_api_reports_unset_flags_as_false_and_they_stay_unset() {
    let mut request = request();
    request["EnableNetworkIsolation"] = json!(false);
    request["EnableManagedSpotTraining"] = json!(false);
    request["OutputDataConfig"]["CompressionType"] = json!("GZIP");
    let imported = import(&request, "us-west-2").expect("imports");
    assert!(!imported.manifest.contains_key("disable_output_compression"));
    assert!(!imported.manifest.contains_key("enable_network_isolation"));
    assert!(!imported.manifest.contains_key("use_spot_instances"));
}

#[test]
fn network_isolation_code_channel_is_the_source_dir_not_a_channel() {
    let mut request = request();
    request["EnableNetworkIsolation"] = json!(true);
    request["HyperParameters"]["sagemaker_submit_directory"] = json!("\"/opt/ml/input/data/code/sourcedir.tar.gz\"");
    request["InputDataConfig"].as_array_mut().expect("array").push(json!({
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://code-bucket/x/sourcedir.tar.gz", "S3DataDistributionType": "FullyReplicated"}},
        "ChannelName": "code"
    }));
    let imported = import(&request, "us-west-2").expect("imports");
    assert_eq!(imported.manifest["source_dir"], json!("s3://code-bucket/x/sourcedir.tar.gz"));
    assert!(imported.manifest["inputs"].get("code").is_none());
    assert_eq!(imported.manifest["enable_network_isolation"], json!(true));
}

#[test]
fn aws_tags_are_left_out_with_a_note() {
    let mut request = request();
    request["Tags"].as_array_mut().expect("array").push(json!({"Key": "aws:cloudformation:stack-name", "Value": "s"}));
    let imported = import(&request, "us-west-2").expect("imports");
    assert_eq!(imported.manifest["tags"], json!({"team": "nlp"}));
    assert!(imported.notes.iter().any(|n| n.contains("aws:cloudformation:stack-name")), "{:?}", imported.notes);
}

#[test]
fn an_image_sagespec_would_not_pick_is_kept_as_image_uri() {
    let mut request = request();
    request["AlgorithmSpecification"]["TrainingImage"] = json!("111122223333.dkr.ecr.us-west-2.amazonaws.com/mine:1");
    let imported = import(&request, "us-west-2").expect("imports");
    assert_eq!(imported.manifest["image_uri"], json!("111122223333.dkr.ecr.us-west-2.amazonaws.com/mine:1"));
    assert_eq!(imported.manifest["framework"], json!("pytorch"));
    assert!(!imported.manifest.contains_key("framework_version"));
}

#[test]
fn the_section_8_keys_import() {
    let mut request = request();
    request["ResourceConfig"]["TrainingPlanArn"] = json!("arn:aws:sagemaker:us-west-2:111122223333:training-plan/p");
    request["CheckpointConfig"] = json!({"S3Uri": "s3://b/checkpoints/"});
    request["StoppingCondition"]["MaxPendingTimeInSeconds"] = json!(7200);
    request["ExperimentConfig"] = json!({"ExperimentName": "e", "RunName": "r"});
    let imported = import(&request, "us-west-2").expect("imports");
    assert_eq!(imported.manifest["training_plan"], json!("arn:aws:sagemaker:us-west-2:111122223333:training-plan/p"));
    assert_eq!(imported.manifest["max_pending_time_in_seconds"], json!(7200));
    assert_eq!(imported.manifest["experiment_config"], json!({"experiment_name": "e", "run_name": "r"}));
}

#[test]
fn every_member_without_a_key_is_named_at_once() {
    let mut request = request();
    request["MlflowConfig"] = json!({"MlflowResourceArn": "arn:aws:sagemaker:us-west-2:111122223333:mlflow/x"});
    request["AlgorithmSpecification"]["AlgorithmName"] = json!("my-algo");
    request["InputDataConfig"][0]["DataSource"]["S3DataSource"]["ModelAccessConfig"] = json!({"AcceptEula": true});
    let error = import(&request, "us-west-2").expect_err("no keys");
    let text = error.to_string();
    for field in [
        "MlflowConfig.MlflowResourceArn",
        "AlgorithmSpecification.AlgorithmName",
        "InputDataConfig[0].DataSource.S3DataSource.ModelAccessConfig.AcceptEula",
    ] {
        assert!(text.contains(field), "{field} missing from: {text}");
    }
    assert!(text.ends_with("have no manifest key"), "{text}");
}

#[test]
fn built_in_rules_import_and_custom_rules_are_refused() {
    let image = "895741380848.dkr.ecr.us-west-2.amazonaws.com/sagemaker-debugger-rules:latest";
    let mut request = request();
    request["DebugRuleConfigurations"] = json!([{
        "RuleConfigurationName": "LossNotDecreasing",
        "RuleEvaluatorImage": image,
        "RuleParameters": {
            "rule_to_invoke": "LossNotDecreasing",
            "action_json": "[{\\\"training_job_prefix\\\": \\\"other\\\", \\\"name\\\": \\\"stoptraining\\\"}]"
        }
    }]);
    request["ProfilerRuleConfigurations"] = json!([{
        "RuleConfigurationName": "CPU",
        "RuleEvaluatorImage": image,
        "RuleParameters": {"threshold": "40", "gpu_threshold": "10", "cpu_threshold": "90", "patience": "1000",
                           "scan_interval_us": "60000000", "rule_to_invoke": "CPUBottleneck"}
    }]);
    request["DebugHookConfig"]["CollectionConfigurations"] =
        json!([{"CollectionName": "losses", "CollectionParameters": {"save_interval": "500"}}]);
    let imported = import(&request, "us-west-2").expect("imports");
    assert_eq!(
        imported.manifest["rules"],
        json!([
            {"builtin": "loss_not_decreasing", "actions": [{"stop_training": {"training_job_prefix": "other"}}]},
            {"builtin": "CPUBottleneck", "name": "CPU", "rule_parameters": {"threshold": 40}}
        ])
    );

    let mut custom = request.clone();
    custom["DebugRuleConfigurations"][0]["RuleEvaluatorImage"] =
        json!("111122223333.dkr.ecr.us-west-2.amazonaws.com/r:1");
    let error = import(&custom, "us-west-2").expect_err("custom rule").to_string();
    assert!(error.starts_with("field DebugRuleConfigurations[0].RuleEvaluatorImage cannot be expressed"), "{error}");
}

#[test]
fn values_no_manifest_gives_are_named() {
    let mut other = request();
    other["OutputDataConfig"]["CompressionType"] = json!("ZSTD");
    assert!(import(&other, "us-west-2").expect_err("zstd").to_string().contains("OutputDataConfig.CompressionType"));

    let mut no_profiler = request();
    no_profiler.as_object_mut().expect("object").shift_remove("ProfilerConfig");
    assert!(import(&no_profiler, "us-west-2").expect_err("profiler").to_string().starts_with("field ProfilerConfig"));

    let mut no_program = request();
    no_program["HyperParameters"].as_object_mut().expect("object").shift_remove("sagemaker_program");
    assert!(import(&no_program, "us-west-2").expect_err("program").to_string().contains("sagemaker_program"));

    let mut twice = request();
    twice["Tags"].as_array_mut().expect("array").push(json!({"Key": "team", "Value": "cv"}));
    assert!(import(&twice, "us-west-2").expect_err("tags").to_string().contains("Tags[1]"));
}

#[test]
fn a_request_the_manifest_cannot_reproduce_is_a_mismatch_naming_the_field() {
    let mut request = request();
    // The SDK sends the instance type the job runs on; this one says another.
    request["HyperParameters"]["sagemaker_instance_type"] = json!("\"ml.p5.48xlarge\"");
    let error = import(&request, "us-west-2").expect_err("mismatch");
    assert!(matches!(error, ImportError::Mismatch(_)), "{error}");
    assert!(error.to_string().contains("HyperParameters.sagemaker_instance_type"), "{error}");
}

#[test]
fn with_local_code_only_the_tarball_key_differs() {
    let imported = import(&request(), "us-west-2").expect("imports");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("code/bert-imported")).expect("mkdir");
    std::fs::write(dir.path().join("code/bert-imported/train.py"), "print('hi')\n").expect("write");
    let (yaml, findings) = with_local_code(&imported, "code/bert-imported", dir.path()).expect("compiles");
    assert!(yaml.contains("source_dir: code/bert-imported"), "{yaml}");
    assert!(findings.is_empty(), "{findings:?}");
    // Anything else that differs is still an error.
    let mut other = imported.clone();
    other.request["RoleArn"] = json!("arn:aws:iam::111122223333:role/Other");
    let error = with_local_code(&other, "code/bert-imported", dir.path()).expect_err("role differs");
    assert!(error.to_string().contains("RoleArn"), "{error}");
    assert!(!error.to_string().contains("sagemaker_submit_directory"), "{error}");
}

#[test]
fn strings_yaml_would_read_as_other_types_survive_the_written_manifest() {
    let mut request = request();
    let tricky = ["yes", "null", "~", "1.10", "0x1F", "1e3", "true", "- a", "a: b", "multi\nline", "#x", "", " pad "];
    for (i, text) in tricky.iter().enumerate() {
        request["HyperParameters"][format!("s{i}")] = json!(serde_json::to_string(text).expect("encodes"));
    }
    let imported = import(&request, "us-west-2").expect("the written YAML reads back to the same request");
    for (i, text) in tricky.iter().enumerate() {
        assert_eq!(imported.manifest["hyperparameters"][format!("s{i}")], json!(text), "{text:?}");
    }
    let long = imported.yaml.lines().find(|l| l.starts_with("source_dir:")).expect("source_dir line");
    assert_eq!(long, "source_dir: s3://code-bucket/bert/source/sourcedir.tar.gz");
}
