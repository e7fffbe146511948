//! What SageMaker has for each deployment: the training job its model waits on, the
//! model and configuration under their content-addressed names, the endpoint, what the
//! endpoint runs when that is another configuration (to name the fields an update
//! changes), and the endpoint's other configurations (left over by earlier updates).
//!
//! Deployments are observed concurrently ([`crate::apply::CONCURRENCY`] at a time); one
//! deployment costs four to seven calls.

use std::sync::Arc;

use crate::apply::{CONCURRENCY, JobError, bounded};
use crate::aws::{AwsError, LiveEndpoint, LiveEndpointConfig, LiveJob, LiveModel, SageMakerApi};
use crate::lower::identity::NAME_HASH_LEN;
use crate::plan::is_hashed_name_of;

use super::Deployment;

/// The training job a model waits on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Training {
    /// The model names no training job.
    NotNeeded,
    /// No job has that name (yet).
    Missing {
        /// The job name.
        job: String,
    },
    /// The job, as DescribeTrainingJob says.
    Found(LiveJob),
}

/// What an endpoint runs when that is not the desired configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Running {
    /// Its configuration (`None` when it could not be found: deleted under it).
    pub config: Option<LiveEndpointConfig>,
    /// The model that configuration serves.
    pub model: Option<LiveModel>,
}

/// SageMaker's view of one deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct Live {
    /// The training job the model waits on.
    pub training: Training,
    /// The desired model, if it exists.
    pub model: Option<LiveModel>,
    /// Whether the desired configuration exists.
    pub config_exists: bool,
    /// The endpoint, if it exists.
    pub endpoint: Option<LiveEndpoint>,
    /// What the endpoint runs, when it exists on another configuration.
    pub running: Option<Running>,
    /// The endpoint's other configurations (`<base>-<12 hex>`, not the desired one), by name.
    pub other_configs: Vec<String>,
}

/// Asks SageMaker about every deployment; one [`Live`] each, in order.
pub async fn observe<A>(api: &Arc<A>, deployments: &[Deployment]) -> Result<Vec<Live>, Vec<JobError>>
where
    A: SageMakerApi + 'static,
{
    let observed = bounded(deployments.to_vec(), CONCURRENCY, |deployment| {
        let api = Arc::clone(api);
        async move {
            let live = observe_one(api.as_ref(), &deployment).await;
            (deployment, live)
        }
    })
    .await;
    let mut lives = Vec::new();
    let mut errors = Vec::new();
    for outcome in observed {
        match outcome {
            Some((_, Ok(live))) => lives.push(live),
            Some((deployment, Err(error))) => errors.push(JobError {
                manifest: deployment.manifest.clone(),
                job: Some(deployment.endpoint.name.clone()),
                message: error.to_string(),
            }),
            None => errors.push(JobError {
                manifest: String::new(),
                job: None,
                message: "an AWS call ended unexpectedly".into(),
            }),
        }
    }
    if errors.is_empty() { Ok(lives) } else { Err(errors) }
}

/// One deployment's [`Live`].
pub async fn observe_one<A: SageMakerApi>(api: &A, deployment: &Deployment) -> Result<Live, AwsError> {
    let region = deployment.region.as_str();
    let training = training(api, region, deployment.model.trained_by.as_deref()).await?;
    let model = api.describe_model(region, &deployment.model.name).await?;
    let config_exists = api.describe_endpoint_config(region, &deployment.config.name).await?.is_some();
    let endpoint = api.describe_endpoint(region, &deployment.endpoint.name).await?;
    let running_name = endpoint
        .as_ref()
        .and_then(|endpoint| endpoint.config_name.clone())
        .filter(|name| *name != deployment.config.name);
    let running = match running_name {
        Some(name) => Some(running(api, region, &name).await?),
        None => None,
    };
    let in_use = endpoint.as_ref().and_then(|endpoint| endpoint.config_name.as_deref());
    let other_configs = other_configs(api, deployment, in_use).await?;
    Ok(Live { training, model, config_exists, endpoint, running, other_configs })
}

/// The training job `job`, when the model names one.
pub async fn training<A: SageMakerApi>(api: &A, region: &str, job: Option<&str>) -> Result<Training, AwsError> {
    let Some(job) = job else { return Ok(Training::NotNeeded) };
    Ok(match api.describe_training_job(region, job).await? {
        Some(live) => Training::Found(live),
        None => Training::Missing { job: job.to_owned() },
    })
}

/// The configuration `name` and the model it serves.
async fn running<A: SageMakerApi>(api: &A, region: &str, name: &str) -> Result<Running, AwsError> {
    let config = api.describe_endpoint_config(region, name).await?;
    let model_name = config.as_ref().and_then(|config| config.variants.first()).map(|v| v.model_name.clone());
    let model = match model_name.filter(|name| !name.is_empty()) {
        Some(model_name) => api.describe_model(region, &model_name).await?,
        None => None,
    };
    Ok(Running { config, model })
}

/// The endpoint's configurations other than the desired one and `in_use`, by name: those
/// named `<base>-<12 hex>`.
pub async fn other_configs<A: SageMakerApi>(
    api: &A,
    deployment: &Deployment,
    in_use: Option<&str>,
) -> Result<Vec<String>, AwsError> {
    let base = deployment.config.base.as_str();
    let mut names: Vec<String> = api
        .list_endpoint_configs(&deployment.region, base)
        .await?
        .into_iter()
        .map(|summary| summary.name)
        .filter(|name| is_hashed_name_of(name, base, NAME_HASH_LEN))
        .filter(|name| *name != deployment.config.name && Some(name.as_str()) != in_use)
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}
