//! Apply: carry a plan out (default buckets, code uploads, the missing jobs), then
//! optionally follow the jobs it names to their end, then deploy ([`deploy`]: models,
//! endpoint configurations, endpoints; `crate::deploy`). Confirmation and printing are
//! the command's; this returns data.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::runtime::Runtime;

use crate::apply::wait::{Finished, Followed, POLL_INTERVAL, WaitView, wait_all};
use crate::apply::{JobResult, Outcome, execute};
use crate::aws::Aws;
use crate::deploy::endpoint_wait::Pace;
use crate::deploy::execute::{DeployResult, execute as execute_deployments};
use crate::plan::JobKind;

use super::plan::Prepared;

/// What an apply did.
#[derive(Clone, Debug, Serialize)]
pub struct Applied {
    /// One result per desired job, in manifest order.
    pub results: Vec<JobResult>,
    /// How long it took.
    #[serde(skip)]
    pub elapsed: Duration,
}

impl Applied {
    /// How many results have the outcome `wanted` picks.
    pub fn count(&self, wanted: impl Fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|r| wanted(&r.outcome)).count()
    }

    /// How many jobs failed to be created.
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }
}

/// Creates what `prepared.plan` says is missing; `report` sees each result as it comes.
pub fn apply(runtime: &Runtime, prepared: &Prepared, report: &mut (dyn FnMut(&JobResult) + Send)) -> Applied {
    let started = Instant::now();
    let results = runtime.block_on(execute(&prepared.aws, &prepared.desired, &prepared.plan, report));
    Applied { results, elapsed: started.elapsed() }
}

/// The jobs `--wait` follows (training and tuning): every desired job that exists now (all of them when
/// nothing was applied), and the training jobs whose models the deployments serve (the
/// model is created once its job has completed).
pub fn to_follow(prepared: &Prepared, applied: Option<&Applied>) -> Vec<Followed> {
    let exists = |kind: JobKind, name: &str| {
        applied.is_none_or(|applied| {
            applied.results.iter().any(|r| r.kind == kind && r.job == name && !matches!(r.outcome, Outcome::Failed(_)))
        })
    };
    let mut followed: Vec<Followed> = prepared
        .desired
        .iter()
        .filter(|job| exists(job.kind(), &job.name))
        .map(|job| Followed { region: job.region.clone(), name: job.name.clone(), kind: job.kind() })
        .collect();
    for deployment in &prepared.deployments {
        let Some(job) = &deployment.model.trained_by else { continue };
        let known = prepared.desired.iter().any(|d| d.kind() == JobKind::TrainingJob && d.name == *job);
        if !known && !followed.iter().any(|f| f.kind == JobKind::TrainingJob && f.name == *job) {
            followed.push(Followed {
                region: deployment.region.clone(),
                name: job.clone(),
                kind: JobKind::TrainingJob,
            });
        }
    }
    followed
}

/// Follows `jobs` until each ends, showing events on `view`; `None` when interrupted
/// (Ctrl-C), which leaves the jobs running.
pub fn follow(runtime: &Runtime, aws: &Arc<Aws>, jobs: &[Followed], view: &mut dyn WaitView) -> Option<Vec<Finished>> {
    if jobs.is_empty() {
        return Some(Vec::new());
    }
    let started = tokio::time::Instant::now();
    let elapsed = move || started.elapsed();
    runtime.block_on(async {
        tokio::select! {
            finished = wait_all(aws.as_ref(), jobs, POLL_INTERVAL, &elapsed, view) => Some(finished),
            _ = tokio::signal::ctrl_c() => None,
        }
    })
}

/// Deploys every desired deployment (`crate::deploy::execute`); `report` sees each
/// deployment's results as it finishes. `None` when interrupted (Ctrl-C), which leaves
/// SageMaker finishing what was started.
pub fn deploy(
    runtime: &Runtime,
    prepared: &Prepared,
    report: &mut (dyn FnMut(&Vec<DeployResult>) + Send),
) -> Option<Vec<DeployResult>> {
    if prepared.deployments.is_empty() {
        return Some(Vec::new());
    }
    runtime.block_on(async {
        tokio::select! {
            results = execute_deployments(&prepared.aws, &prepared.deployments, Pace::ENDPOINT, report) => Some(results),
            _ = tokio::signal::ctrl_c() => None,
        }
    })
}
