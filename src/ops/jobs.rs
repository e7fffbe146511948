//! Following jobs: `status`, `stop` and `logs` name jobs directly, or by the manifests
//! that declare them. A manifest's job is found in the manifest's own region; a bare job
//! name in the default region (`--region`, or the AWS config chain).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::runtime::Runtime;

use crate::apply::{CONCURRENCY, bounded};
use crate::aws::{Aws, AwsError, AwsOptions, LiveJob, SageMakerApi};

use super::plan::{PrepareError, prepare};

/// A job, with the region it lives in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRef {
    /// The region.
    pub region: String,
    /// The job name.
    pub name: String,
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
        jobs.extend(prepared.desired.iter().map(|job| JobRef { region: job.region.clone(), name: job.name.clone() }));
        prepared.aws
    };
    if !names.is_empty() {
        let region = aws.default_region().ok_or(TargetError::NoRegion)?;
        jobs.extend(names.into_iter().map(|name| JobRef { region: region.clone(), name: name.clone() }));
    }
    Ok((aws, jobs))
}

/// Each job's live state (`Ok(None)`: not found), asked concurrently, in order. `None` for
/// a call whose task was lost.
pub fn status(runtime: &Runtime, aws: &Arc<Aws>, jobs: &[JobRef]) -> Vec<Option<Result<Option<LiveJob>, AwsError>>> {
    runtime.block_on(bounded(jobs.to_vec(), CONCURRENCY, |job| {
        let aws = Arc::clone(aws);
        async move { aws.describe_training_job(&job.region, &job.name).await }
    }))
}

/// Asks SageMaker to stop each job, concurrently, in order. `None` for a call whose task
/// was lost.
pub fn stop(runtime: &Runtime, aws: &Arc<Aws>, jobs: &[JobRef]) -> Vec<Option<Result<(), AwsError>>> {
    runtime.block_on(bounded(jobs.to_vec(), CONCURRENCY, |job| {
        let aws = Arc::clone(aws);
        async move { aws.stop_training_job(&job.region, &job.name).await }
    }))
}
