//! Destroy: find everything the Endpoint manifests under the user's paths created
//! (endpoints, their configurations, the models they serve: [`crate::deploy::destroy`]),
//! then, once the command has asked, delete it. Training and tuning jobs are never
//! deleted (SageMaker keeps every job).

use tokio::runtime::Runtime;

use crate::deploy::destroy::{Found, delete, find};
use crate::deploy::endpoint_wait::Pace;
use crate::deploy::execute::DeployResult;

use super::plan::{PrepareError, Prepared};

/// What the prepared deployments created, as SageMaker has it now.
pub fn found(runtime: &Runtime, prepared: &Prepared) -> Result<Found, PrepareError> {
    runtime.block_on(find(&prepared.aws, &prepared.deployments)).map_err(PrepareError::Jobs)
}

/// Deletes what [`found`] found: endpoints first, then configurations, then models.
/// `None` when interrupted (Ctrl-C).
pub fn destroy(runtime: &Runtime, prepared: &Prepared, found: &Found) -> Option<Vec<DeployResult>> {
    runtime.block_on(async {
        tokio::select! {
            results = delete(&prepared.aws, &found.doomed, Pace::ENDPOINT) => Some(results),
            _ = tokio::signal::ctrl_c() => None,
        }
    })
}
