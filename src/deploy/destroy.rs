//! `destroy`: everything the Endpoint manifests created, found and deleted.
//!
//! For each deployment, [`find`] collects
//! - the endpoint;
//! - its configurations: the one it runs, the desired one, and every `<base>-<12 hex>`
//!   left by earlier applies;
//! - the models those configurations serve, the desired model, and every
//!   `<model base>-<12 hex>` (earlier versions of the model, which updates leave);
//!
//! and keeps back any configuration or model that an endpoint outside the run still uses
//! (ListEndpoints, then each endpoint's configuration): a model's name is its content, so
//! two endpoints that serve the same model share it.
//!
//! [`delete`] removes endpoints first and follows each until it is gone, then the
//! configurations, then the models, so nothing ever names a resource already deleted.
//! Training jobs are not touched: SageMaker keeps every job.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use super::endpoint_wait::{Pace, Settled, settle};
use super::execute::{DeployOutcome, DeployResult};
use super::{Deployment, ResourceKind};
use crate::apply::{CONCURRENCY, JobError, bounded};
use crate::aws::{AwsError, SageMakerApi};
use crate::lower::identity::NAME_HASH_LEN;
use crate::plan::is_hashed_name_of;

/// The order `destroy` deletes in: nothing is deleted while something still names it.
pub const DELETION_ORDER: [ResourceKind; 3] =
    [ResourceKind::Endpoint, ResourceKind::EndpointConfig, ResourceKind::Model];

/// A resource `destroy` deletes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Doomed {
    /// What it is.
    pub kind: ResourceKind,
    /// The region.
    pub region: String,
    /// Its name.
    pub resource: String,
    /// The manifest that created it.
    pub manifest: String,
}

/// A model or configuration `destroy` leaves, because an endpoint outside the run uses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// What it is.
    pub kind: ResourceKind,
    /// Its name.
    pub resource: String,
    /// The endpoint that uses it.
    pub endpoint: String,
}

/// What `destroy` would delete and what it keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Found {
    /// In [`DELETION_ORDER`], then by region and name.
    pub doomed: Vec<Doomed>,
    /// Configurations and models kept back.
    pub kept: Vec<Kept>,
}

/// Finds everything the deployments created (see the module's documentation).
pub async fn find<A>(api: &Arc<A>, deployments: &[Deployment]) -> Result<Found, Vec<JobError>>
where
    A: SageMakerApi + 'static,
{
    let found = bounded(deployments.to_vec(), CONCURRENCY, |deployment| {
        let api = Arc::clone(api);
        async move {
            let found = find_one(api.as_ref(), &deployment).await;
            (deployment, found)
        }
    })
    .await;
    let mut doomed: Vec<Doomed> = Vec::new();
    let mut errors = Vec::new();
    for outcome in found {
        match outcome {
            Some((_, Ok(resources))) => doomed.extend(resources),
            Some((deployment, Err(error))) => errors.push(error_of(&deployment, &error)),
            None => errors.push(JobError {
                manifest: String::new(),
                job: None,
                message: "an AWS call ended unexpectedly".into(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    doomed.sort_by(|a, b| {
        (DELETION_ORDER.iter().position(|k| *k == a.kind), &a.region, &a.resource).cmp(&(
            DELETION_ORDER.iter().position(|k| *k == b.kind),
            &b.region,
            &b.resource,
        ))
    });
    doomed.dedup_by(|a, b| a.kind == b.kind && a.region == b.region && a.resource == b.resource);
    let regions: BTreeSet<String> = deployments.iter().map(|d| d.region.clone()).collect();
    let mut kept = Vec::new();
    for region in regions {
        let leaving: BTreeSet<&str> = doomed
            .iter()
            .filter(|d| d.kind == ResourceKind::Endpoint && d.region == region)
            .map(|d| d.resource.as_str())
            .collect();
        let used = used_elsewhere(api.as_ref(), &region, &leaving)
            .await
            .map_err(|error| vec![JobError { manifest: String::new(), job: None, message: error.to_string() }])?;
        for d in doomed.iter().filter(|d| d.region == region) {
            if let Some(endpoint) = used.get(&(d.kind, d.resource.clone())) {
                kept.push(Kept { kind: d.kind, resource: d.resource.clone(), endpoint: endpoint.clone() });
            }
        }
    }
    let doomed =
        doomed.into_iter().filter(|d| !kept.iter().any(|k| k.kind == d.kind && k.resource == d.resource)).collect();
    Ok(Found { doomed, kept })
}

fn error_of(deployment: &Deployment, error: &AwsError) -> JobError {
    JobError {
        manifest: deployment.manifest.clone(),
        job: Some(deployment.endpoint.name.clone()),
        message: error.to_string(),
    }
}

/// One deployment's resources.
async fn find_one<A: SageMakerApi>(api: &A, deployment: &Deployment) -> Result<Vec<Doomed>, AwsError> {
    let region = deployment.region.as_str();
    let doomed = |kind, resource: &str| Doomed {
        kind,
        region: region.to_owned(),
        resource: resource.to_owned(),
        manifest: deployment.manifest.clone(),
    };
    let mut out = Vec::new();
    let mut configs: BTreeSet<String> = BTreeSet::new();
    if let Some(endpoint) = api.describe_endpoint(region, &deployment.endpoint.name).await? {
        out.push(doomed(ResourceKind::Endpoint, &endpoint.name));
        configs.extend(endpoint.config_name);
    }
    configs.insert(deployment.config.name.clone());
    let base = deployment.config.base.as_str();
    configs.extend(
        api.list_endpoint_configs(region, base)
            .await?
            .into_iter()
            .map(|summary| summary.name)
            .filter(|name| is_hashed_name_of(name, base, NAME_HASH_LEN)),
    );
    let mut models: BTreeSet<String> = BTreeSet::from([deployment.model.name.clone()]);
    if let Some(base) = &deployment.model.base_name {
        models.extend(
            api.list_models(region, base)
                .await?
                .into_iter()
                .map(|summary| summary.name)
                .filter(|name| is_hashed_name_of(name, base, NAME_HASH_LEN)),
        );
    }
    for name in configs {
        if let Some(config) = api.describe_endpoint_config(region, &name).await? {
            out.push(doomed(ResourceKind::EndpointConfig, &config.name));
            models.extend(config.variants.into_iter().map(|variant| variant.model_name).filter(|m| !m.is_empty()));
        }
    }
    for name in models {
        if let Some(model) = api.describe_model(region, &name).await? {
            out.push(doomed(ResourceKind::Model, &model.name));
        }
    }
    Ok(out)
}

/// The configurations and models that endpoints in `region` other than `leaving` use,
/// each with one such endpoint.
async fn used_elsewhere<A: SageMakerApi>(
    api: &A,
    region: &str,
    leaving: &BTreeSet<&str>,
) -> Result<BTreeMap<(ResourceKind, String), String>, AwsError> {
    let mut used = BTreeMap::new();
    for summary in api.list_endpoints(region, "").await? {
        if leaving.contains(summary.name.as_str()) {
            continue;
        }
        let Some(endpoint) = api.describe_endpoint(region, &summary.name).await? else { continue };
        let Some(config_name) = endpoint.config_name else { continue };
        used.entry((ResourceKind::EndpointConfig, config_name.clone())).or_insert_with(|| endpoint.name.clone());
        let Some(config) = api.describe_endpoint_config(region, &config_name).await? else { continue };
        for variant in config.variants {
            used.entry((ResourceKind::Model, variant.model_name)).or_insert_with(|| endpoint.name.clone());
        }
    }
    Ok(used)
}

/// Deletes `doomed`: endpoints (each followed until gone), then configurations, then
/// models, each stage [`CONCURRENCY`] at a time. One result per resource, in order.
pub async fn delete<A>(api: &Arc<A>, doomed: &[Doomed], pace: Pace) -> Vec<DeployResult>
where
    A: SageMakerApi + 'static,
{
    let mut results = Vec::new();
    for kind in DELETION_ORDER {
        let stage: Vec<Doomed> = doomed.iter().filter(|d| d.kind == kind).cloned().collect();
        let done = bounded(stage.clone(), CONCURRENCY, |resource| {
            let api = Arc::clone(api);
            async move {
                let outcome = delete_one(api.as_ref(), &resource, pace).await;
                DeployResult { resource: resource.resource, kind: resource.kind, manifest: resource.manifest, outcome }
            }
        })
        .await;
        for (result, resource) in done.into_iter().zip(stage) {
            results.push(result.unwrap_or_else(|| DeployResult {
                resource: resource.resource,
                kind: resource.kind,
                manifest: resource.manifest,
                outcome: DeployOutcome::Failed("the delete ended unexpectedly".into()),
            }));
        }
    }
    results
}

async fn delete_one<A: SageMakerApi>(api: &A, doomed: &Doomed, pace: Pace) -> DeployOutcome {
    let region = doomed.region.as_str();
    let name = doomed.resource.as_str();
    let deleted = match doomed.kind {
        ResourceKind::Endpoint => match api.delete_endpoint(region, name).await {
            Ok(_) => match settle(api, region, name, pace).await {
                Ok(Settled::Gone) => Ok(()),
                Ok(Settled::Done(endpoint) | Settled::TimedOut(endpoint)) => {
                    return DeployOutcome::Failed(format!("still there, {}", endpoint.status));
                }
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        },
        ResourceKind::EndpointConfig => api.delete_endpoint_config(region, name).await.map(|_| ()),
        ResourceKind::Model => api.delete_model(region, name).await.map(|_| ()),
    };
    match deleted {
        Ok(()) => DeployOutcome::Deleted,
        Err(error) => DeployOutcome::Failed(error.to_string()),
    }
}
