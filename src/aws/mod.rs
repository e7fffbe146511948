//! The only code that talks to AWS.
//!
//! Everything above this module sees AWS through four small traits, so it can be tested
//! with a fake ([`SageMakerApi`], [`ObjectStore`], [`Identity`], [`LogSource`]), and
//! through plain data ([`LiveJob`], [`LiveTuning`], [`JobSummary`], [`LiveModel`],
//! [`LiveEndpointConfig`], [`LiveEndpoint`], [`LogPage`], [`AwsError`]); no SDK type but
//! the input builders `crate::lower` produces (`CreateTrainingJob`,
//! `CreateHyperParameterTuningJob`, `CreateModel`, `CreateEndpointConfig`,
//! `CreateEndpoint`) crosses the boundary. [`client::Aws`] implements all four with the AWS SDK for Rust
//! ([`client`] owns configuration: credentials chain, region, profile, endpoint
//! overrides, retries and timeouts).
//!
//! Every call takes the region, because manifests may name different regions; the real
//! client keeps one SDK client per region and service.
//!
//! To support a new AWS call: add a method to the trait that owns that service, return
//! plain data defined here, implement it in [`client`], and give the fakes in tests an
//! answer for it.

pub mod account;
mod account_client;
pub mod client;
mod deploy;
pub mod error;
#[cfg(test)]
pub(crate) mod fake;
mod pages;

use std::future::Future;

use aws_sdk_sagemaker::operation::create_endpoint::builders::CreateEndpointInputBuilder;
use aws_sdk_sagemaker::operation::create_endpoint_config::builders::CreateEndpointConfigInputBuilder;
use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
use aws_sdk_sagemaker::operation::create_model::builders::CreateModelInputBuilder;
use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;

pub use account::AccountApi;
pub use client::{Aws, AwsOptions};
pub use deploy::{
    ALREADY_EXISTS_CODES, ALREADY_EXISTS_MESSAGES, is_already_existing, live_model_data, live_model_of, live_variant,
};
pub use error::{AwsError, AwsErrorKind};

/// The CloudWatch Logs group SageMaker writes training logs to.
pub const TRAINING_LOG_GROUP: &str = "/aws/sagemaker/TrainingJobs";

/// A training job's `TrainingJobStatus`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum JobStatus {
    /// Running (or starting).
    InProgress,
    /// Finished successfully.
    Completed,
    /// Finished with an error.
    Failed,
    /// Being stopped.
    Stopping,
    /// Stopped by a user.
    Stopped,
    /// A status this version does not know.
    Other(String),
}

impl JobStatus {
    /// The status as SageMaker spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InProgress => "InProgress",
            Self::Completed => "Completed",
            Self::Failed => "Failed",
            Self::Stopping => "Stopping",
            Self::Stopped => "Stopped",
            Self::Other(other) => other,
        }
    }

    /// Parses SageMaker's spelling.
    pub fn parse(text: &str) -> Self {
        match text {
            "InProgress" => Self::InProgress,
            "Completed" => Self::Completed,
            "Failed" => Self::Failed,
            "Stopping" => Self::Stopping,
            "Stopped" => Self::Stopped,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Whether the job will not change any more.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Stopped)
    }
}

impl std::fmt::Display for JobStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of `SecondaryStatusTransitions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The secondary status (`Starting`, `Downloading`, `Training`, …).
    pub status: String,
    /// SageMaker's message for it.
    pub message: Option<String>,
}

/// What DescribeTrainingJob says about a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveJob {
    /// The job name.
    pub name: String,
    /// `TrainingJobStatus`.
    pub status: JobStatus,
    /// `SecondaryStatus`.
    pub secondary_status: Option<String>,
    /// `SecondaryStatusTransitions`, oldest first.
    pub transitions: Vec<Transition>,
    /// `FailureReason`.
    pub failure_reason: Option<String>,
}

/// One job as ListTrainingJobs (or ListHyperParameterTuningJobs) reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSummary {
    /// The job name.
    pub name: String,
    /// Its status.
    pub status: JobStatus,
    /// Creation time, milliseconds since the Unix epoch (jobs applied one after the other
    /// may be created within one second).
    pub created_epoch_ms: Option<i64>,
}

/// `TrainingJobStatusCounters` of a tuning job: how its training jobs stand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrainingCounters {
    /// `Completed`.
    pub completed: i32,
    /// `InProgress`.
    pub in_progress: i32,
    /// `RetryableError`.
    pub retryable_error: i32,
    /// `NonRetryableError`.
    pub non_retryable_error: i32,
    /// `Stopped`.
    pub stopped: i32,
}

impl TrainingCounters {
    /// The training jobs that failed, retryable or not.
    pub fn failed(&self) -> i32 {
        self.retryable_error + self.non_retryable_error
    }
}

/// `FinalHyperParameterTuningJobObjectiveMetric`: the objective a training job reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    /// `MetricName`.
    pub metric: String,
    /// `Value`.
    pub value: f32,
}

/// `BestTrainingJob` of a tuning job.
#[derive(Clone, Debug, PartialEq)]
pub struct BestTrainingJob {
    /// `TrainingJobName`.
    pub name: String,
    /// `TunedHyperParameters`, by name.
    pub tuned: std::collections::BTreeMap<String, String>,
    /// Its objective, once it has one.
    pub objective: Option<Objective>,
}

/// What DescribeHyperParameterTuningJob says about a tuning job.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveTuning {
    /// The tuning job name.
    pub name: String,
    /// `HyperParameterTuningJobStatus` (the same words as a training job's, so the same
    /// type).
    pub status: JobStatus,
    /// `TrainingJobStatusCounters`.
    pub counters: TrainingCounters,
    /// `BestTrainingJob`, once some training job reported the objective.
    pub best: Option<BestTrainingJob>,
    /// `FailureReason` (absent when empty).
    pub failure_reason: Option<String>,
}

/// How a Create call (a job, a tuning job, a model, an endpoint configuration, an
/// endpoint) ended, when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateOutcome {
    /// The resource was created.
    Created,
    /// A resource with that name already exists (`ResourceInUse`, or for the deployment
    /// resources SageMaker's `ValidationException: Cannot create already existing …`):
    /// someone else created it.
    AlreadyExists,
}

/// How a Delete call ended, when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteOutcome {
    /// The resource was deleted (for an endpoint: its deletion started).
    Deleted,
    /// No resource has that name (already deleted, e.g. by an earlier attempt).
    NotFound,
}

/// An endpoint's `EndpointStatus` (the API's `EndpointStatus` enumeration).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EndpointStatus {
    /// Being created.
    Creating,
    /// Being updated (`UpdateEndpoint`).
    Updating,
    /// Being updated by SageMaker itself (patching, replacing unhealthy instances).
    SystemUpdating,
    /// An update failed and is being rolled back.
    RollingBack,
    /// Serving.
    InService,
    /// Not serving (stopped).
    OutOfService,
    /// Being deleted.
    Deleting,
    /// Creation or update failed (`FailureReason` says why).
    Failed,
    /// An update failed and so did its rollback.
    UpdateRollbackFailed,
    /// A status this version does not know.
    Other(String),
}

/// Every [`EndpointStatus`] but [`EndpointStatus::Other`], with SageMaker's spelling
/// (source: the SageMaker API reference, `DescribeEndpoint` / `EndpointStatus`).
const ENDPOINT_STATUSES: &[(EndpointStatus, &str)] = &[
    (EndpointStatus::Creating, "Creating"),
    (EndpointStatus::Updating, "Updating"),
    (EndpointStatus::SystemUpdating, "SystemUpdating"),
    (EndpointStatus::RollingBack, "RollingBack"),
    (EndpointStatus::InService, "InService"),
    (EndpointStatus::OutOfService, "OutOfService"),
    (EndpointStatus::Deleting, "Deleting"),
    (EndpointStatus::Failed, "Failed"),
    (EndpointStatus::UpdateRollbackFailed, "UpdateRollbackFailed"),
];

impl EndpointStatus {
    /// The status as SageMaker spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Other(other) => other,
            known => ENDPOINT_STATUSES.iter().find(|(status, _)| status == known).map_or("", |(_, text)| text),
        }
    }

    /// Parses SageMaker's spelling.
    pub fn parse(text: &str) -> Self {
        ENDPOINT_STATUSES
            .iter()
            .find(|(_, spelling)| *spelling == text)
            .map_or_else(|| Self::Other(text.to_owned()), |(status, _)| status.clone())
    }

    /// Whether SageMaker is still working on the endpoint (waiting makes sense): creating,
    /// updating, rolling back or deleting.
    pub fn is_in_progress(&self) -> bool {
        matches!(self, Self::Creating | Self::Updating | Self::SystemUpdating | Self::RollingBack | Self::Deleting)
    }
}

impl std::fmt::Display for EndpointStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a model's artifact is, as DescribeModel reports its `PrimaryContainer`: the same
/// type a model sends, so `plan` compares the two directly.
pub use crate::lower::deploy::ModelData as LiveModelData;

/// What DescribeModel says about a model: what `plan` compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveModel {
    /// `ModelName`.
    pub name: String,
    /// `PrimaryContainer.Image`.
    pub image: Option<String>,
    /// `PrimaryContainer.ModelDataUrl` or `ModelDataSource`.
    pub model_data: Option<LiveModelData>,
    /// `PrimaryContainer.Environment` (the API keeps no order).
    pub environment: std::collections::BTreeMap<String, String>,
    /// `ExecutionRoleArn`.
    pub role: Option<String>,
}

/// The capacity of a production variant, as DescribeEndpointConfig reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveCapacity {
    /// Instances.
    Instances {
        /// `InstanceType`.
        instance_type: String,
        /// `InitialInstanceCount`.
        count: Option<i32>,
        /// `VolumeSizeInGB`.
        volume_size: Option<i32>,
    },
    /// `ServerlessConfig`.
    Serverless {
        /// `MemorySizeInMB`.
        memory_mb: Option<i32>,
        /// `MaxConcurrency`.
        max_concurrency: Option<i32>,
        /// `ProvisionedConcurrency`.
        provisioned: Option<i32>,
    },
    /// Neither (a variant this version does not read).
    Unknown,
}

/// One `ProductionVariants` entry of an endpoint configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveVariant {
    /// `VariantName`.
    pub name: String,
    /// `ModelName`.
    pub model_name: String,
    /// `InitialVariantWeight`.
    pub weight: Option<f32>,
    /// Instances or serverless.
    pub capacity: LiveCapacity,
}

/// What DescribeEndpointConfig says about an endpoint configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveEndpointConfig {
    /// `EndpointConfigName`.
    pub name: String,
    /// `ProductionVariants`, in order.
    pub variants: Vec<LiveVariant>,
    /// `KmsKeyId`.
    pub kms_key: Option<String>,
}

/// What DescribeEndpoint says about an endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveEndpoint {
    /// `EndpointName`.
    pub name: String,
    /// `EndpointStatus`.
    pub status: EndpointStatus,
    /// `EndpointConfigName`: the configuration it runs (after an update, the new one).
    pub config_name: Option<String>,
    /// `FailureReason` (absent when empty).
    pub failure_reason: Option<String>,
}

/// One model or endpoint configuration as ListModels or ListEndpointConfigs reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceSummary {
    /// Its name.
    pub name: String,
    /// Creation time, seconds since the Unix epoch.
    pub created_epoch_seconds: Option<i64>,
}

/// One page of log events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogPage {
    /// The events, oldest first.
    pub events: Vec<LogEvent>,
    /// Token for the next page, if any.
    pub next_token: Option<String>,
}

/// One log line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEvent {
    /// The stream it came from (`<job>/algo-1-…`).
    pub stream: String,
    /// Milliseconds since the Unix epoch.
    pub timestamp_ms: i64,
    /// The line.
    pub message: String,
    /// CloudWatch's id of the event (to drop repeats when following).
    pub id: String,
}

/// The SageMaker calls sagespec makes.
pub trait SageMakerApi: Send + Sync {
    /// DescribeTrainingJob; `Ok(None)` when no job has that name.
    fn describe_training_job(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<LiveJob>, AwsError>> + Send;

    /// CreateTrainingJob with the input `crate::lower` built.
    fn create_training_job(
        &self,
        region: &str,
        input: CreateTrainingJobInputBuilder,
    ) -> impl Future<Output = Result<CreateOutcome, AwsError>> + Send;

    /// ListTrainingJobs with `NameContains`, every page.
    fn list_training_jobs(
        &self,
        region: &str,
        name_contains: &str,
    ) -> impl Future<Output = Result<Vec<JobSummary>, AwsError>> + Send;

    /// StopTrainingJob.
    fn stop_training_job(&self, region: &str, name: &str) -> impl Future<Output = Result<(), AwsError>> + Send;

    /// DescribeHyperParameterTuningJob; `Ok(None)` when no tuning job has that name.
    fn describe_tuning_job(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<LiveTuning>, AwsError>> + Send;

    /// CreateHyperParameterTuningJob with the input `crate::lower::tuning` built.
    fn create_tuning_job(
        &self,
        region: &str,
        input: CreateHyperParameterTuningJobInputBuilder,
    ) -> impl Future<Output = Result<CreateOutcome, AwsError>> + Send;

    /// ListHyperParameterTuningJobs with `NameContains`, every page.
    fn list_tuning_jobs(
        &self,
        region: &str,
        name_contains: &str,
    ) -> impl Future<Output = Result<Vec<JobSummary>, AwsError>> + Send;

    /// StopHyperParameterTuningJob.
    fn stop_tuning_job(&self, region: &str, name: &str) -> impl Future<Output = Result<(), AwsError>> + Send;

    /// The `CreateTrainingJob` input that would create the job `name` again: every member
    /// DescribeTrainingJob returns that `CreateTrainingJob` takes, copied as described, and
    /// the job's tags (ListTags). `Ok(None)` when no job has that name. What no describe
    /// returns (`SessionChainingConfig`) is absent. For `sagespec import`
    /// (`crate::ops::import`), and for `plan`, to show what a new job changes
    /// (`crate::apply::replaced`).
    fn describe_training_input(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<CreateTrainingJobInputBuilder>, AwsError>> + Send;

    /// The `CreateHyperParameterTuningJob` input that would create the tuning job `name`
    /// again: every member DescribeHyperParameterTuningJob returns that
    /// `CreateHyperParameterTuningJob` takes, copied as described, and the tuning job's tags
    /// (ListTags). `Ok(None)` when no tuning job has that name. For `plan`, to show what a
    /// new tuning job changes (`crate::apply::replaced`).
    fn describe_tuning_input(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<CreateHyperParameterTuningJobInputBuilder>, AwsError>> + Send;

    /// CreateModel with the input `crate::lower::deploy::model` built.
    fn create_model(
        &self,
        region: &str,
        input: CreateModelInputBuilder,
    ) -> impl Future<Output = Result<CreateOutcome, AwsError>> + Send;

    /// DescribeModel; `Ok(None)` when no model has that name.
    fn describe_model(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<LiveModel>, AwsError>> + Send;

    /// DeleteModel.
    fn delete_model(&self, region: &str, name: &str) -> impl Future<Output = Result<DeleteOutcome, AwsError>> + Send;

    /// ListModels with `NameContains`, every page.
    fn list_models(
        &self,
        region: &str,
        name_contains: &str,
    ) -> impl Future<Output = Result<Vec<ResourceSummary>, AwsError>> + Send;

    /// CreateEndpointConfig with the input `crate::lower::deploy::endpoint` built.
    fn create_endpoint_config(
        &self,
        region: &str,
        input: CreateEndpointConfigInputBuilder,
    ) -> impl Future<Output = Result<CreateOutcome, AwsError>> + Send;

    /// DescribeEndpointConfig; `Ok(None)` when no configuration has that name.
    fn describe_endpoint_config(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<LiveEndpointConfig>, AwsError>> + Send;

    /// DeleteEndpointConfig.
    fn delete_endpoint_config(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<DeleteOutcome, AwsError>> + Send;

    /// ListEndpointConfigs with `NameContains`, every page.
    fn list_endpoint_configs(
        &self,
        region: &str,
        name_contains: &str,
    ) -> impl Future<Output = Result<Vec<ResourceSummary>, AwsError>> + Send;

    /// CreateEndpoint with the input `crate::lower::deploy::endpoint` built.
    fn create_endpoint(
        &self,
        region: &str,
        input: CreateEndpointInputBuilder,
    ) -> impl Future<Output = Result<CreateOutcome, AwsError>> + Send;

    /// UpdateEndpoint: the endpoint `name` switches to the configuration `config_name`
    /// (its status passes through `Updating` back to `InService`).
    fn update_endpoint(
        &self,
        region: &str,
        name: &str,
        config_name: &str,
    ) -> impl Future<Output = Result<(), AwsError>> + Send;

    /// DescribeEndpoint; `Ok(None)` when no endpoint has that name.
    fn describe_endpoint(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<LiveEndpoint>, AwsError>> + Send;

    /// DeleteEndpoint (its configuration and model stay).
    fn delete_endpoint(&self, region: &str, name: &str)
    -> impl Future<Output = Result<DeleteOutcome, AwsError>> + Send;

    /// ListEndpoints with `NameContains` (`""`: every endpoint), every page.
    fn list_endpoints(
        &self,
        region: &str,
        name_contains: &str,
    ) -> impl Future<Output = Result<Vec<ResourceSummary>, AwsError>> + Send;
}

/// The S3 calls sagespec makes.
pub trait ObjectStore: Send + Sync {
    /// HeadObject: whether the key exists.
    fn object_exists(
        &self,
        region: &str,
        bucket: &str,
        key: &str,
    ) -> impl Future<Output = Result<bool, AwsError>> + Send;

    /// PutObject with server-side encryption `aws:kms`, as the SageMaker Python SDK uploads
    /// code.
    fn put_object(
        &self,
        region: &str,
        bucket: &str,
        key: &str,
        bytes: Vec<u8>,
    ) -> impl Future<Output = Result<(), AwsError>> + Send;

    /// Creates the bucket when HeadBucket says it is missing (as the SDK's
    /// `Session.default_bucket()` does).
    fn ensure_bucket(&self, region: &str, bucket: &str) -> impl Future<Output = Result<(), AwsError>> + Send;

    /// GetObject: the object's bytes (`sagespec import --code` downloads code tarballs),
    /// refused once it is larger than `max_bytes`, so a download never holds more.
    fn get_object(
        &self,
        region: &str,
        bucket: &str,
        key: &str,
        max_bytes: usize,
    ) -> impl Future<Output = Result<Vec<u8>, AwsError>> + Send;
}

/// Who is calling: STS.
pub trait Identity: Send + Sync {
    /// GetCallerIdentity's account id.
    fn account_id(&self, region: &str) -> impl Future<Output = Result<String, AwsError>> + Send;
}

/// CloudWatch Logs.
pub trait LogSource: Send + Sync {
    /// FilterLogEvents on `group` for the streams starting with `stream_prefix`, from
    /// `start_ms` on.
    fn log_events(
        &self,
        region: &str,
        group: &str,
        stream_prefix: &str,
        start_ms: Option<i64>,
        next_token: Option<String>,
    ) -> impl Future<Output = Result<LogPage, AwsError>> + Send;
}
