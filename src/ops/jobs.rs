//! Following jobs: `status`, `stop` and `logs` name jobs directly, or by the manifests
//! that declare them. A manifest's job is found in the manifest's own region; a bare job
//! name in the default region (`--region`, or the AWS config chain).
//!
//! A manifest says what kind of job it declares (training or tuning). A bare name does
//! not, and SageMaker keeps training and tuning jobs apart, so a bare name is looked up
//! as a training job first (DescribeTrainingJob) and, when no training job has that name,
//! as a tuning job (DescribeHyperParameterTuningJob) ([`find`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::runtime::Runtime;

use crate::apply::{CONCURRENCY, bounded};
use crate::aws::{Aws, AwsError, AwsOptions, LiveJob, LiveTuning, SageMakerApi};
use crate::plan::JobKind;

use super::plan::{PrepareError, prepare};

/// A job, with the region it lives in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRef {
    /// The region.
    pub region: String,
    /// The job name.
    pub name: String,
    /// Its kind, when a manifest said it; `None` for a bare name (see [`find`]).
    pub kind: Option<JobKind>,
}

/// What SageMaker says about a job of either kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Live {
    /// A training job.
    Training(LiveJob),
    /// A hyper-parameter tuning job.
    Tuning(LiveTuning),
}

/// Why the targets could not be turned into jobs.
#[derive(Debug)]
pub enum TargetError {
    /// A manifest could not be validated or compiled.
    Prepare(PrepareError),
    /// A job name was given and no default region is known.
    NoRegion,
}

/// The jobs `targets` name, and the AWS clients to ask about them. A target that is an
/// existing file or folder is read as manifests (their jobs, each in its manifest's
/// region); any other target is a job name in the default region.
pub fn jobs(
    targets: &[String],
    options: &AwsOptions,
    runtime: &Runtime,
) -> Result<(Arc<Aws>, Vec<JobRef>), TargetError> {
    let (paths, names): (Vec<&String>, Vec<&String>) = targets.iter().partition(|t| Path::new(t).exists());
    let mut jobs = Vec::new();
    let aws = if paths.is_empty() {
        Arc::new(runtime.block_on(Aws::connect(options)))
    } else {
        let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
        let prepared = prepare(&paths, options, runtime, false).map_err(TargetError::Prepare)?;
        jobs.extend(prepared.desired.iter().map(|job| JobRef {
            region: job.region.clone(),
            name: job.name.clone(),
            kind: Some(job.kind()),
        }));
        prepared.aws
    };
    if !names.is_empty() {
        let region = aws.default_region().ok_or(TargetError::NoRegion)?;
        jobs.extend(names.into_iter().map(|name| JobRef { region: region.clone(), name: name.clone(), kind: None }));
    }
    Ok((aws, jobs))
}

/// The live state of `job` (`Ok(None)`: not found). A job of unknown kind is a training
/// job when DescribeTrainingJob finds it, else a tuning job when
/// DescribeHyperParameterTuningJob does.
pub async fn find<A: SageMakerApi>(api: &A, job: &JobRef) -> Result<Option<Live>, AwsError> {
    if job.kind != Some(JobKind::TuningJob) {
        if let Some(live) = api.describe_training_job(&job.region, &job.name).await? {
            return Ok(Some(Live::Training(live)));
        }
        if job.kind == Some(JobKind::TrainingJob) {
            return Ok(None);
        }
    }
    Ok(api.describe_tuning_job(&job.region, &job.name).await?.map(Live::Tuning))
}

/// Each job's live state (`Ok(None)`: not found), asked concurrently, in order. `None` for
/// a call whose task was lost.
pub fn status(runtime: &Runtime, aws: &Arc<Aws>, jobs: &[JobRef]) -> Vec<Option<Result<Option<Live>, AwsError>>> {
    runtime.block_on(bounded(jobs.to_vec(), CONCURRENCY, |job| {
        let aws = Arc::clone(aws);
        async move { find(aws.as_ref(), &job).await }
    }))
}

/// Asks SageMaker to stop each job, concurrently, in order (a bare name is found first,
/// as [`find`] does). `None` for a call whose task was lost.
pub fn stop(runtime: &Runtime, aws: &Arc<Aws>, jobs: &[JobRef]) -> Vec<Option<Result<(), AwsError>>> {
    runtime.block_on(bounded(jobs.to_vec(), CONCURRENCY, |job| {
        let aws = Arc::clone(aws);
        async move {
            let kind = match job.kind {
                Some(kind) => kind,
                None => match find(aws.as_ref(), &job).await? {
                    Some(Live::Tuning(_)) => JobKind::TuningJob,
                    Some(Live::Training(_)) | None => JobKind::TrainingJob,
                },
            };
            match kind {
                JobKind::TrainingJob => aws.stop_training_job(&job.region, &job.name).await,
                JobKind::TuningJob => aws.stop_tuning_job(&job.region, &job.name).await,
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::fake::FakeAws;
    use crate::aws::{JobStatus, TrainingCounters};

    fn tuning(name: &str) -> LiveTuning {
        LiveTuning {
            name: name.into(),
            status: JobStatus::InProgress,
            counters: TrainingCounters::default(),
            best: None,
            failure_reason: None,
        }
    }

    fn training(name: &str) -> LiveJob {
        LiveJob {
            name: name.into(),
            status: JobStatus::Completed,
            secondary_status: None,
            transitions: vec![],
            failure_reason: None,
        }
    }

    fn bare(name: &str, kind: Option<JobKind>) -> JobRef {
        JobRef { region: "us-west-2".into(), name: name.into(), kind }
    }

    #[tokio::test]
    async fn a_bare_name_is_a_training_job_first_then_a_tuning_job() {
        let api = FakeAws::default()
            .describing("both", vec![Ok(training("both"))])
            .describing_tuning("both", vec![Ok(tuning("both"))])
            .describing_tuning("hpo", vec![Ok(tuning("hpo"))]);
        assert!(matches!(find(&api, &bare("both", None)).await, Ok(Some(Live::Training(_)))));
        assert!(matches!(find(&api, &bare("hpo", None)).await, Ok(Some(Live::Tuning(_)))));
        assert!(matches!(find(&api, &bare("none", None)).await, Ok(None)));
    }

    #[tokio::test]
    async fn a_manifests_kind_decides_which_describe_is_asked() {
        let api = FakeAws::default()
            .describing("both", vec![Ok(training("both"))])
            .describing_tuning("both", vec![Ok(tuning("both"))])
            .describing_tuning("hpo", vec![Ok(tuning("hpo"))]);
        assert!(matches!(find(&api, &bare("both", Some(JobKind::TuningJob))).await, Ok(Some(Live::Tuning(_)))));
        assert!(matches!(find(&api, &bare("hpo", Some(JobKind::TrainingJob))).await, Ok(None)));
    }
}
