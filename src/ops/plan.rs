//! Plan: validate and compile the manifests for AWS, then ask SageMaker about each job
//! (training or tuning) and each deployment (model, endpoint configuration, endpoint:
//! [`crate::deploy`]) and decide what `apply` would do ([`crate::plan::Plan`]); for a new
//! job that replaces an older one, read the older job's request to show what changes
//! ([`crate::apply::replaced`]). Only the manifests the user names (or that their folders
//! hold) are desired: a TrainingJob that a TuningJob names is compiled into the tuning job
//! as its template, and runs on its own only when it is itself among them
//! ([`mark_applied_templates`]). `apply` and `status` start from the same [`prepare`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::runtime::Runtime;

use crate::apply::{JobError, observe, replaced};
use crate::aws::{Aws, AwsOptions, Identity};
use crate::deploy::{self, Deployment};
use crate::diagnostic::FileReport;
use crate::discover::DiscoverError;
use crate::plan::{DesiredJob, JobKind, Plan};

use super::compile::{Settings, compile_each};
use super::validate::{Valid, validate_paths};

/// What `plan` knows once it has asked SageMaker.
pub struct Prepared {
    /// The AWS clients.
    pub aws: Arc<Aws>,
    /// The desired jobs, in manifest order.
    pub desired: Vec<DesiredJob>,
    /// The desired deployments (Endpoint manifests), in manifest order.
    pub deployments: Vec<Deployment>,
    /// The plan (empty when the live state was not asked for).
    pub plan: Plan,
    /// The reports of the manifests (warnings only: with errors, [`PrepareError::Findings`]).
    pub reports: Vec<FileReport>,
}

/// Why nothing could be planned.
#[derive(Debug)]
pub enum PrepareError {
    /// A path could not be used.
    Discover(DiscoverError),
    /// Some manifest has errors: every report, warnings included.
    Findings(Vec<FileReport>),
    /// Some manifest could not be compiled, or SageMaker could not be asked.
    Jobs(Vec<JobError>),
}

/// Validates, compiles (asking STS for the account where the default bucket needs it) and,
/// with `observe_live`, asks SageMaker about every job.
pub fn prepare(
    paths: &[PathBuf],
    options: &AwsOptions,
    runtime: &Runtime,
    observe_live: bool,
) -> Result<Prepared, PrepareError> {
    let validated = validate_paths(paths).map_err(PrepareError::Discover)?;
    if validated.has_errors {
        return Err(PrepareError::Findings(validated.reports));
    }
    let aws = Arc::new(runtime.block_on(Aws::connect(options)));
    let settings = Settings { region: aws.default_region(), account_id: None };
    let mut account = |region: &str| runtime.block_on(aws.account_id(region)).map_err(|error| error.to_string());
    let mut desired = Vec::new();
    let mut deployments = Vec::new();
    let mut errors = Vec::new();
    compile_each(&validated.manifests, &settings, Some(&mut account), |valid, outcome| match outcome {
        Ok(compiled) => {
            desired.extend(compiled.jobs);
            deployments.extend(compiled.deployments);
        }
        Err(error) => errors.push(JobError { manifest: valid.display.clone(), job: None, message: error.to_string() }),
    });
    if !errors.is_empty() {
        return Err(PrepareError::Jobs(errors));
    }
    mark_applied_templates(&mut desired, &validated.manifests);
    let plan = if observe_live {
        let observed = runtime.block_on(observe(&aws, &desired)).map_err(PrepareError::Jobs)?;
        let lives = runtime.block_on(deploy::observe::observe(&aws, &deployments)).map_err(PrepareError::Jobs)?;
        let plan = Plan::new(&desired, &observed);
        let replaced = runtime.block_on(replaced::read_replaced(&aws, &desired, &plan));
        let plan = replaced::with_changes(plan, &desired, &replaced);
        let created: HashSet<&str> =
            plan.to_create().filter(|(kind, _)| *kind == JobKind::TrainingJob).map(|(_, name)| name).collect();
        let deploy = deploy::plan::decide(&deployments, &lives, &created);
        plan.with_deployments(deploy)
    } else {
        Plan::default()
    };
    Ok(Prepared { aws, desired, deployments, plan, reports: validated.reports })
}

/// Marks each tuning job's template as applied when that TrainingJob manifest is among
/// the run's own manifests (named, or found in an applied folder): then its own training
/// job is desired too. Paths are compared canonically, so `specs/a.yaml` and
/// `./specs/../specs/a.yaml` are one file.
pub fn mark_applied_templates(desired: &mut [DesiredJob], manifests: &[Valid]) {
    let canonical = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let applied: HashSet<PathBuf> = manifests.iter().map(|valid| canonical(&valid.path)).collect();
    for job in desired {
        if let Some(template) = &mut job.template {
            template.applied = applied.contains(&canonical(&template.path));
        }
    }
}
