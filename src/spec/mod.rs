//! The manifest as written: every key of `design/manifest.md` as serde + schemars types.
//!
//! These types are the single source of the JSON Schema (`schema/sagespec.schema.json`):
//! their `///` docs become its descriptions, their attributes its patterns and ranges.
//! Everything is optional here; the schema states what is required, and validation plus
//! defaulting (`crate::job`) turns a valid manifest into a resolved job. To add a key, add
//! a field with a doc comment, regenerate the schema (`cargo test` prints how), and give it
//! a conformance case.

mod compute;
mod debugger_rules;
pub mod defaults;
pub mod deploy;
mod distribution;
mod inputs;
mod output;
mod patterns;
mod runtime;
pub mod tuning;

pub use compute::{InstanceGroup, InstancePlacementConfig, PlacementSpecification};
pub use debugger_rules::{DebuggerRule, EmailAction, RuleAction, RuleParameterValue, SmsAction, StopTraining};
pub use deploy::{EndpointManifest, ModelManifest};
pub use distribution::{DataParallel, Distribution, ModelParallel, Mpi, SmDistributed, Toggle};
pub use inputs::{
    Channel, Compression, FileSystemAccessMode, FileSystemInput, FileSystemType, InputMode, Inputs, RecordWrapping,
    S3DataDistribution, S3DataType, ShuffleConfig, TrainingInput,
};
pub use output::{DebuggerHook, DebuggerHookConfig, ModelDir, ProfilerConfig, TensorBoardOutputConfig};
pub use runtime::{CollectionConfig, ExperimentConfig, MetricDefinition, TrainingRepositoryAccessMode};
pub use tuning::TuningManifest;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

/// The manifest API version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ApiVersion {
    /// Version 1 of the sagespec manifest.
    #[serde(rename = "sagespec/v1")]
    V1,
}

/// The kind of object a manifest describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Kind {
    /// One SageMaker training job.
    TrainingJob,
}

/// The framework whose estimator the manifest mirrors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    /// `sagemaker.pytorch.PyTorch`
    Pytorch,
    /// `sagemaker.tensorflow.TensorFlow`
    Tensorflow,
}

impl Framework {
    /// The name as written in manifests and the SDK's image config.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pytorch => "pytorch",
            Self::Tensorflow => "tensorflow",
        }
    }
}

/// A SageMaker training job, declared. Keys mirror the SageMaker Python SDK v2
/// estimator (`PyTorch(...)` / `TensorFlow(...)`) and `fit(inputs=...)`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sagespec training job")]
pub struct Manifest {
    /// Manifest format version. Always `sagespec/v1`.
    #[serde(rename = "apiVersion")]
    #[schemars(required)]
    pub api_version: Option<ApiVersion>,

    /// What this manifest declares. Always `TrainingJob`.
    #[schemars(required)]
    pub kind: Option<Kind>,

    /// Base job name. The job is named `<name>-<12 hex>`, the hex being a hash of the
    /// compiled request and the packaged code, so re-applying never duplicates a job.
    /// Give `name` or `job_name`.
    #[schemars(length(min = 1, max = 50), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$"))]
    #[schemars(example = &"bert-ddp")]
    pub name: Option<String>,

    /// Exact training job name, used verbatim (no content hash). Unique per account and
    /// region. Give `name` or `job_name`.
    // The API's pattern ends `{0,62}`; with the length limit of 63 the bound is implied, and
    // the unbounded form is the one `name` uses, so the two share one compiled regex (the
    // counted form cost about 0.1 ms to compile at every start).
    #[schemars(length(min = 1, max = 63), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$"))]
    #[schemars(example = &"bert-ddp-2026-11-26")]
    pub job_name: Option<String>,

    /// AWS region of the job. Else `--region`, else the AWS config chain.
    #[serde(default)]
    #[schemars(schema_with = "patterns::region")]
    pub region: Option<String>,

    /// Framework estimator this job mirrors; picks the image and the lowering.
    #[schemars(required)]
    pub framework: Option<Framework>,

    /// Framework version, as a string (`"2.2.0"`, or an alias such as `"2.2"`). Quote it in
    /// YAML: `1.10` unquoted is the number 1.1.
    // Patterns say `[0-9]`, never `\d`: in ECMA-262 (JSON Schema's regex dialect) and in Java
    // (the API's) `\d` is exactly `[0-9]`, but the Rust engine that checks them would take
    // any Unicode digit, and compiles a far larger automaton for it.
    #[schemars(regex(pattern = r"^[0-9]+(\.[0-9]+)*$"), example = &"2.2.0")]
    pub framework_version: Option<String>,

    /// Python version of the framework image, e.g. `py310`.
    #[schemars(regex(pattern = r"^py[0-9]+$"), example = &"py310")]
    pub py_version: Option<String>,

    /// Training image URI. Overrides the framework image; the framework still picks the
    /// lowering.
    #[schemars(length(min = 1, max = 255))]
    #[schemars(example = &"123456789012.dkr.ecr.us-west-2.amazonaws.com/my-train:1.0")]
    pub image_uri: Option<String>,

    /// Training script, relative to `source_dir` (or to this file without `source_dir`).
    #[schemars(required, length(min = 1), example = &"train.py")]
    pub entry_point: Option<String>,

    /// Folder with the training code, relative to this file, or an `s3://…/sourcedir.tar.gz`.
    #[schemars(length(min = 1), example = &"src")]
    pub source_dir: Option<String>,

    /// Extra local folders copied into the code tarball next to `source_dir`'s files.
    #[schemars(example = ["deps/mylib"])]
    pub dependencies: Option<Vec<String>>,

    /// S3 prefix the code tarball is uploaded under. Default: the output bucket.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub code_location: Option<String>,

    /// Overrides the container's entry point (`ContainerEntrypoint`).
    #[schemars(length(min = 1, max = 100), inner(length(max = 256)), example = ["python", "-u"])]
    pub container_entry_point: Option<Vec<String>>,

    /// Arguments passed to the container entry point (`ContainerArguments`).
    #[schemars(length(min = 1, max = 100), inner(length(max = 256)), example = ["--verbose"])]
    pub container_arguments: Option<Vec<String>>,

    /// IAM role ARN the job runs as.
    #[schemars(
        required,
        length(min = 20, max = 2048),
        regex(pattern = r"^arn:aws[a-z\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")
    )]
    #[schemars(example = &"arn:aws:iam::111122223333:role/SageMakerRole")]
    pub role: Option<String>,

    /// EC2 instance type for training (one of the API's TrainingInstanceType values).
    #[serde(default)]
    #[schemars(schema_with = "patterns::instance_type")]
    pub instance_type: Option<String>,

    /// Number of instances. At least 1.
    #[schemars(range(min = 1), example = 2)]
    pub instance_count: Option<i64>,

    /// Heterogeneous cluster: up to 5 named groups. Replaces `instance_type` and
    /// `instance_count`.
    #[schemars(length(min = 1, max = 5))]
    pub instance_groups: Option<Vec<InstanceGroup>>,

    /// Size of the ML storage volume, in GB. Default 30.
    #[schemars(range(min = 1), example = 30)]
    pub volume_size: Option<i64>,

    /// KMS key for the ML storage volume. Not allowed on instance types with local NVMe
    /// storage.
    #[serde(default)]
    #[schemars(schema_with = "patterns::kms_key")]
    pub volume_kms_key: Option<String>,

    /// Warm pool: seconds to keep instances after the job ends (0–21600).
    #[schemars(range(min = 0, max = 21600), example = 1800)]
    pub keep_alive_period_in_seconds: Option<i64>,

    /// Maximum run time in seconds (`MaxRuntimeInSeconds`). Default 86400, at most 28 days.
    #[schemars(range(min = 1, max = 2_419_200), example = 86400)]
    pub max_run: Option<i64>,

    /// Maximum seconds to wait for spot capacity plus run time. Spot only; at least `max_run`.
    #[schemars(range(min = 1, max = 2_419_200), example = 172_800)]
    pub max_wait: Option<i64>,

    /// Retries after an internal failure (`RetryStrategy.MaximumRetryAttempts`, 1–30).
    #[schemars(range(min = 1, max = 30), example = 3)]
    pub max_retry_attempts: Option<i64>,

    /// Use managed spot training. Needs `max_wait`.
    pub use_spot_instances: Option<bool>,

    /// S3 URI that checkpoints are synced to.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub checkpoint_s3_uri: Option<String>,

    /// Local path in the container that is synced to `checkpoint_s3_uri`.
    #[schemars(length(max = 4096), example = &"/opt/ml/checkpoints")]
    pub checkpoint_local_path: Option<String>,

    /// Distributed training strategy, with exactly the SDK's nesting.
    pub distribution: Option<Distribution>,

    /// Training data: one S3 URI (channel `training`), one TrainingInput-like mapping, or a
    /// map from channel name to either of those or a FileSystemInput-like mapping.
    pub inputs: Option<Inputs>,

    /// Default input mode of every channel.
    pub input_mode: Option<InputMode>,

    /// S3 URI of a pre-trained model, delivered as an extra channel.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub model_uri: Option<String>,

    /// Channel name for `model_uri`. Default `model`.
    #[serde(default)]
    #[schemars(schema_with = "patterns::channel_name", example = &"pretrained")]
    pub model_channel_name: Option<String>,

    /// S3 URI for the model artifacts. Default `s3://sagemaker-<region>-<account>/`.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub output_path: Option<String>,

    /// KMS key for the model artifacts.
    #[serde(default)]
    #[schemars(schema_with = "patterns::kms_key")]
    pub output_kms_key: Option<String>,

    /// Upload the model artifacts uncompressed.
    pub disable_output_compression: Option<bool>,

    /// Where TensorBoard output is written and synced.
    pub tensorboard_output_config: Option<TensorBoardOutputConfig>,

    /// TensorFlow only: the `model_dir` hyperparameter, or `false` to omit it.
    pub model_dir: Option<ModelDir>,

    /// Hyperparameters; any YAML/TOML values, JSON-encoded exactly as the SDK does.
    #[schemars(example = serde_json::json!({"epochs": 10, "lr": 0.001}))]
    pub hyperparameters: Option<IndexMap<String, serde_json::Value>>,

    /// Environment variables of the training container.
    #[serde(default)]
    #[schemars(schema_with = "patterns::environment")]
    pub environment: Option<IndexMap<String, String>>,

    /// Tags of the training job, as a map from key to value.
    #[serde(default)]
    #[schemars(schema_with = "patterns::tags")]
    pub tags: Option<IndexMap<String, String>>,

    /// Metrics parsed from the training logs.
    #[schemars(length(max = 40), example = serde_json::json!([{"name": "train:loss", "regex": "loss=([0-9\\.]+)"}]))]
    pub metric_definitions: Option<Vec<MetricDefinition>>,

    /// Enable SageMaker metrics time series. Default: on for PyTorch ≥ 1.3 and TF ≥ 1.15.
    pub enable_sagemaker_metrics: Option<bool>,

    /// Log level of the training toolkit (`logging.INFO` = 20).
    #[schemars(example = 20)]
    pub container_log_level: Option<i64>,

    /// SageMaker Debugger hook: `false` to turn it off, or its settings.
    pub debugger_hook_config: Option<DebuggerHookConfig>,

    /// Turn the SageMaker profiler off.
    pub disable_profiler: Option<bool>,

    /// SageMaker profiler settings.
    pub profiler_config: Option<ProfilerConfig>,

    /// VPC subnet ids (1–16). Needs `security_group_ids`.
    #[schemars(length(min = 1, max = 16), inner(length(max = 32), regex(pattern = r"^[-0-9a-zA-Z]+$")))]
    #[schemars(example = ["subnet-0123456789abcdef0"])]
    pub subnets: Option<Vec<String>>,

    /// VPC security group ids (1–5). Needs `subnets`.
    #[schemars(length(min = 1, max = 5), inner(length(max = 32), regex(pattern = r"^[-0-9a-zA-Z]+$")))]
    #[schemars(example = ["sg-0123456789abcdef0"])]
    pub security_group_ids: Option<Vec<String>>,

    /// Run the container without network access; the code is shipped as a `code` channel.
    pub enable_network_isolation: Option<bool>,

    /// Encrypt traffic between training instances.
    pub encrypt_inter_container_traffic: Option<bool>,

    /// Run SageMaker's infrastructure health checks before training.
    pub enable_infra_check: Option<bool>,

    /// Allow remote debugging of the training container.
    pub enable_remote_debug: Option<bool>,

    /// Built-in SageMaker Debugger and Profiler rules (`DebugRuleConfigurations`,
    /// `ProfilerRuleConfigurations`), e.g. `[{builtin: vanishing_gradient}, {builtin:
    /// ProfilerReport}]`.
    #[schemars(length(max = 40))]
    pub rules: Option<Vec<DebuggerRule>>,

    /// ARN of a SageMaker training plan (reserved capacity) the job runs on
    /// (`ResourceConfig.TrainingPlanArn`).
    #[schemars(
        length(min = 50, max = 2048),
        regex(pattern = r"^arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:training-plan/.*$")
    )]
    #[schemars(example = &"arn:aws:sagemaker:us-west-2:111122223333:training-plan/my-plan")]
    pub training_plan: Option<String>,

    /// Placement of the instances on UltraServers (`ResourceConfig.InstancePlacementConfig`).
    pub instance_placement_config: Option<InstancePlacementConfig>,

    /// Chain the session tags of the role's session to the job
    /// (`SessionChainingConfig.EnableSessionTagChaining`).
    pub enable_session_tag_chaining: Option<bool>,

    /// How a training image in a private registry is pulled
    /// (`TrainingImageConfig.TrainingRepositoryAccessMode`).
    pub training_repository_access_mode: Option<TrainingRepositoryAccessMode>,

    /// Lambda that returns the private registry's credentials. Needs
    /// `training_repository_access_mode`.
    #[schemars(
        length(min = 1, max = 2048),
        regex(pattern = r"^arn:aws[a-z\-]*:lambda:[a-z0-9\-]+:[0-9]{12}:function:.+$")
    )]
    #[schemars(example = &"arn:aws:lambda:us-west-2:111122223333:function:registry-creds")]
    pub training_repository_credentials_provider_arn: Option<String>,

    /// The SageMaker Experiments run the job reports to (`fit(experiment_config=…)`).
    pub experiment_config: Option<ExperimentConfig>,

    /// Maximum seconds the job may wait for capacity (`StoppingCondition.MaxPendingTimeInSeconds`;
    /// accelerated instance types only).
    #[schemars(range(min = 1800, max = 2_419_200), example = 7200)]
    pub max_pending_time_in_seconds: Option<i64>,

    /// Not supported: sagespec packages the code from the folders next to the manifest, in
    /// the repository that is reviewed. Check the code out and use `source_dir`.
    pub git_config: Option<serde_json::Value>,
}
