//! The deployment half of the plan: for each model, endpoint configuration and endpoint,
//! create, update (with the fields it changes) or up to date; and the configurations an
//! apply deletes. Pure: [`decide`] sees the desired deployments and SageMaker's view
//! ([`super::observe`]) and is the only place that decides.
//!
//! - A model or a configuration is named by its content: it is up to date when it exists
//!   under its name, else created. A model that serves a training job's artifact is
//!   created once that job has completed; the plan says what it waits on.
//! - An endpoint is created when missing, up to date when it runs the desired
//!   configuration, and otherwise updated to it.
//! - The configuration an update replaces is deleted once the endpoint is `InService` on
//!   the new one; older configurations of the endpoint that nothing runs are deleted too.

use std::collections::{BTreeSet, HashSet};
use std::hash::BuildHasher;

use serde::Serialize;

use super::changes::changes;
use super::observe::{Live, Training};
use super::{Deployment, ResourceKind};
use crate::aws::JobStatus;
use crate::change::Change;

/// What apply would do for one deployment resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum DeployAction {
    /// It does not exist: create it.
    Create {
        /// What it waits on first, when anything (a training job that has not completed).
        #[serde(skip_serializing_if = "Option::is_none")]
        after: Option<String>,
    },
    /// It exists as wanted.
    UpToDate {
        /// The endpoint's status (models and configurations have none).
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<String>,
    },
    /// The endpoint runs another configuration: switch it with UpdateEndpoint.
    Update {
        /// The configuration it runs now.
        from: String,
        /// The configuration it will run.
        to: String,
    },
    /// A configuration of the endpoint that will not be needed: delete it.
    Delete {
        /// Why.
        reason: String,
    },
}

/// One deployment resource and its action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeployEntry {
    /// Its name.
    pub resource: String,
    /// What it is.
    pub kind: ResourceKind,
    /// The manifest.
    pub manifest: String,
    /// The region.
    pub region: String,
    /// What to do.
    #[serde(flatten)]
    pub action: DeployAction,
}

/// The fields an endpoint's update changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndpointUpdate {
    /// The endpoint.
    pub endpoint: String,
    /// The manifest.
    pub manifest: String,
    /// The changed fields, configuration name first.
    pub changes: Vec<Change>,
}

/// The deployment half of the plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DeployPlan {
    /// One entry per resource, in manifest order (model, configuration, endpoint, then
    /// the configurations to delete); a model two endpoints share is listed once.
    pub entries: Vec<DeployEntry>,
    /// The endpoint updates, with their changes.
    pub updates: Vec<EndpointUpdate>,
}

/// Why a configuration that an update replaces is deleted.
pub const REPLACED: &str = "replaced: deleted once the endpoint is InService on the new configuration";
/// Why an older configuration is deleted.
pub const LEFT_OVER: &str = "left over by an earlier update; the endpoint does not run it";

/// Decides every deployment action. `jobs_created` names the training jobs the same
/// apply creates (a model waiting on one of those is not blocked).
pub fn decide<S: BuildHasher>(
    deployments: &[Deployment],
    lives: &[Live],
    jobs_created: &HashSet<&str, S>,
) -> DeployPlan {
    let mut plan = DeployPlan::default();
    let mut listed: BTreeSet<(ResourceKind, String, String)> = BTreeSet::new();
    for (deployment, live) in deployments.iter().zip(lives) {
        let mut entry = |plan: &mut DeployPlan, kind: ResourceKind, resource: &str, action: DeployAction| {
            if listed.insert((kind, deployment.region.clone(), resource.to_owned())) {
                plan.entries.push(DeployEntry {
                    resource: resource.to_owned(),
                    kind,
                    manifest: deployment.manifest.clone(),
                    region: deployment.region.clone(),
                    action,
                });
            }
        };
        let model = match live.model {
            Some(_) => DeployAction::UpToDate { status: None },
            None => DeployAction::Create { after: waits_on(&live.training, jobs_created) },
        };
        entry(&mut plan, ResourceKind::Model, &deployment.model.name, model);
        let config = if live.config_exists {
            DeployAction::UpToDate { status: None }
        } else {
            DeployAction::Create { after: None }
        };
        entry(&mut plan, ResourceKind::EndpointConfig, &deployment.config.name, config);
        let running =
            live.endpoint.as_ref().map(|endpoint| (endpoint, endpoint.config_name.clone().unwrap_or_default()));
        let endpoint = match &running {
            None => DeployAction::Create { after: None },
            Some((endpoint, running)) if *running == deployment.config.name => {
                DeployAction::UpToDate { status: Some(endpoint.status.to_string()) }
            }
            Some((_, running)) => DeployAction::Update { from: running.clone(), to: deployment.config.name.clone() },
        };
        if let (DeployAction::Update { from, .. }, Some(now)) = (&endpoint, &live.running) {
            plan.updates.push(EndpointUpdate {
                endpoint: deployment.endpoint.name.clone(),
                manifest: deployment.manifest.clone(),
                changes: changes(deployment, from, now),
            });
        }
        let replaced = match &endpoint {
            DeployAction::Update { from, .. } if !from.is_empty() => Some(from.clone()),
            _ => None,
        };
        entry(&mut plan, ResourceKind::Endpoint, &deployment.endpoint.name, endpoint);
        if let Some(replaced) = replaced {
            entry(&mut plan, ResourceKind::EndpointConfig, &replaced, DeployAction::Delete { reason: REPLACED.into() });
        }
        for old in &live.other_configs {
            entry(&mut plan, ResourceKind::EndpointConfig, old, DeployAction::Delete { reason: LEFT_OVER.into() });
        }
    }
    plan
}

/// What a model to create waits on: nothing, a training job that has not completed, or
/// one that cannot complete.
fn waits_on<S: BuildHasher>(training: &Training, jobs_created: &HashSet<&str, S>) -> Option<String> {
    match training {
        Training::NotNeeded => None,
        Training::Found(job) if job.status == JobStatus::Completed => None,
        Training::Found(job) if job.status.is_terminal() => {
            Some(format!("training job {} ended {}: it has no model to serve", job.name, job.status))
        }
        Training::Found(job) => Some(format!("training job {} to complete ({})", job.name, job.status)),
        Training::Missing { job } if jobs_created.contains(job.as_str()) => {
            Some(format!("training job {job} to complete (created by this apply)"))
        }
        Training::Missing { job } => {
            Some(format!("training job {job}, which does not exist: apply its TrainingJob manifest too"))
        }
    }
}

impl DeployPlan {
    /// How many resources have the action `wanted` picks.
    pub fn count(&self, wanted: impl Fn(&DeployAction) -> bool) -> usize {
        self.entries.iter().filter(|entry| wanted(&entry.action)).count()
    }
}
