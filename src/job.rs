//! The resolved training job: a validated manifest with every SDK default applied.
//!
//! This is the second of the two type levels (see `design/architecture.md`): the
//! [`Manifest`] says what the user wrote, all `Option`; a [`Job`] says what will run.
//! Wherever the SageMaker Python SDK v2 has a default, the job holds the value, not an
//! `Option` (input mode `File`, volume 30 GB, `max_run` 86400, log level 20, the default
//! bucket, the debugger hook and profiler, TensorFlow's `model_dir`, …). An `Option` left
//! here means "not sent": the SDK has no default for it either.
//!
//! [`Job::resolve`] is only called on a manifest that passed validation; it still returns
//! a [`ResolveError`] rather than panicking if a required key is missing.
//!
//! Where each default comes from (sagemaker 2.257.7, `reference/sagemaker-facts.md`):
//! §3.3 output path and code location, §3.4 the request defaults, §3.5 debugger and
//! profiler, §3.6 channels, §2.2 distribution (rewrites such as `pytorchddp`), §4.1 the
//! image (through [`crate::image::resolve`]). To add a key: add a field here, fill it in
//! `resolve` (or a submodule), and lower it in `crate::lower`.

mod channels;
mod debugger_rules;
mod distribution;
mod monitoring;

pub use channels::{Channel, ChannelSource};
pub use debugger_rules::{Action, RuleConfig, Rules, RulesError, python_str};
pub use distribution::{DataParallel, Distribution, ModelParallel, MpiLaunch, SmDistributed};
pub use monitoring::{Collection, DebugHook, Profiler, region_supports_debugger};

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::facts::defaults::default_bucket;
use crate::facts::versions;
use crate::image::{self, DistributionKeys, ImageError, ImageRequest};
use crate::package;
use crate::spec::{
    ExperimentConfig, Framework, InputMode, Inputs, InstancePlacementConfig, Manifest, ModelDir,
    TrainingRepositoryAccessMode,
};

/// SDK default of `volume_size` (`EstimatorBase.__init__`, facts §3.4).
pub const DEFAULT_VOLUME_SIZE_GB: i64 = 30;
/// SDK default of `max_run`: one day (`EstimatorBase.__init__`, facts §3.4).
pub const DEFAULT_MAX_RUN_SECONDS: i64 = 24 * 60 * 60;
/// SDK default of `container_log_level`: Python's `logging.INFO` (facts §3.1).
pub const DEFAULT_CONTAINER_LOG_LEVEL: i64 = 20;
/// SDK default of `input_mode` (facts §3.4).
pub const DEFAULT_INPUT_MODE: InputMode = InputMode::File;

/// The oldest framework version for which the SDK turns on
/// `EnableSageMakerMetricsTimeSeries` by itself.
///
/// Source: sagemaker 2.257.7 `pytorch/estimator.py` (`>= 1.3`) and
/// `tensorflow/estimator.py` (`>= 1.15`), facts §3.4.
pub const METRICS_TIME_SERIES_SINCE: &[(Framework, &str)] =
    &[(Framework::Pytorch, "1.3"), (Framework::Tensorflow, "1.15")];

/// How the job is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobName {
    /// `job_name`: used verbatim.
    Exact(String),
    /// `name`: the job is named `<base>-<12 hex>` from the content hash (`crate::lower`).
    Hashed {
        /// The base name.
        base: String,
    },
}

/// Where the compiled job runs: the region, and the account when the default bucket needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// AWS region of the job.
    pub region: String,
    /// AWS account id; needed only for the default bucket `sagemaker-<region>-<account>`.
    pub account_id: Option<String>,
}

/// Where the job's instances come from, with their counts. Stages read it through the
/// one placement view, [`crate::compute::Compute::of_job`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compute {
    /// `instance_type` × `instance_count`.
    Single {
        /// The instance type.
        instance_type: String,
        /// The number of instances.
        instance_count: i64,
    },
    /// A heterogeneous cluster.
    Groups(Vec<InstanceGroup>),
}

/// One instance group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceGroup {
    /// Group name.
    pub name: String,
    /// Instance type.
    pub instance_type: String,
    /// Number of instances.
    pub instance_count: i64,
}

/// The training code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code {
    /// `sagemaker_program`: the entry point relative to `source_dir`, or its file name
    /// when there is no `source_dir`.
    pub program: String,
    /// S3 URI of `sourcedir.tar.gz`.
    pub tarball_uri: String,
    /// sha256 of the packed tarball; `None` when `source_dir` is an S3 URI used as given.
    pub tarball_sha256: Option<String>,
}

/// Where the code tarball goes: the SDK's code bucket and prefix (facts §3.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBucket {
    /// Bucket: `code_location`'s, else the output path's.
    pub bucket: String,
    /// Key prefix: `code_location`'s, else none (the SDK drops the output path's prefix).
    pub key_prefix: String,
}

/// TensorFlow's `model_dir` hyperparameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TfModelDir {
    /// Not sent (`model_dir: false`, or not TensorFlow).
    Omitted,
    /// Sent as given.
    Given(String),
    /// The SDK's default: `/opt/ml/model` with MPI enabled, else
    /// `<output_path>/<job name>/model` (needs the job name, so lowering computes it).
    Default {
        /// Whether `distribution.mpi.enabled` is true.
        mpi_enabled: bool,
    },
}

/// `OutputDataConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// `output_path`, default `s3://sagemaker-<region>-<account>/`.
    pub s3_output_path: String,
    /// `output_kms_key`.
    pub kms_key: Option<String>,
    /// `disable_output_compression` (sent as `CompressionType: NONE`).
    pub compression_disabled: bool,
}

/// `CheckpointConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// `checkpoint_s3_uri`.
    pub s3_uri: String,
    /// `checkpoint_local_path`.
    pub local_path: Option<String>,
}

/// `VpcConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vpc {
    /// Subnet ids.
    pub subnets: Vec<String>,
    /// Security group ids.
    pub security_group_ids: Vec<String>,
}

/// `TensorBoardOutputConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorBoard {
    /// S3 URI.
    pub s3_output_path: String,
    /// Local path in the container.
    pub local_path: Option<String>,
}

/// A metric parsed from the logs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metric {
    /// Metric name.
    pub name: String,
    /// Regular expression.
    pub regex: String,
}

/// A training job with every default applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// How the job is named.
    pub name: JobName,
    /// AWS region.
    pub region: String,
    /// The estimator.
    pub framework: Framework,
    /// `AlgorithmSpecification.TrainingImage`.
    pub training_image: String,
    /// `AlgorithmSpecification.TrainingInputMode`.
    pub input_mode: InputMode,
    /// `EnableSageMakerMetricsTimeSeries`; `None` when the SDK leaves it out.
    pub metrics_time_series: Option<bool>,
    /// `MetricDefinitions`; not sent when `None`.
    pub metric_definitions: Option<Vec<Metric>>,
    /// `ContainerEntrypoint`.
    pub container_entry_point: Option<Vec<String>>,
    /// `ContainerArguments`.
    pub container_arguments: Option<Vec<String>>,
    /// `RoleArn`.
    pub role: String,
    /// Instances.
    pub compute: Compute,
    /// `VolumeSizeInGB`.
    pub volume_size: i64,
    /// `VolumeKmsKeyId`.
    pub volume_kms_key: Option<String>,
    /// `KeepAlivePeriodInSeconds`.
    pub keep_alive_period_in_seconds: Option<i64>,
    /// `MaxRuntimeInSeconds`.
    pub max_run: i64,
    /// `MaxWaitTimeInSeconds`.
    pub max_wait: Option<i64>,
    /// `RetryStrategy.MaximumRetryAttempts`.
    pub max_retry_attempts: Option<i64>,
    /// `EnableManagedSpotTraining` (sent only when true).
    pub use_spot_instances: bool,
    /// `CheckpointConfig`.
    pub checkpoint: Option<Checkpoint>,
    /// The code.
    pub code: Code,
    /// The user's hyperparameters, in their order, before JSON encoding.
    pub hyperparameters: IndexMap<String, Json>,
    /// `sagemaker_container_log_level`.
    pub container_log_level: i64,
    /// The distribution, after the SDK's rewrites.
    pub distribution: Distribution,
    /// TensorFlow's `model_dir`.
    pub model_dir: TfModelDir,
    /// `InputDataConfig`, including the model channel (not the code channel, which
    /// lowering adds under network isolation).
    pub channels: Vec<Channel>,
    /// `OutputDataConfig`.
    pub output: Output,
    /// `DebugHookConfig`; `None` when the SDK drops it.
    pub debug_hook: Option<DebugHook>,
    /// `ProfilerConfig`.
    pub profiler: Profiler,
    /// `TensorBoardOutputConfig`.
    pub tensorboard: Option<TensorBoard>,
    /// `Environment`, in the user's order.
    pub environment: Option<IndexMap<String, String>>,
    /// `Tags`, in the user's order.
    pub tags: Option<IndexMap<String, String>>,
    /// `VpcConfig`.
    pub vpc: Option<Vpc>,
    /// `EnableNetworkIsolation` (sent only when true).
    pub enable_network_isolation: bool,
    /// `EnableInterContainerTrafficEncryption` (sent only when true).
    pub encrypt_inter_container_traffic: bool,
    /// `InfraCheckConfig.EnableInfraCheck`.
    pub enable_infra_check: Option<bool>,
    /// `RemoteDebugConfig.EnableRemoteDebug`.
    pub enable_remote_debug: Option<bool>,
    /// `DebugRuleConfigurations` and `ProfilerRuleConfigurations` (their collections are
    /// merged into [`Job::debug_hook`] already).
    pub rules: Rules,
    /// `ResourceConfig.TrainingPlanArn`.
    pub training_plan: Option<String>,
    /// `ResourceConfig.InstancePlacementConfig`, as written (the SDK copies it verbatim).
    pub instance_placement: Option<InstancePlacementConfig>,
    /// `SessionChainingConfig.EnableSessionTagChaining` (`false` is sent too).
    pub enable_session_tag_chaining: Option<bool>,
    /// `AlgorithmSpecification.TrainingImageConfig`: the access mode and the credentials
    /// provider. The SDK drops a provider given without a mode.
    pub training_image_config: Option<(TrainingRepositoryAccessMode, Option<String>)>,
    /// `ExperimentConfig`, as written; `None` for `{}`, which the SDK leaves out.
    pub experiment: Option<ExperimentConfig>,
    /// `StoppingCondition.MaxPendingTimeInSeconds`.
    pub max_pending_time: Option<i64>,
}

/// Why a manifest could not be resolved into a job. Validation reports all of these
/// first; they remain as errors (never panics) for callers that skip it.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// A key without a default is missing.
    #[error("the manifest has no `{0}`")]
    Missing(&'static str),
    /// The default bucket needs the account id.
    #[error(
        "the default bucket sagemaker-{region}-<account> needs the AWS account id: pass --account-id (or set output_path)"
    )]
    MissingAccount {
        /// The region.
        region: String,
    },
    /// The image could not be resolved.
    #[error("no training image: {0}")]
    Image(#[from] ImageError),
    /// Two channels with one name.
    #[error("duplicate channel `{0}` not allowed")]
    DuplicateChannel(String),
    /// An S3 URI without a bucket.
    #[error("`{0}` is not an s3://bucket/key URI")]
    NotS3(String),
    /// Local code needs its package hash, and none was given.
    #[error("the local source code was not packaged")]
    NotPackaged,
    /// A Debugger or Profiler rule could not be resolved.
    #[error(transparent)]
    Rules(#[from] RulesError),
}

impl Job {
    /// Resolves a validated manifest. `tarball_sha256` is the packed code's hash
    /// (`crate::package`), `None` when `source_dir` is an S3 URI.
    pub fn resolve(
        manifest: &Manifest,
        placement: &Placement,
        tarball_sha256: Option<&str>,
    ) -> Result<Self, ResolveError> {
        let region = placement.region.clone();
        let framework = manifest.framework.ok_or(ResolveError::Missing("framework"))?;
        let compute = compute(manifest)?;
        let output = output(manifest, placement)?;
        let code = code(manifest, &output, tarball_sha256)?;
        let distribution = Distribution::resolve(manifest.distribution.as_ref(), framework, &compute);
        let training_image = image::resolve(&ImageRequest {
            framework,
            framework_version: manifest.framework_version.as_deref(),
            py_version: manifest.py_version.as_deref(),
            region: Some(&region),
            compute: crate::compute::Compute::of_job(&compute),
            distribution: DistributionKeys::of(manifest.distribution.as_ref(), framework),
            image_uri: manifest.image_uri.as_deref(),
        })?;
        let channels = channels::resolve(manifest)?;
        let input_mode = match &manifest.inputs {
            Some(Inputs::Single(input)) => input.input_mode,
            _ => None,
        }
        .or(manifest.input_mode)
        .unwrap_or(DEFAULT_INPUT_MODE);
        let model_dir = model_dir(manifest, framework, &distribution);
        let rules = debugger_rules::resolve(manifest, &region)?;
        let mut debug_hook =
            monitoring::debug_hook(manifest, framework, &region, &output.s3_output_path, &distribution);
        if let Some(hook) = &mut debug_hook {
            monitoring::merge_collections(&mut hook.collections, rules.collections.iter().cloned());
        }
        let profiler = monitoring::profiler(
            manifest,
            &region,
            &output.s3_output_path,
            crate::compute::Compute::of_job(&compute).instance_type(),
        );
        Ok(Self {
            name: job_name(manifest)?,
            framework,
            training_image,
            input_mode,
            metrics_time_series: metrics_time_series(manifest, framework),
            metric_definitions: manifest.metric_definitions.as_ref().map(|metrics| {
                metrics
                    .iter()
                    .map(|m| Metric {
                        name: m.name.clone().unwrap_or_default(),
                        regex: m.regex.clone().unwrap_or_default(),
                    })
                    .collect()
            }),
            container_entry_point: manifest.container_entry_point.clone(),
            container_arguments: manifest.container_arguments.clone(),
            role: manifest.role.clone().ok_or(ResolveError::Missing("role"))?,
            compute,
            volume_size: manifest.volume_size.unwrap_or(DEFAULT_VOLUME_SIZE_GB),
            volume_kms_key: manifest.volume_kms_key.clone(),
            keep_alive_period_in_seconds: manifest.keep_alive_period_in_seconds,
            max_run: manifest.max_run.unwrap_or(DEFAULT_MAX_RUN_SECONDS),
            max_wait: manifest.max_wait,
            max_retry_attempts: manifest.max_retry_attempts,
            use_spot_instances: manifest.use_spot_instances.unwrap_or(false),
            checkpoint: manifest.checkpoint_s3_uri.as_ref().map(|s3_uri| Checkpoint {
                s3_uri: s3_uri.clone(),
                local_path: manifest.checkpoint_local_path.clone(),
            }),
            code,
            hyperparameters: manifest.hyperparameters.clone().unwrap_or_default(),
            container_log_level: manifest.container_log_level.unwrap_or(DEFAULT_CONTAINER_LOG_LEVEL),
            distribution,
            model_dir,
            channels,
            output,
            debug_hook,
            profiler,
            tensorboard: manifest.tensorboard_output_config.as_ref().and_then(|tb| {
                tb.s3_output_path.as_ref().map(|s3| TensorBoard {
                    s3_output_path: s3.clone(),
                    local_path: tb.container_local_output_path.clone(),
                })
            }),
            environment: manifest.environment.clone(),
            tags: manifest.tags.clone(),
            vpc: match (&manifest.subnets, &manifest.security_group_ids) {
                (Some(subnets), Some(groups)) => {
                    Some(Vpc { subnets: subnets.clone(), security_group_ids: groups.clone() })
                }
                _ => None,
            },
            enable_network_isolation: manifest.enable_network_isolation.unwrap_or(false),
            encrypt_inter_container_traffic: manifest.encrypt_inter_container_traffic.unwrap_or(false),
            enable_infra_check: manifest.enable_infra_check,
            enable_remote_debug: manifest.enable_remote_debug,
            rules,
            training_plan: manifest.training_plan.clone(),
            instance_placement: manifest.instance_placement_config.clone(),
            enable_session_tag_chaining: manifest.enable_session_tag_chaining,
            training_image_config: manifest
                .training_repository_access_mode
                .map(|mode| (mode, manifest.training_repository_credentials_provider_arn.clone())),
            experiment: manifest.experiment_config.clone().filter(|config| {
                [&config.experiment_name, &config.trial_name, &config.trial_component_display_name, &config.run_name]
                    .iter()
                    .any(|value| value.is_some())
            }),
            max_pending_time: manifest.max_pending_time_in_seconds,
            region,
        })
    }
}

fn job_name(manifest: &Manifest) -> Result<JobName, ResolveError> {
    match (&manifest.job_name, &manifest.name) {
        (Some(exact), _) => Ok(JobName::Exact(exact.clone())),
        (None, Some(base)) => Ok(JobName::Hashed { base: base.clone() }),
        (None, None) => Err(ResolveError::Missing("name")),
    }
}

fn compute(manifest: &Manifest) -> Result<Compute, ResolveError> {
    if let Some(instance_type) = &manifest.instance_type {
        let instance_count = manifest.instance_count.ok_or(ResolveError::Missing("instance_count"))?;
        return Ok(Compute::Single { instance_type: instance_type.clone(), instance_count });
    }
    let groups = manifest.instance_groups.as_ref().ok_or(ResolveError::Missing("instance_type"))?;
    groups
        .iter()
        .map(|group| {
            Ok(InstanceGroup {
                name: group.instance_group_name.clone().ok_or(ResolveError::Missing("instance_group_name"))?,
                instance_type: group.instance_type.clone().ok_or(ResolveError::Missing("instance_type"))?,
                instance_count: group.instance_count.ok_or(ResolveError::Missing("instance_count"))?,
            })
        })
        .collect::<Result<_, _>>()
        .map(Compute::Groups)
}

fn output(manifest: &Manifest, placement: &Placement) -> Result<Output, ResolveError> {
    let s3_output_path = match (&manifest.output_path, &placement.account_id) {
        (Some(path), _) => path.clone(),
        (None, Some(account)) => format!("s3://{}/", default_bucket(&placement.region, account)),
        (None, None) => return Err(ResolveError::MissingAccount { region: placement.region.clone() }),
    };
    Ok(Output {
        s3_output_path,
        kms_key: manifest.output_kms_key.clone(),
        compression_disabled: manifest.disable_output_compression.unwrap_or(false),
    })
}

/// `s3://bucket/key` → `(bucket, key)`, both non-empty: the URI of one object (a code
/// tarball, a model artifact); `None` for anything else.
pub fn split_s3_object(uri: &str) -> Option<(&str, &str)> {
    uri.strip_prefix("s3://")?.split_once('/').filter(|(bucket, key)| !bucket.is_empty() && !key.is_empty())
}

/// Splits `s3://bucket/key` into bucket and key (`utils.parse_s3_url`).
pub fn parse_s3(uri: &str) -> Result<(String, String), ResolveError> {
    let rest = uri
        .get(..5)
        .filter(|scheme| scheme.eq_ignore_ascii_case("s3://"))
        .and_then(|_| uri.get(5..))
        .ok_or_else(|| ResolveError::NotS3(uri.to_owned()))?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(ResolveError::NotS3(uri.to_owned()));
    }
    Ok((bucket.to_owned(), key.to_owned()))
}

/// The SDK's code bucket and prefix: `code_location`, else the output path's bucket with
/// no prefix (`EstimatorBase._stage_user_code_in_s3`, facts §3.3).
pub fn code_bucket(manifest: &Manifest, output: &Output) -> Result<CodeBucket, ResolveError> {
    let (bucket, key_prefix) = match &manifest.code_location {
        Some(location) => parse_s3(location)?,
        None => (parse_s3(&output.s3_output_path)?.0, String::new()),
    };
    Ok(CodeBucket { bucket, key_prefix })
}

fn code(manifest: &Manifest, output: &Output, tarball_sha256: Option<&str>) -> Result<Code, ResolveError> {
    let entry_point = manifest.entry_point.as_deref().ok_or(ResolveError::Missing("entry_point"))?;
    let program = match &manifest.source_dir {
        Some(_) => entry_point.to_owned(),
        None => entry_point.rsplit('/').next().unwrap_or(entry_point).to_owned(),
    };
    if let Some(source_dir) = manifest.source_dir.as_deref().filter(|dir| package::is_s3(dir)) {
        return Ok(Code { program, tarball_uri: source_dir.to_owned(), tarball_sha256: None });
    }
    let sha256 = tarball_sha256.ok_or(ResolveError::NotPackaged)?;
    let bucket = code_bucket(manifest, output)?;
    Ok(Code {
        program,
        tarball_uri: package::code_s3_uri(&bucket.bucket, &bucket.key_prefix, sha256),
        tarball_sha256: Some(sha256.to_owned()),
    })
}

fn model_dir(manifest: &Manifest, framework: Framework, distribution: &Distribution) -> TfModelDir {
    if framework != Framework::Tensorflow {
        return TfModelDir::Omitted;
    }
    match &manifest.model_dir {
        Some(ModelDir::Flag(false)) => TfModelDir::Omitted,
        Some(ModelDir::Path(path)) => TfModelDir::Given(path.clone()),
        Some(ModelDir::Flag(true)) | None => TfModelDir::Default { mpi_enabled: distribution.mpi_enabled() },
    }
}

fn metrics_time_series(manifest: &Manifest, framework: Framework) -> Option<bool> {
    if manifest.enable_sagemaker_metrics.is_some() {
        return manifest.enable_sagemaker_metrics;
    }
    let version = manifest.framework_version.as_deref()?;
    let (_, since) = METRICS_TIME_SERIES_SINCE.iter().find(|(f, _)| *f == framework)?;
    (versions::at_least(version, since)?).then_some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_uris_split_into_bucket_and_key() {
        assert_eq!(parse_s3("s3://b/k/x").ok(), Some(("b".into(), "k/x".into())));
        assert_eq!(parse_s3("s3://b").ok(), Some(("b".into(), String::new())));
        assert!(parse_s3("https://b/k").is_err());
        assert_eq!(split_s3_object("s3://b/k/x"), Some(("b", "k/x")));
        assert_eq!(split_s3_object("s3://b/"), None);
        assert_eq!(split_s3_object("s3://b"), None);
        assert_eq!(split_s3_object("s3:///k"), None);
        assert!(parse_s3("s3:///k").is_err());
    }
}
