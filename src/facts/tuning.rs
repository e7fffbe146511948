//! Facts of `CreateHyperParameterTuningJob` as the SageMaker Python SDK v2's
//! `HyperparameterTuner` sends it, as data.
//!
//! Sources: `reference/sdk-tuning-deploy-facts.md` ("Tuning", observed with sagemaker
//! 2.257.7 and botocore 1.44.8: the defaults always sent, the class metadata keys, the
//! default `InstanceConfigs` volume; "Documented rules behind `api_rejects`": the API
//! reference and developer guide rules the service enforces beyond the model) and botocore
//! 1.44.8 `sagemaker/2017-07-24/service-2.json` (`HyperParameterTuningJobName`: at most 32
//! characters; the map and list sizes below). The tuning rules
//! ([`crate::rules::tuning`]) read every limit from here.

use crate::spec::tuning::{RangeType, ScalingType};
use crate::spec::{DebuggerHookConfig, Framework, Manifest};

/// `HyperParameterTuningJobName`: at most this many characters (API model).
pub const MAX_TUNING_JOB_NAME_CHARS: usize = 32;
/// A `name:` tuning job is `<name>-<hex>`: at least this many hex digits of the content
/// hash (issue 15, item 2), so names stay distinct.
pub const MIN_NAME_HASH_HEX: usize = 8;

/// `Strategy` when `strategy` is not given (`HyperparameterTuner.__init__`).
pub const DEFAULT_STRATEGY: &str = "Bayesian";
/// `TrainingJobEarlyStoppingType` when not given.
pub const DEFAULT_EARLY_STOPPING_TYPE: &str = "Off";
/// `HyperParameterTuningJobObjective.Type` when `objective_type` is not given.
pub const DEFAULT_OBJECTIVE_TYPE: &str = "Maximize";
/// `ResourceLimits.MaxNumberOfTrainingJobs` when `max_jobs` is not given (not for Grid,
/// where the SDK sends none and botocore refuses the request).
pub const DEFAULT_MAX_JOBS: i32 = 1;
/// `ResourceLimits.MaxParallelTrainingJobs` when `max_parallel_jobs` is not given.
pub const DEFAULT_MAX_PARALLEL_JOBS: i32 = 1;
/// `InstanceConfigs[].VolumeSizeInGB` when an `instance_configs` entry has no `volume_size`.
pub const DEFAULT_INSTANCE_CONFIG_VOLUME_GB: i32 = 30;
/// `Autotune.Mode` with `autotune: true`.
pub const AUTOTUNE_MODE: &str = "Enabled";
/// `ConvergenceDetected.CompleteOnConvergence` for `complete_on_convergence: true` / `false`.
pub const COMPLETE_ON_CONVERGENCE: (&str, &str) = ("Enabled", "Disabled");

/// Static hyperparameter the SDK adds last: the estimator's class name.
pub const ESTIMATOR_CLASS_NAME_KEY: &str = "sagemaker_estimator_class_name";
/// Static hyperparameter the SDK adds last: the estimator's module.
pub const ESTIMATOR_MODULE_KEY: &str = "sagemaker_estimator_module";

/// `(framework, class name, module)` of each framework estimator, the values of
/// [`ESTIMATOR_CLASS_NAME_KEY`] and [`ESTIMATOR_MODULE_KEY`] (always added, whatever
/// `include_cls_metadata` says).
pub const ESTIMATOR_CLASSES: &[(Framework, &str, &str)] = &[
    (Framework::Pytorch, "PyTorch", "sagemaker.pytorch.estimator"),
    (Framework::Tensorflow, "TensorFlow", "sagemaker.tensorflow.estimator"),
];

/// The class name and module of `framework`'s estimator.
pub fn estimator_class(framework: Framework) -> Option<(&'static str, &'static str)> {
    ESTIMATOR_CLASSES.iter().find(|(f, _, _)| *f == framework).map(|(_, class, module)| (*class, *module))
}

/// The two class metadata keys above: static hyperparameters of every framework tuning job.
pub const CLASS_METADATA_KEYS: [&str; 2] = [ESTIMATOR_CLASS_NAME_KEY, ESTIMATOR_MODULE_KEY];

/// `ParameterRanges`: continuous, integer and categorical ranges together, at most this
/// many (API reference `ParameterRanges`: "the sum … can't exceed 30"; enforced by the
/// schema's `maxProperties` on `hyperparameter_ranges`).
pub const MAX_PARAMETER_RANGES: usize = 30;
/// `CategoricalParameterRange.Values`: at most this many (API model `ParameterValues`,
/// max 30; enforced by the schema's `maxItems` on `values`).
pub const MAX_CATEGORICAL_VALUES: usize = 30;
/// Static plus tuned hyperparameters, the SDK's keys included: at most this many
/// (developer guide, *Define hyperparameter ranges*; API model
/// `HyperParameters` of `StaticHyperParameters`, max 100).
pub const MAX_TUNING_HYPERPARAMETERS: usize = 100;
/// `TrainingJobDefinition.Environment`: at most this many variables (API model
/// `HyperParameterTrainingJobEnvironmentMap`, max 48; `CreateTrainingJob` allows 100).
pub const MAX_TUNING_ENVIRONMENT_VARIABLES: usize = 48;
/// `WarmStartConfig.ParentHyperParameterTuningJobs`: 1 to this many (API model; enforced by
/// the schema's `maxItems` on `parents`).
pub const MAX_WARM_START_PARENTS: usize = 5;

/// A bound of the values a scaling type accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    /// Greater than this.
    Above(f64),
    /// Greater than or equal to this.
    AtLeast(f64),
    /// Less than this.
    Below(f64),
}

impl Bound {
    /// Whether `value` is within the bound.
    pub fn holds(self, value: f64) -> bool {
        match self {
            Self::Above(limit) => value > limit,
            Self::AtLeast(limit) => value >= limit,
            Self::Below(limit) => value < limit,
        }
    }

    /// The bound as the docs write it, for `x`.
    pub fn describe(self) -> String {
        match self {
            Self::Above(limit) => format!("x > {limit}"),
            Self::AtLeast(limit) => format!("x >= {limit}"),
            Self::Below(limit) => format!("x < {limit}"),
        }
    }
}

/// What a scaling type needs of a range.
#[derive(Clone, Copy, Debug)]
pub struct ScalingDomain {
    /// The scaling type.
    pub scaling: ScalingType,
    /// The range types it may scale.
    pub range_types: &'static [RangeType],
    /// Bounds every value of the range must be within (`min_value` and `max_value`).
    pub bounds: &'static [Bound],
    /// Where the rule is written.
    pub source: &'static str,
}

/// The scaling types with conditions (`Auto` and `Linear` scale any range). Source:
/// `reference/sdk-tuning-deploy-facts.md`, "Documented rules behind `api_rejects`".
pub const SCALING_DOMAINS: &[ScalingDomain] = &[
    ScalingDomain {
        scaling: ScalingType::Logarithmic,
        range_types: &[RangeType::Continuous, RangeType::Integer],
        bounds: &[Bound::Above(0.0)],
        source: "API reference, `ContinuousParameterRange.ScalingType` and `IntegerParameterRange.ScalingType`: \
                 logarithmic scaling works only for ranges that have only values greater than 0",
    },
    ScalingDomain {
        scaling: ScalingType::ReverseLogarithmic,
        range_types: &[RangeType::Continuous],
        bounds: &[Bound::AtLeast(0.0), Bound::Below(1.0)],
        source: "API reference, `ContinuousParameterRange.ScalingType`: reverse logarithmic scaling works only for \
                 ranges entirely within 0 <= x < 1.0; `IntegerParameterRange.ScalingType` lists only Auto, Linear \
                 and Logarithmic, and the developer guide supports reverse logarithmic for continuous ranges only",
    },
];

/// The conditions of `scaling`, if it has any.
pub fn scaling_domain(scaling: ScalingType) -> Option<&'static ScalingDomain> {
    SCALING_DOMAINS.iter().find(|domain| domain.scaling == scaling)
}

/// A TrainingJob setting a tuning job's training definition cannot carry: the SDK's
/// `HyperparameterTuner` drops it without a word (`reference/sdk-tuning-deploy-facts.md`,
/// "What the training definition loses and keeps"; the API's
/// `HyperParameterTrainingJobDefinition` has no such member).
#[derive(Clone, Copy)]
pub struct NotCarried {
    /// The TrainingJob key.
    pub key: &'static str,
    /// What `CreateTrainingJob` would send for it.
    pub api: &'static str,
    /// Whether the manifest sets it to something dropping would change.
    pub set: fn(&Manifest) -> bool,
}

/// Every TrainingJob setting a tuning job drops, in manifest order.
pub const NOT_CARRIED: &[NotCarried] = &[
    NotCarried {
        key: "keep_alive_period_in_seconds",
        api: "ResourceConfig.KeepAlivePeriodInSeconds (tuning jobs use warm pools by default)",
        set: |m| m.keep_alive_period_in_seconds.is_some(),
    },
    NotCarried {
        key: "tensorboard_output_config",
        api: "TensorBoardOutputConfig",
        set: |m| m.tensorboard_output_config.is_some(),
    },
    NotCarried {
        key: "metric_definitions",
        api: "AlgorithmSpecification.MetricDefinitions (the tuner's `metric_definitions` are sent instead)",
        set: |m| m.metric_definitions.as_ref().is_some_and(|metrics| !metrics.is_empty()),
    },
    NotCarried {
        key: "enable_sagemaker_metrics",
        api: "EnableSageMakerMetricsTimeSeries",
        set: |m| m.enable_sagemaker_metrics == Some(true),
    },
    NotCarried {
        key: "debugger_hook_config",
        api: "DebugHookConfig",
        set: |m| matches!(m.debugger_hook_config, Some(DebuggerHookConfig::Hook(_))),
    },
    NotCarried { key: "profiler_config", api: "ProfilerConfig", set: |m| m.profiler_config.is_some() },
    NotCarried { key: "enable_infra_check", api: "InfraCheckConfig", set: |m| m.enable_infra_check == Some(true) },
    NotCarried { key: "enable_remote_debug", api: "RemoteDebugConfig", set: |m| m.enable_remote_debug == Some(true) },
    NotCarried {
        key: "rules",
        api: "DebugRuleConfigurations / ProfilerRuleConfigurations",
        set: |m| m.rules.as_ref().is_some_and(|rules| !rules.is_empty()),
    },
    NotCarried { key: "training_plan", api: "ResourceConfig.TrainingPlanArn", set: |m| m.training_plan.is_some() },
    NotCarried {
        key: "instance_placement_config",
        api: "ResourceConfig.InstancePlacementConfig",
        set: |m| m.instance_placement_config.is_some(),
    },
    NotCarried {
        key: "enable_session_tag_chaining",
        api: "SessionChainingConfig",
        set: |m| m.enable_session_tag_chaining == Some(true),
    },
    NotCarried {
        key: "training_repository_access_mode",
        api: "AlgorithmSpecification.TrainingImageConfig",
        set: |m| m.training_repository_access_mode.is_some(),
    },
    NotCarried {
        key: "experiment_config",
        api: "ExperimentConfig",
        set: |m| {
            m.experiment_config.as_ref().is_some_and(|c| {
                c.experiment_name.is_some()
                    || c.trial_name.is_some()
                    || c.trial_component_display_name.is_some()
                    || c.run_name.is_some()
            })
        },
    },
];
