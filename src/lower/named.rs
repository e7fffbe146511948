//! A resolved [`Job`] → its name and its `CreateTrainingJob` request, as one pure step:
//! lower once under a provisional name, hash the name-independent request and the code
//! ([`identity`]), name the job, and lower again under that name. No I/O: the code was
//! packed (and its hash put in the job) before, in `crate::ops`.

use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;
use serde_json::Value as Json;

use crate::job::{Job, JobName};

use super::hyperparameters;
use super::identity;
use super::request::{self, LowerError};
use super::wire::{self, MapOrders, WireError};

/// A lowered, named job.
#[derive(Clone, Debug)]
pub struct Lowered {
    /// The job name (hashed or verbatim).
    pub job_name: String,
    /// sha256 (hex) of the name-independent request and the code ([`identity`]).
    pub content_hash: String,
    /// The SDK input that `apply` sends.
    pub input: CreateTrainingJobInputBuilder,
    /// The body the SDK serialized for [`Lowered::input`], byte for byte.
    pub sdk_body: Vec<u8>,
    /// [`Lowered::sdk_body`] as JSON, hash-ordered maps put in the job's order: what
    /// `compile` prints.
    pub request: Json,
}

/// Why a job could not be lowered and named.
#[derive(Debug, thiserror::Error)]
pub enum NamedError {
    /// The job could not be lowered.
    #[error(transparent)]
    Lower(#[from] LowerError),
    /// The SDK's body could not be captured.
    #[error(transparent)]
    Wire(#[from] WireError),
}

/// Lowers `job` and names it ([`JobName::Hashed`] jobs by their content hash).
pub fn lower(job: &Job) -> Result<Lowered, NamedError> {
    let code_sha256 = job.code.tarball_sha256.as_deref();
    let provisional_name = match &job.name {
        JobName::Exact(name) | JobName::Hashed { base: name } => name.clone(),
    };
    let provisional = lower_as(job, &provisional_name)?;
    let content_hash = identity::content_hash(&provisional.2, code_sha256);
    let (input, sdk_body, request) = match &job.name {
        JobName::Exact(_) => provisional,
        JobName::Hashed { base } => lower_as(job, &identity::hashed_name(base, &content_hash))?,
    };
    let job_name = match &job.name {
        JobName::Exact(name) => name.clone(),
        JobName::Hashed { base } => identity::hashed_name(base, &content_hash),
    };
    Ok(Lowered { job_name, content_hash, input, sdk_body, request })
}

fn lower_as(job: &Job, job_name: &str) -> Result<(CreateTrainingJobInputBuilder, Vec<u8>, Json), NamedError> {
    let input = request::input(job, job_name)?;
    let sdk_body = wire::capture_body(input.clone(), &job.region)?;
    let request = wire::ordered_body(&sdk_body, &map_orders(job, job_name))?;
    Ok((input, sdk_body, request))
}

/// The job's order for every map the SDK serializes in hash order.
pub fn map_orders(job: &Job, job_name: &str) -> MapOrders {
    let keys = |map: &indexmap::IndexMap<String, String>| map.keys().cloned().collect::<Vec<_>>();
    let mut maps = vec![("/HyperParameters".to_owned(), keys(&hyperparameters::encoded(job, job_name)))];
    if let Some(environment) = &job.environment {
        maps.push(("/Environment".to_owned(), keys(environment)));
    }
    if let Some(hook) = &job.debug_hook {
        if let Some(parameters) = &hook.hook_parameters {
            maps.push(("/DebugHookConfig/HookParameters".to_owned(), keys(parameters)));
        }
        for (i, collection) in hook.collections.iter().enumerate() {
            if let Some(parameters) = &collection.parameters {
                maps.push((
                    format!("/DebugHookConfig/CollectionConfigurations/{i}/CollectionParameters"),
                    keys(parameters),
                ));
            }
        }
    }
    for (member, rules) in
        [("DebugRuleConfigurations", &job.rules.debugger), ("ProfilerRuleConfigurations", &job.rules.profiler)]
    {
        for (i, rule) in rules.iter().enumerate() {
            maps.push((format!("/{member}/{i}/RuleParameters"), keys(&rule.parameters_for(job_name))));
        }
    }
    MapOrders { maps }
}
