//! The only code that talks to AWS.
//!
//! Everything above this module sees AWS through four small traits, so it can be tested
//! with a fake ([`SageMakerApi`], [`ObjectStore`], [`Identity`], [`LogSource`]), and
//! through plain data ([`LiveJob`], [`LiveTuning`], [`JobSummary`], [`LogPage`],
//! [`AwsError`]); no SDK type but the `CreateTrainingJob` and
//! `CreateHyperParameterTuningJob` input builders (what `crate::lower` produces) crosses
//! the boundary. [`client::Aws`] implements all four with the AWS SDK for Rust
//! ([`client`] owns configuration: credentials chain, region, profile, endpoint
//! overrides, retries and timeouts).
//!
//! Every call takes the region, because manifests may name different regions; the real
//! client keeps one SDK client per region and service.
//!
//! To support a new AWS call: add a method to the trait that owns that service, return
//! plain data defined here, implement it in [`client`], and give the fakes in tests an
//! answer for it.

pub mod client;
pub mod error;
#[cfg(test)]
pub(crate) mod fake;

use std::future::Future;

use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;

pub use client::{Aws, AwsOptions};
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
    /// Creation time, seconds since the Unix epoch.
    pub created_epoch_seconds: Option<i64>,
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

/// How a CreateTrainingJob or CreateHyperParameterTuningJob call ended, when it did not
/// fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateOutcome {
    /// The job was created.
    Created,
    /// A job with that name already exists (`ResourceInUse`): someone else created it.
    AlreadyExists,
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
    /// (`crate::ops::import`).
    fn describe_training_input(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<CreateTrainingJobInputBuilder>, AwsError>> + Send;
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

    /// GetObject: the object's bytes (`sagespec import --code` downloads code tarballs).
    fn get_object(
        &self,
        region: &str,
        bucket: &str,
        key: &str,
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
