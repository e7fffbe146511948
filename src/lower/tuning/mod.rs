//! Lowering a tuning job: a resolved training [`Job`] and its [`TuningManifest`] → the
//! `CreateHyperParameterTuningJob` request the SDK v2's `HyperparameterTuner` sends
//! (`reference/sdk-tuning-deploy-facts.md`, "Tuning"), named and captured as the AWS SDK
//! serializes it. Pure, like the rest of [`crate::lower`].
//!
//! - [`definition`] builds the training job definition from the same request pieces as
//!   `CreateTrainingJob` ([`crate::lower::request`]);
//! - [`ranges`] splits and encodes the hyperparameters;
//! - this module sets the tuning job config, warm start, autotune and tags, and names the
//!   job: `job_name` verbatim, else `<name>-<hex>` with as many hex digits of the content
//!   hash as fit in 32 characters ([`tuning_name`]). The tuning job's name is also the
//!   training definition's `sagemaker_job_name` (and TensorFlow's `model_dir`), as with
//!   the SDK.
//!
//! The key order of the request is the AWS SDK's; the hash-ordered maps
//! (`StaticHyperParameters`, `Environment`) are put in the SDK v2's order.

pub mod definition;
pub mod ranges;

use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::CreateHyperParameterTuningJobInput;
use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
use aws_sdk_sagemaker::types::{
    Autotune, AutotuneMode, BestObjectiveNotImproving, CompleteOnConvergence, ConvergenceDetected,
    HyperParameterTuningJobConfig, HyperParameterTuningJobObjective, HyperParameterTuningJobObjectiveType,
    HyperParameterTuningJobStrategyConfig, HyperParameterTuningJobStrategyType, HyperParameterTuningJobWarmStartConfig,
    HyperParameterTuningJobWarmStartType, HyperbandStrategyConfig, ParentHyperParameterTuningJob, ResourceLimits,
    TrainingJobEarlyStoppingType, TuningJobCompletionCriteria,
};
use serde_json::Value as Json;

use crate::facts::tuning::{
    AUTOTUNE_MODE, COMPLETE_ON_CONVERGENCE, DEFAULT_EARLY_STOPPING_TYPE, DEFAULT_MAX_JOBS, DEFAULT_MAX_PARALLEL_JOBS,
    DEFAULT_OBJECTIVE_TYPE, DEFAULT_STRATEGY, MAX_TUNING_JOB_NAME_CHARS, MIN_NAME_HASH_HEX,
};
use crate::job::{Job, JobName};
use crate::spec::tuning::{CompletionCriteriaConfig, Strategy, TuningManifest, WarmStartConfig};

use super::identity;
use super::request::{self, LowerError, int};
use super::wire::{self, MapOrders, WireError};

/// The API operation a tuning job sends.
pub const OPERATION: &str = "CreateHyperParameterTuningJob";
/// The request member that holds the tuning job's name.
pub const NAME_MEMBER: &str = "HyperParameterTuningJobName";

/// A lowered, named tuning job.
#[derive(Clone, Debug)]
pub struct LoweredTuning {
    /// The tuning job name (hashed or verbatim).
    pub name: String,
    /// sha256 (hex) of the name-independent request and the code.
    pub content_hash: String,
    /// The SDK input that `apply` sends.
    pub input: CreateHyperParameterTuningJobInputBuilder,
    /// The body the SDK serialized for [`LoweredTuning::input`], byte for byte.
    pub sdk_body: Vec<u8>,
    /// [`LoweredTuning::sdk_body`] as JSON, hash-ordered maps in the SDK v2's order.
    pub request: Json,
}

/// Why a tuning job could not be lowered.
#[derive(Debug, thiserror::Error)]
pub enum TuningError {
    /// The training definition or a number could not be lowered.
    #[error(transparent)]
    Lower(#[from] LowerError),
    /// The SDK's body could not be captured.
    #[error(transparent)]
    Wire(#[from] WireError),
    /// `name` leaves no room for 8 hex digits in 32 characters.
    #[error(
        "`name` `{0}` is too long for a tuning job: `<name>-<hex>` must fit in 32 characters with at least 8 hex digits"
    )]
    NameTooLong(String),
    /// A warm-start parent is not a tuning job name (compile replaces a manifest path by
    /// the name of the tuning job it compiles to before lowering).
    #[error(
        "warm-start parent `{0}` is not a tuning job name; a TuningJob manifest's path ends in .yaml, .yml or .toml"
    )]
    ParentPath(String),
}

/// The tuning job's name from its content hash: `<base>-<hex>`, as many hex digits as fit
/// in [`MAX_TUNING_JOB_NAME_CHARS`]; `None` when fewer than [`MIN_NAME_HASH_HEX`] fit.
pub fn tuning_name(base: &str, content_hash: &str) -> Option<String> {
    let room = MAX_TUNING_JOB_NAME_CHARS.checked_sub(base.chars().count() + 1)?;
    let hex = content_hash.get(..room.min(content_hash.len()))?;
    (hex.len() >= MIN_NAME_HASH_HEX).then(|| format!("{base}-{hex}"))
}

/// Lowers `tuning` over the resolved training `job`, and names it.
pub fn lower(job: &Job, tuning: &TuningManifest, name: &JobName) -> Result<LoweredTuning, TuningError> {
    let provisional_name = match name {
        JobName::Exact(name) | JobName::Hashed { base: name } => name.clone(),
    };
    let provisional = lower_as(job, tuning, &provisional_name)?;
    let content_hash = identity::content_hash_named(&provisional.2, NAME_MEMBER, job.code.tarball_sha256.as_deref());
    let (name, (input, sdk_body, request)) = match name {
        JobName::Exact(name) => (name.clone(), provisional),
        JobName::Hashed { base } => {
            let name = tuning_name(base, &content_hash).ok_or_else(|| TuningError::NameTooLong(base.clone()))?;
            let lowered = lower_as(job, tuning, &name)?;
            (name, lowered)
        }
    };
    Ok(LoweredTuning { name, content_hash, input, sdk_body, request })
}

type Lowered = (CreateHyperParameterTuningJobInputBuilder, Vec<u8>, Json);

fn lower_as(job: &Job, tuning: &TuningManifest, name: &str) -> Result<Lowered, TuningError> {
    let input = input(job, tuning, name)?;
    let sdk_body = wire::capture_body(input.clone(), &job.region)?;
    let request = wire::ordered_body(&sdk_body, &map_orders(job, tuning, name))?;
    Ok((input, sdk_body, request))
}

/// The `CreateHyperParameterTuningJob` input of `tuning` over `job`, named `name`.
pub fn input(
    job: &Job,
    tuning: &TuningManifest,
    name: &str,
) -> Result<CreateHyperParameterTuningJobInputBuilder, TuningError> {
    let autotune = tuning.autotune == Some(true);
    let split = ranges::split(job, tuning, name);
    let tags: Vec<_> = tuning.tags.iter().flatten().chain(job.tags.iter().flatten()).collect();
    let builder = CreateHyperParameterTuningJobInput::builder()
        .hyper_parameter_tuning_job_name(name)
        .hyper_parameter_tuning_job_config(config(tuning, ranges::parameter_ranges(tuning, &split.hints, autotune))?)
        .set_autotune(autotune.then(|| Autotune::builder().mode(AutotuneMode::from(AUTOTUNE_MODE)).build()))
        .training_job_definition(definition::definition(job, tuning, &split.fixed)?)
        .set_warm_start_config(tuning.warm_start_config.as_ref().map(warm_start).transpose()?)
        .set_tags((!tags.is_empty()).then(|| request::tags(tags.into_iter())));
    // Fail here rather than at send time if the SDK ever makes a member required.
    builder.clone().build().map_err(|error| LowerError::Build(error.to_string()))?;
    Ok(builder)
}

fn config(
    tuning: &TuningManifest,
    parameter_ranges: aws_sdk_sagemaker::types::ParameterRanges,
) -> Result<HyperParameterTuningJobConfig, LowerError> {
    let strategy = tuning.strategy.map_or(DEFAULT_STRATEGY, Strategy::as_str);
    // Grid without `max_jobs`: the SDK sends `None`; the API then counts the combinations.
    let max_jobs = match (tuning.max_jobs, tuning.strategy) {
        (Some(n), _) => Some(int("max_jobs", n)?),
        (None, Some(Strategy::Grid)) => None,
        (None, _) => Some(DEFAULT_MAX_JOBS),
    };
    let limits = ResourceLimits::builder()
        .set_max_number_of_training_jobs(max_jobs)
        .max_parallel_training_jobs(
            tuning
                .max_parallel_jobs
                .map(|n| int("max_parallel_jobs", n))
                .transpose()?
                .unwrap_or(DEFAULT_MAX_PARALLEL_JOBS),
        )
        .set_max_runtime_in_seconds(
            tuning.max_runtime_in_seconds.map(|n| int("max_runtime_in_seconds", n)).transpose()?,
        )
        .build();
    let objective = HyperParameterTuningJobObjective::builder()
        .r#type(HyperParameterTuningJobObjectiveType::from(
            tuning.objective_type.map_or(DEFAULT_OBJECTIVE_TYPE, |t| t.as_str()),
        ))
        .set_metric_name(tuning.objective_metric_name.clone())
        .build();
    let strategy_config = tuning.strategy_config.as_ref().map(|config| {
        HyperParameterTuningJobStrategyConfig::builder()
            .set_hyperband_strategy_config(config.hyperband_strategy_config.as_ref().map(|hyperband| {
                HyperbandStrategyConfig::builder()
                    .set_min_resource(hyperband.min_resource.and_then(|n| i32::try_from(n).ok()))
                    .set_max_resource(hyperband.max_resource.and_then(|n| i32::try_from(n).ok()))
                    .build()
            }))
            .build()
    });
    Ok(HyperParameterTuningJobConfig::builder()
        .strategy(HyperParameterTuningJobStrategyType::from(strategy))
        .resource_limits(limits)
        .training_job_early_stopping_type(TrainingJobEarlyStoppingType::from(
            tuning.early_stopping_type.map_or(DEFAULT_EARLY_STOPPING_TYPE, |t| t.as_str()),
        ))
        .set_random_seed(tuning.random_seed.map(|n| int("random_seed", n)).transpose()?)
        .hyper_parameter_tuning_job_objective(objective)
        .parameter_ranges(parameter_ranges)
        .set_strategy_config(strategy_config)
        .set_tuning_job_completion_criteria(
            tuning.completion_criteria_config.as_ref().map(completion_criteria).transpose()?,
        )
        .build())
}

fn completion_criteria(config: &CompletionCriteriaConfig) -> Result<TuningJobCompletionCriteria, LowerError> {
    let not_improving = config
        .best_objective_not_improving
        .as_ref()
        .map(|b| {
            b.max_number_of_training_jobs_not_improving
                .map(|n| int("max_number_of_training_jobs_not_improving", n))
                .transpose()
                .map(|n| BestObjectiveNotImproving::builder().set_max_number_of_training_jobs_not_improving(n).build())
        })
        .transpose()?;
    let (enabled, disabled) = COMPLETE_ON_CONVERGENCE;
    let convergence = config.convergence_detected.as_ref().map(|c| {
        ConvergenceDetected::builder()
            .set_complete_on_convergence(
                c.complete_on_convergence.map(|on| CompleteOnConvergence::from(if on { enabled } else { disabled })),
            )
            .build()
    });
    #[allow(clippy::cast_possible_truncation)] // the API's member is a 32-bit float
    let target = config.target_objective_metric_value.map(|v| v as f32);
    Ok(TuningJobCompletionCriteria::builder()
        .set_target_objective_metric_value(target)
        .set_best_objective_not_improving(not_improving)
        .set_convergence_detected(convergence)
        .build())
}

fn warm_start(config: &WarmStartConfig) -> Result<HyperParameterTuningJobWarmStartConfig, TuningError> {
    let parents = config
        .parents
        .iter()
        .flatten()
        .map(|parent| {
            if looks_like_a_path(parent) {
                return Err(TuningError::ParentPath(parent.clone()));
            }
            Ok(ParentHyperParameterTuningJob::builder().hyper_parameter_tuning_job_name(parent).build())
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HyperParameterTuningJobWarmStartConfig::builder()
        .set_parent_hyper_parameter_tuning_jobs(Some(parents))
        .set_warm_start_type(config.warm_start_type.map(|t| HyperParameterTuningJobWarmStartType::from(t.as_str())))
        .build())
}

/// Whether a warm-start parent is not a tuning job name (which has no `.` or `/`): a
/// manifest path left unresolved.
fn looks_like_a_path(parent: &str) -> bool {
    parent.contains('/') || parent.contains('.')
}

/// The SDK v2's order of every map the AWS SDK serializes in hash order.
fn map_orders(job: &Job, tuning: &TuningManifest, name: &str) -> MapOrders {
    let mut maps = vec![(
        "/TrainingJobDefinition/StaticHyperParameters".to_owned(),
        ranges::split(job, tuning, name).fixed.keys().cloned().collect(),
    )];
    if let Some(environment) = &job.environment {
        maps.push(("/TrainingJobDefinition/Environment".to_owned(), environment.keys().cloned().collect()));
    }
    MapOrders { maps }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_take_as_many_hex_digits_as_fit_in_32_characters() {
        let hash = "0123456789abcdef0123456789abcdef0123456789abcdef";
        assert_eq!(tuning_name("bert-hpo", hash).as_deref(), Some("bert-hpo-0123456789abcdef0123456"));
        assert_eq!(tuning_name("bert-hpo", hash).map(|n| n.len()), Some(32));
        assert_eq!(tuning_name("a2345678901234567890123", hash).as_deref(), Some("a2345678901234567890123-01234567"));
        assert_eq!(tuning_name("a23456789012345678901234", hash), None);
    }
}
