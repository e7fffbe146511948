//! Carrying deployments out: each deployment's steps in order, deployments concurrently
//! ([`crate::apply::CONCURRENCY`] at a time). Every step looks before it acts, so an
//! apply that was interrupted, or that races another, picks up where things are:
//!
//! 1. **Model.** Up to date when it exists. Otherwise the training job it serves must have
//!    completed (else the deployment waits, or fails when the job cannot complete); the
//!    repacked artifact or code tarball is uploaded unless its content-addressed key
//!    exists; then CreateModel.
//! 2. **Configuration.** CreateEndpointConfig unless it exists.
//! 3. **Endpoint.** Once SageMaker is done with it ([`super::endpoint_wait`]):
//!    CreateEndpoint when missing, UpdateEndpoint when it runs another configuration,
//!    nothing when it runs this one. Then follow it until it settles.
//! 4. **Clean-up**, only when the endpoint is `InService` on the new configuration: delete
//!    the configuration it replaced and older ones of the endpoint that nothing runs. A
//!    failed update leaves the old configuration in place and reports SageMaker's reason.
//!
//! A Create that meets its name taken counts as up to date (names are content-addressed).

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Serialize;

use super::endpoint_wait::{Pace, Settled, settle};
use super::observe::{Training, other_configs, training};
use super::{Artifact, Deployment, ResourceKind};
use crate::apply::{CONCURRENCY, bounded_reporting};
use crate::aws::{AwsError, CreateOutcome, EndpointStatus, JobStatus, ObjectStore, SageMakerApi};
use crate::repack::{Limits, repack};

/// What happened to one deployment resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "outcome", content = "message")]
pub enum DeployOutcome {
    /// Created now.
    Created,
    /// The endpoint was switched to its new configuration.
    Updated,
    /// Existed already as wanted.
    UpToDate,
    /// Deleted (or found gone).
    Deleted,
    /// Not created yet: what it waits on.
    Waiting(String),
    /// Not done: why.
    Failed(String),
}

/// One resource's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeployResult {
    /// The resource.
    pub resource: String,
    /// What it is.
    pub kind: ResourceKind,
    /// Its manifest.
    pub manifest: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: DeployOutcome,
}

/// Deploys every deployment; `report` sees each deployment's results as it finishes.
/// Results in deployment order.
pub async fn execute<A>(
    api: &Arc<A>,
    deployments: &[Deployment],
    pace: Pace,
    report: &mut (dyn FnMut(&Vec<DeployResult>) + Send),
) -> Vec<DeployResult>
where
    A: SageMakerApi + ObjectStore + 'static,
{
    let done = bounded_reporting(
        deployments.to_vec(),
        CONCURRENCY,
        |deployment| {
            let api = Arc::clone(api);
            async move {
                let mut steps = Steps { deployment: &deployment, results: Vec::new() };
                steps.run(api.as_ref(), pace).await;
                steps.results
            }
        },
        report,
    )
    .await;
    done.into_iter()
        .zip(deployments)
        .flat_map(|(results, deployment)| {
            results.unwrap_or_else(|| {
                vec![DeployResult {
                    resource: deployment.endpoint.name.clone(),
                    kind: ResourceKind::Endpoint,
                    manifest: deployment.manifest.clone(),
                    outcome: DeployOutcome::Failed("the deployment ended unexpectedly".into()),
                }]
            })
        })
        .collect()
}

/// One deployment's steps and their results so far.
struct Steps<'a> {
    deployment: &'a Deployment,
    results: Vec<DeployResult>,
}

/// A step that stops the deployment: its result was recorded.
struct Stop;

impl Steps<'_> {
    async fn run<A: SageMakerApi + ObjectStore>(&mut self, api: &A, pace: Pace) {
        let _ = self.steps(api, pace).await;
    }

    async fn steps<A: SageMakerApi + ObjectStore>(&mut self, api: &A, pace: Pace) -> Result<(), Stop> {
        self.model(api).await?;
        self.config(api).await?;
        let replaced = self.endpoint(api, pace).await?;
        self.clean_up(api, replaced).await;
        Ok(())
    }

    fn record(&mut self, kind: ResourceKind, resource: &str, outcome: DeployOutcome) {
        self.results.push(DeployResult {
            resource: resource.to_owned(),
            kind,
            manifest: self.deployment.manifest.clone(),
            outcome,
        });
    }

    /// Records a failure of `resource` and stops.
    fn fail(&mut self, kind: ResourceKind, resource: &str, message: impl Into<String>) -> Stop {
        self.record(kind, resource, DeployOutcome::Failed(message.into()));
        Stop
    }

    async fn model<A: SageMakerApi + ObjectStore>(&mut self, api: &A) -> Result<(), Stop> {
        let deployment = self.deployment;
        let (region, name) = (deployment.region.as_str(), deployment.model.name.as_str());
        let kind = ResourceKind::Model;
        match api.describe_model(region, name).await {
            Ok(Some(_)) => {
                self.record(kind, name, DeployOutcome::UpToDate);
                return Ok(());
            }
            Ok(None) => {}
            Err(error) => return Err(self.fail(kind, name, error.to_string())),
        }
        match training(api, region, deployment.model.trained_by.as_deref()).await {
            Ok(Training::NotNeeded) => {}
            Ok(Training::Found(job)) if job.status == JobStatus::Completed => {}
            Ok(Training::Found(job)) if job.status.is_terminal() => {
                let reason = job.failure_reason.map(|r| format!(": {r}")).unwrap_or_default();
                let message =
                    format!("training job {} ended {}{reason}; there is no model to serve", job.name, job.status);
                return Err(self.fail(kind, name, message));
            }
            Ok(Training::Found(job)) => {
                let message = format!(
                    "training job {} is {}; apply again once it has completed, or pass --wait",
                    job.name, job.status
                );
                self.record(kind, name, DeployOutcome::Waiting(message));
                return Err(Stop);
            }
            Ok(Training::Missing { job }) => {
                let message = format!("training job {job} does not exist: apply its TrainingJob manifest too");
                return Err(self.fail(kind, name, message));
            }
            Err(error) => return Err(self.fail(kind, name, error.to_string())),
        }
        if let Some(bucket) = &deployment.default_bucket
            && let Err(error) = api.ensure_bucket(region, bucket).await
        {
            return Err(self.fail(kind, name, error.to_string()));
        }
        if let Err(message) = upload(api, region, &deployment.model.artifact).await {
            return Err(self.fail(kind, name, message));
        }
        match api.create_model(region, deployment.model.input.clone()).await {
            Ok(CreateOutcome::Created) => self.record(kind, name, DeployOutcome::Created),
            Ok(CreateOutcome::AlreadyExists) => self.record(kind, name, DeployOutcome::UpToDate),
            Err(error) => return Err(self.fail(kind, name, error.to_string())),
        }
        Ok(())
    }

    async fn config<A: SageMakerApi>(&mut self, api: &A) -> Result<(), Stop> {
        let deployment = self.deployment;
        let (region, name) = (deployment.region.as_str(), deployment.config.name.as_str());
        let kind = ResourceKind::EndpointConfig;
        let outcome = match api.describe_endpoint_config(region, name).await {
            Ok(Some(_)) => DeployOutcome::UpToDate,
            Ok(None) => match api.create_endpoint_config(region, deployment.config.input.clone()).await {
                Ok(CreateOutcome::Created) => DeployOutcome::Created,
                Ok(CreateOutcome::AlreadyExists) => DeployOutcome::UpToDate,
                Err(error) => return Err(self.fail(kind, name, error.to_string())),
            },
            Err(error) => return Err(self.fail(kind, name, error.to_string())),
        };
        self.record(kind, name, outcome);
        Ok(())
    }

    /// Creates or updates the endpoint and follows it; the configuration it replaced.
    async fn endpoint<A: SageMakerApi>(&mut self, api: &A, pace: Pace) -> Result<Option<String>, Stop> {
        let deployment = self.deployment;
        let (region, name) = (deployment.region.as_str(), deployment.endpoint.name.as_str());
        let desired = deployment.config.name.as_str();
        let kind = ResourceKind::Endpoint;
        let (outcome, replaced) = match settle(api, region, name, pace).await {
            Err(error) => return Err(self.fail(kind, name, error.to_string())),
            Ok(Settled::TimedOut(endpoint)) => {
                return Err(self.fail(kind, name, format!("still {} when the wait ended", endpoint.status)));
            }
            Ok(Settled::Gone) => match api.create_endpoint(region, deployment.endpoint.input.clone()).await {
                Ok(CreateOutcome::Created) => (DeployOutcome::Created, None),
                Ok(CreateOutcome::AlreadyExists) => (DeployOutcome::UpToDate, None),
                Err(error) => return Err(self.fail(kind, name, error.to_string())),
            },
            Ok(Settled::Done(endpoint)) if endpoint.config_name.as_deref() == Some(desired) => {
                (DeployOutcome::UpToDate, None)
            }
            Ok(Settled::Done(endpoint)) => match api.update_endpoint(region, name, desired).await {
                Ok(()) => (DeployOutcome::Updated, endpoint.config_name),
                Err(error) => return Err(self.fail(kind, name, error.to_string())),
            },
        };
        match settle(api, region, name, pace).await {
            Ok(Settled::Done(endpoint))
                if endpoint.status == EndpointStatus::InService && endpoint.config_name.as_deref() == Some(desired) =>
            {
                self.record(kind, name, outcome);
                Ok(replaced)
            }
            Ok(Settled::Done(endpoint)) => {
                let reason = endpoint.failure_reason.unwrap_or_else(|| "no reason given".into());
                let running = endpoint.config_name.unwrap_or_default();
                let message = if running == desired {
                    format!("the endpoint is {}: {reason}", endpoint.status)
                } else {
                    format!(
                        "the update to {desired} failed: {reason}; the endpoint is {} on {running}, which is kept",
                        endpoint.status
                    )
                };
                Err(self.fail(kind, name, message))
            }
            Ok(Settled::TimedOut(endpoint)) => {
                Err(self.fail(kind, name, format!("still {} when the wait ended", endpoint.status)))
            }
            Ok(Settled::Gone) => Err(self.fail(kind, name, "the endpoint disappeared while it was being deployed")),
            Err(error) => Err(self.fail(kind, name, error.to_string())),
        }
    }

    /// Deletes the configuration the update replaced and the endpoint's older ones that
    /// nothing runs; the endpoint is `InService` on the desired configuration.
    async fn clean_up<A: SageMakerApi>(&mut self, api: &A, replaced: Option<String>) {
        let deployment = self.deployment;
        let region = deployment.region.as_str();
        let kind = ResourceKind::EndpointConfig;
        let mut doomed: BTreeSet<String> = replaced.into_iter().collect();
        match other_configs(api, deployment, Some(&deployment.config.name)).await {
            Ok(older) => doomed.extend(older),
            Err(error) => self.record(kind, &deployment.config.base, DeployOutcome::Failed(error.to_string())),
        }
        doomed.remove(&deployment.config.name);
        for name in doomed {
            let outcome = match api.delete_endpoint_config(region, &name).await {
                Ok(_) => DeployOutcome::Deleted,
                Err(error) => DeployOutcome::Failed(error.to_string()),
            };
            self.record(kind, &name, outcome);
        }
    }
}

/// Uploads what the model needs first, unless its content-addressed key exists.
async fn upload<A: ObjectStore>(api: &A, region: &str, artifact: &Artifact) -> Result<(), String> {
    let Some(to) = artifact.upload() else { return Ok(()) };
    match api.object_exists(region, &to.bucket, &to.key).await {
        Ok(true) => return Ok(()),
        Ok(false) => {}
        Err(error) => return Err(error.to_string()),
    }
    let bytes = match artifact {
        Artifact::AsWritten => return Ok(()),
        Artifact::Repacked { from, code, .. } => {
            let limit = usize::try_from(Limits::DEFAULT.compressed_bytes).unwrap_or(usize::MAX);
            let model = api
                .get_object(region, &from.bucket, &from.key, limit)
                .await
                .map_err(|error: AwsError| format!("the model artifact {from} could not be read: {error}"))?;
            let code = code.clone();
            tokio::task::spawn_blocking(move || repack(&model, &code))
                .await
                .map_err(|_| "the repack ended unexpectedly".to_owned())?
                .map_err(|error| format!("{from} could not be repacked: {error}"))?
                .bytes
        }
        Artifact::CodeTarball { code, .. } => {
            let code = code.clone();
            tokio::task::spawn_blocking(move || crate::package::pack(&code))
                .await
                .map_err(|_| "packing the code ended unexpectedly".to_owned())?
                .map_err(|error| error.to_string())?
                .bytes
        }
    };
    api.put_object(region, &to.bucket, &to.key, bytes).await.map_err(|error| error.to_string())
}
