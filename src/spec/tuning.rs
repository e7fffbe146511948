//! `kind: TuningJob` as written (`design/manifest.md` §5): the SDK v2
//! `HyperparameterTuner(...)` and `tuner.fit(inputs=...)`, key for key.
//!
//! These types are the single source of `schema/tuning-job.schema.json`, as
//! [`super::Manifest`] is of the TrainingJob schema: `///` docs become descriptions,
//! attributes the API's enums, patterns and ranges (botocore 1.44.8 `service-2.json`).
//! Everything is optional here; the schema says what is required.

use std::borrow::Cow;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde_json::Value as Json;

use super::{ApiVersion, Inputs, MetricDefinition, patterns};

/// The kind of object a tuning manifest describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum TuningKind {
    /// One SageMaker hyperparameter tuning job.
    TuningJob,
}

/// A SageMaker hyperparameter tuning job, declared. Keys mirror the SageMaker Python SDK
/// v2 `HyperparameterTuner(...)` and `tuner.fit(inputs=...)`; the estimator is the
/// TrainingJob manifest named by `training_job`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sagespec tuning job")]
pub struct TuningManifest {
    /// Manifest format version. Always `sagespec/v1`.
    #[serde(rename = "apiVersion")]
    #[schemars(required)]
    pub api_version: Option<ApiVersion>,

    /// What this manifest declares. Always `TuningJob`.
    #[schemars(required)]
    pub kind: Option<TuningKind>,

    /// Base tuning job name. The tuning job is named `<name>-<hex>`, with as many hex
    /// digits of the content hash as fit in 32 characters (at least 8, so `name` has at
    /// most 23 characters). Give `name` or `job_name`.
    #[schemars(length(min = 1, max = 32), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$"))]
    #[schemars(example = &"bert-hpo")]
    pub name: Option<String>,

    /// Exact tuning job name, used verbatim (no content hash): at most 32 characters,
    /// letters, digits and hyphens. Give `name` or `job_name`.
    #[schemars(length(min = 1, max = 32), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$"))]
    #[schemars(example = &"bert-hpo-2026-11-26")]
    pub job_name: Option<String>,

    /// AWS region of the tuning job. Else the training job's `region`, else `--region`,
    /// else the AWS config chain.
    #[serde(default)]
    #[schemars(schema_with = "patterns::region")]
    pub region: Option<String>,

    /// The estimator: a TrainingJob manifest, relative to this file. Its request becomes
    /// the tuning job's training job definition.
    #[schemars(required, length(min = 1), example = &"bert-ddp.yaml")]
    pub training_job: Option<String>,

    /// The metric the tuner optimises; one of `metric_definitions`.
    #[schemars(required, length(min = 1, max = 255), regex(pattern = r"^.+$"))]
    #[schemars(example = &"validation:accuracy")]
    pub objective_metric_name: Option<String>,

    /// Whether the objective is maximised or minimised. Default `Maximize`.
    pub objective_type: Option<ObjectiveType>,

    /// Metrics parsed from the training logs. Only the tuner's are sent: the training
    /// job's own `metric_definitions` are dropped, as the SDK drops them.
    #[schemars(length(max = 40), example = serde_json::json!([{"name": "validation:accuracy", "regex": "val_acc=([0-9\\.]+)"}]))]
    pub metric_definitions: Option<Vec<MetricDefinition>>,

    /// Hyperparameter name → range to search. Tuned names are removed from the training
    /// job's static hyperparameters. At most 30 ranges.
    #[schemars(extend("maxProperties" = 30))]
    #[schemars(example = serde_json::json!({"learning_rate": {"type": "continuous", "min_value": 0.00001, "max_value": 0.01, "scaling_type": "Logarithmic"}}))]
    pub hyperparameter_ranges: Option<IndexMap<String, ParameterRange>>,

    /// Search strategy. Default `Bayesian`.
    pub strategy: Option<Strategy>,

    /// Settings of the search strategy (Hyperband only).
    pub strategy_config: Option<StrategyConfig>,

    /// When the tuning job stops before `max_jobs`.
    pub completion_criteria_config: Option<CompletionCriteriaConfig>,

    /// Maximum number of training jobs the tuning job launches. Default 1.
    #[schemars(range(min = 1), example = 20)]
    pub max_jobs: Option<i64>,

    /// Maximum number of training jobs run at once. Default 1.
    #[schemars(range(min = 1), example = 4)]
    pub max_parallel_jobs: Option<i64>,

    /// Maximum seconds the tuning job runs (`ResourceLimits.MaxRuntimeInSeconds`).
    #[schemars(range(min = 120, max = 15_768_000), example = 86400)]
    pub max_runtime_in_seconds: Option<i64>,

    /// Stop training jobs early when they are unlikely to beat the best one. Default `Off`.
    pub early_stopping_type: Option<EarlyStoppingType>,

    /// Start from earlier tuning jobs.
    pub warm_start_config: Option<WarmStartConfig>,

    /// Seed of the tuner's random choices, for reproducible searches.
    #[schemars(example = 42)]
    pub random_seed: Option<i64>,

    /// Tags of the tuning job, as a map from key to value; the training job's tags follow.
    #[serde(default)]
    #[schemars(schema_with = "patterns::tags")]
    pub tags: Option<IndexMap<String, String>>,

    /// Let SageMaker choose the ranges, strategy and limits (`Autotune`): every static
    /// hyperparameter becomes a hint, unless kept static.
    pub autotune: Option<bool>,

    /// With `autotune`: hyperparameters that stay static rather than becoming hints.
    #[schemars(example = ["epochs"])]
    pub hyperparameters_to_keep_static: Option<Vec<String>>,

    /// Training data, as the TrainingJob's `inputs`. Else the training job's inputs.
    pub inputs: Option<Inputs>,

    /// Instances to run the training jobs on, instead of the training job's
    /// (the tuner's `override_resource_config`).
    #[schemars(length(min = 1, max = 6))]
    pub instance_configs: Option<Vec<InstanceConfig>>,
}

/// `HyperParameterTuningJobObjective.Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ObjectiveType {
    /// Larger is better.
    Maximize,
    /// Smaller is better.
    Minimize,
}

impl ObjectiveType {
    /// The API's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Maximize => "Maximize",
            Self::Minimize => "Minimize",
        }
    }
}

/// `HyperParameterTuningJobConfig.Strategy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Strategy {
    /// Bayesian optimisation.
    Bayesian,
    /// Random search.
    Random,
    /// Hyperband (needs `early_stopping_type: Off`).
    Hyperband,
    /// Grid search over categorical ranges.
    Grid,
}

impl Strategy {
    /// The API's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Bayesian => "Bayesian",
            Self::Random => "Random",
            Self::Hyperband => "Hyperband",
            Self::Grid => "Grid",
        }
    }
}

/// `TrainingJobEarlyStoppingType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum EarlyStoppingType {
    /// Never stop training jobs early.
    Off,
    /// Let SageMaker stop training jobs early.
    Auto,
}

impl EarlyStoppingType {
    /// The API's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Off => "Off",
            Self::Auto => "Auto",
        }
    }
}

/// The kind of a hyperparameter range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RangeType {
    /// Real values between `min_value` and `max_value` (`ContinuousParameter`).
    Continuous,
    /// Integers between `min_value` and `max_value` (`IntegerParameter`).
    Integer,
    /// One of `values` (`CategoricalParameter`).
    Categorical,
}

/// How a continuous or integer range is searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ScalingType {
    /// SageMaker chooses.
    Auto,
    /// Linear scale.
    Linear,
    /// Logarithmic scale: only for ranges of positive values.
    Logarithmic,
    /// Reverse logarithmic scale: only for continuous ranges within 0 <= x < 1.
    ReverseLogarithmic,
}

impl ScalingType {
    /// The API's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "Auto",
            Self::Linear => "Linear",
            Self::Logarithmic => "Logarithmic",
            Self::ReverseLogarithmic => "ReverseLogarithmic",
        }
    }
}

/// One hyperparameter range.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterRange {
    /// `continuous`, `integer` or `categorical`.
    #[serde(rename = "type")]
    #[schemars(required)]
    pub range_type: Option<RangeType>,
    /// Continuous and integer ranges: the smallest value.
    #[schemars(example = 0.00001)]
    pub min_value: Option<serde_json::Number>,
    /// Continuous and integer ranges: the largest value.
    #[schemars(example = 0.01)]
    pub max_value: Option<serde_json::Number>,
    /// Continuous and integer ranges: how the range is searched. Default `Auto`.
    pub scaling_type: Option<ScalingType>,
    /// Categorical ranges: the values (at most 30), or one value.
    pub values: Option<CategoricalValues>,
}

/// A categorical range's values: a list, or a single value (`CategoricalParameter("adam")`).
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum CategoricalValues {
    /// Several values.
    Many(Vec<Json>),
    /// One value.
    One(Json),
}

impl CategoricalValues {
    /// The values, in order.
    pub fn values(&self) -> Vec<&Json> {
        match self {
            Self::Many(values) => values.iter().collect(),
            Self::One(value) => vec![value],
        }
    }
}

impl JsonSchema for CategoricalValues {
    fn schema_name() -> Cow<'static, str> {
        "CategoricalValues".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Categorical ranges: the values (1 to 30 strings, numbers or booleans), or one value.",
            "examples": [["adam", "sgd"]],
            "if": {"type": "array"},
            "then": {
                "type": "array",
                "minItems": 1,
                "maxItems": 30,
                "items": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}
            },
            // `anyOf`, not a union `type`: Ajv's strict mode (SchemaStore's) refuses unions.
            "else": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}
        })
    }
}

/// `StrategyConfig`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategyConfig {
    /// Hyperband's resource bounds.
    #[schemars(required)]
    pub hyperband_strategy_config: Option<HyperbandStrategyConfig>,
}

/// `HyperbandStrategyConfig`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HyperbandStrategyConfig {
    /// The fewest resources (e.g. epochs) a training job gets before it may be stopped.
    #[schemars(range(min = 1), example = 1)]
    pub min_resource: Option<i64>,
    /// The most resources a training job gets.
    #[schemars(range(min = 1), example = 30)]
    pub max_resource: Option<i64>,
}

/// `TuningJobCompletionCriteria`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletionCriteriaConfig {
    /// Stop once the objective reaches this value.
    #[schemars(example = 0.95)]
    pub target_objective_metric_value: Option<f64>,
    /// Stop once the best objective stops improving.
    pub best_objective_not_improving: Option<BestObjectiveNotImproving>,
    /// Stop once SageMaker detects convergence.
    pub convergence_detected: Option<ConvergenceDetected>,
}

/// `BestObjectiveNotImproving`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BestObjectiveNotImproving {
    /// Training jobs without improvement before the tuning job stops (at least 3).
    #[schemars(range(min = 3), example = 5)]
    pub max_number_of_training_jobs_not_improving: Option<i64>,
}

/// `ConvergenceDetected`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConvergenceDetected {
    /// Stop when SageMaker detects convergence (`Enabled`) or not (`Disabled`).
    pub complete_on_convergence: Option<bool>,
}

/// `WarmStartConfig`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WarmStartConfig {
    /// How the parents' results are reused.
    #[schemars(required)]
    pub warm_start_type: Option<WarmStartType>,
    /// The parent tuning jobs (1 to 5): names, or paths to TuningJob manifests.
    #[schemars(required, length(min = 1, max = 5), inner(length(min = 1)), example = ["bert-hpo-0123456789ab"])]
    pub parents: Option<Vec<String>>,
}

/// `WarmStartType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum WarmStartType {
    /// Same data and image as the parents.
    IdenticalDataAndAlgorithm,
    /// Different data, ranges or image.
    TransferLearning,
}

impl WarmStartType {
    /// The API's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::IdenticalDataAndAlgorithm => "IdenticalDataAndAlgorithm",
            Self::TransferLearning => "TransferLearning",
        }
    }
}

/// One entry of `InstanceConfigs`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceConfig {
    /// Number of instances. At least 1.
    #[schemars(required, range(min = 1), example = 1)]
    pub instance_count: Option<i64>,
    /// Instance type.
    #[serde(default)]
    #[schemars(required, schema_with = "patterns::instance_type")]
    pub instance_type: Option<String>,
    /// Size of the ML storage volume, in GB. Default 30.
    #[schemars(range(min = 1), example = 30)]
    pub volume_size: Option<i64>,
}
