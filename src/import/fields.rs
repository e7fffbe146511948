//! The field map of `sagespec import`, in one place: which `CreateTrainingJob` member
//! becomes which manifest key.
//!
//! - [`SIMPLE`]: members copied as they are to one manifest key (JSON pointers on both
//!   sides). Most new keys are one row here.
//! - Members that need more than a copy (hyperparameters, channels, the image, tags, the
//!   debugger hook, the profiler, instance groups, output compression) have a function of
//!   their own in [`super`]; [`SPECIAL`] lists them so nothing is mapped twice.
//! - [`PENDING`]: members whose manifest key is designed (`design/manifest.md` §8) but not
//!   there yet. They are errors like any other member without a key, with the planned key
//!   named; when the key lands, its row moves to [`SIMPLE`] (or gets a function).
//! - [`api_defaults`]: values DescribeTrainingJob reports for members the request left
//!   out; they mean "not sent" and are dropped before mapping.
//!
//! Any member left over after mapping is an error naming it: nothing is dropped silently.

use serde_json::{Value as Json, json};

/// One member copied to one manifest key: `(request pointer, manifest pointer)`.
pub type Simple = (&'static str, &'static str);

/// Members copied as they are (`Session._get_train_request`'s members, facts §3.4, and
/// the manifest keys of `design/manifest.md` §1).
pub const SIMPLE: &[Simple] = &[
    ("/RoleArn", "/role"),
    ("/AlgorithmSpecification/TrainingInputMode", "/input_mode"),
    ("/AlgorithmSpecification/EnableSageMakerMetricsTimeSeries", "/enable_sagemaker_metrics"),
    ("/AlgorithmSpecification/ContainerEntrypoint", "/container_entry_point"),
    ("/AlgorithmSpecification/ContainerArguments", "/container_arguments"),
    ("/OutputDataConfig/S3OutputPath", "/output_path"),
    ("/OutputDataConfig/KmsKeyId", "/output_kms_key"),
    ("/ResourceConfig/InstanceType", "/instance_type"),
    ("/ResourceConfig/InstanceCount", "/instance_count"),
    ("/ResourceConfig/VolumeSizeInGB", "/volume_size"),
    ("/ResourceConfig/VolumeKmsKeyId", "/volume_kms_key"),
    ("/ResourceConfig/KeepAlivePeriodInSeconds", "/keep_alive_period_in_seconds"),
    ("/StoppingCondition/MaxRuntimeInSeconds", "/max_run"),
    ("/StoppingCondition/MaxWaitTimeInSeconds", "/max_wait"),
    ("/RetryStrategy/MaximumRetryAttempts", "/max_retry_attempts"),
    ("/EnableManagedSpotTraining", "/use_spot_instances"),
    ("/CheckpointConfig/S3Uri", "/checkpoint_s3_uri"),
    ("/CheckpointConfig/LocalPath", "/checkpoint_local_path"),
    ("/TensorBoardOutputConfig/S3OutputPath", "/tensorboard_output_config/s3_output_path"),
    ("/TensorBoardOutputConfig/LocalPath", "/tensorboard_output_config/container_local_output_path"),
    ("/Environment", "/environment"),
    ("/VpcConfig/Subnets", "/subnets"),
    ("/VpcConfig/SecurityGroupIds", "/security_group_ids"),
    ("/EnableNetworkIsolation", "/enable_network_isolation"),
    ("/EnableInterContainerTrafficEncryption", "/encrypt_inter_container_traffic"),
    ("/InfraCheckConfig/EnableInfraCheck", "/enable_infra_check"),
    ("/RemoteDebugConfig/EnableRemoteDebug", "/enable_remote_debug"),
    ("/ResourceConfig/TrainingPlanArn", "/training_plan"),
    ("/ResourceConfig/InstancePlacementConfig/EnableMultipleJobs", "/instance_placement_config/enable_multiple_jobs"),
    ("/SessionChainingConfig/EnableSessionTagChaining", "/enable_session_tag_chaining"),
    ("/AlgorithmSpecification/TrainingImageConfig/TrainingRepositoryAccessMode", "/training_repository_access_mode"),
    (
        "/AlgorithmSpecification/TrainingImageConfig/TrainingRepositoryAuthConfig/TrainingRepositoryCredentialsProviderArn",
        "/training_repository_credentials_provider_arn",
    ),
    ("/ExperimentConfig/ExperimentName", "/experiment_config/experiment_name"),
    ("/ExperimentConfig/TrialName", "/experiment_config/trial_name"),
    ("/ExperimentConfig/TrialComponentDisplayName", "/experiment_config/trial_component_display_name"),
    ("/ExperimentConfig/RunName", "/experiment_config/run_name"),
    ("/StoppingCondition/MaxPendingTimeInSeconds", "/max_pending_time_in_seconds"),
];

/// Members mapped by a function of their own in [`super`], each to the keys named.
pub const SPECIAL: &[(&str, &str)] = &[
    ("/TrainingJobName", "job_name"),
    ("/HyperParameters", "hyperparameters, entry_point, source_dir, distribution, container_log_level, model_dir"),
    ("/AlgorithmSpecification/TrainingImage", "framework, framework_version, py_version, or image_uri"),
    ("/AlgorithmSpecification/MetricDefinitions", "metric_definitions"),
    ("/InputDataConfig", "inputs (the code channel of network isolation: source_dir)"),
    ("/OutputDataConfig/CompressionType", "disable_output_compression"),
    ("/ResourceConfig/InstanceGroups", "instance_groups"),
    ("/Tags", "tags"),
    ("/DebugHookConfig", "debugger_hook_config"),
    ("/ProfilerConfig", "disable_profiler, profiler_config"),
    ("/ResourceConfig/InstancePlacementConfig/PlacementSpecifications", "instance_placement_config"),
    ("/DebugRuleConfigurations", "rules"),
    ("/ProfilerRuleConfigurations", "rules"),
];

/// Members whose manifest key is designed (`design/manifest.md`) but not there yet:
/// `(request pointer, planned key)`. Empty: every key of §8 has landed.
pub const PENDING: &[(&str, &str)] = &[];

/// `(pointer, value)`: values DescribeTrainingJob may report for members the request left
/// out, the API's own defaults (CreateTrainingJob API reference). The SDK sends the
/// booleans only when true and `OutputDataConfig.CompressionType` only as `NONE`
/// (`Session._get_train_request`, facts §3.4), so these values mean "not sent": they are
/// dropped before mapping, and the job's request is compared without them.
pub fn api_defaults() -> [(&'static str, Json); 4] {
    [
        ("/EnableNetworkIsolation", json!(false)),
        ("/EnableInterContainerTrafficEncryption", json!(false)),
        ("/EnableManagedSpotTraining", json!(false)),
        ("/OutputDataConfig/CompressionType", json!("GZIP")),
    ]
}

/// The manifest's keys in the order `design/manifest.md` §1 lists them (the order
/// `crate::spec::Manifest` declares them); an imported manifest is written in this order,
/// keys not listed last.
pub const KEY_ORDER: &[&str] = &[
    "apiVersion",
    "kind",
    "job_name",
    "name",
    "region",
    "framework",
    "framework_version",
    "py_version",
    "image_uri",
    "entry_point",
    "source_dir",
    "dependencies",
    "code_location",
    "container_entry_point",
    "container_arguments",
    "role",
    "instance_type",
    "instance_count",
    "instance_groups",
    "volume_size",
    "volume_kms_key",
    "keep_alive_period_in_seconds",
    "max_run",
    "max_wait",
    "max_retry_attempts",
    "use_spot_instances",
    "checkpoint_s3_uri",
    "checkpoint_local_path",
    "distribution",
    "inputs",
    "input_mode",
    "model_uri",
    "model_channel_name",
    "output_path",
    "output_kms_key",
    "disable_output_compression",
    "tensorboard_output_config",
    "model_dir",
    "hyperparameters",
    "environment",
    "tags",
    "metric_definitions",
    "enable_sagemaker_metrics",
    "container_log_level",
    "debugger_hook_config",
    "disable_profiler",
    "profiler_config",
    "subnets",
    "security_group_ids",
    "enable_network_isolation",
    "encrypt_inter_container_traffic",
    "enable_infra_check",
    "enable_remote_debug",
    "rules",
    "training_plan",
    "instance_placement_config",
    "enable_session_tag_chaining",
    "training_repository_access_mode",
    "training_repository_credentials_provider_arn",
    "experiment_config",
    "max_pending_time_in_seconds",
];

/// Manifest keys the SDK's defaults often make unnecessary: after the imported manifest
/// compiles to the job's request, each is removed in turn and kept out when the request
/// stays the same (so the manifest says only what differs from the SDK's defaults).
pub const DEFAULTED: &[&str] = &[
    "/debugger_hook_config",
    "/debugger_hook_config/s3_output_path",
    "/debugger_hook_config/collection_configs",
    "/disable_profiler",
    "/profiler_config",
    "/profiler_config/s3_output_path",
    "/profiler_config/disable_profiler",
    "/enable_sagemaker_metrics",
    "/volume_size",
    "/max_run",
    "/input_mode",
    "/container_log_level",
    "/model_dir",
];

/// `/A/0/B` → `A[0].B`: a request pointer as the API documentation names the field.
pub fn field_name(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_read_as_api_field_names() {
        assert_eq!(field_name("/ResourceConfig/TrainingPlanArn"), "ResourceConfig.TrainingPlanArn");
        assert_eq!(field_name("/InputDataConfig/0/DataSource"), "InputDataConfig[0].DataSource");
        assert_eq!(field_name("/HyperParameters/a~1b"), "HyperParameters.a/b");
    }

    #[test]
    fn no_member_is_mapped_twice() {
        let mut seen: Vec<&str> = SIMPLE.iter().map(|(from, _)| *from).collect();
        seen.extend(SPECIAL.iter().map(|(from, _)| *from));
        seen.extend(PENDING.iter().map(|(from, _)| *from));
        for (i, a) in seen.iter().enumerate() {
            for b in &seen[i + 1..] {
                let nested = b.starts_with(&format!("{a}/")) || a.starts_with(&format!("{b}/"));
                assert!(a != b && !nested, "{a} and {b} overlap");
            }
        }
    }
}
