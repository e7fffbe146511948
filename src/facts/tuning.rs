//! Facts of `CreateHyperParameterTuningJob` as the SageMaker Python SDK v2's
//! `HyperparameterTuner` sends it, as data.
//!
//! Sources: `reference/sdk-tuning-deploy-facts.md` ("Tuning", observed with sagemaker
//! 2.257.7 and botocore 1.44.8: the defaults always sent, the class metadata keys, the
//! default `InstanceConfigs` volume) and botocore 1.44.8
//! `sagemaker/2017-07-24/service-2.json` (`HyperParameterTuningJobName`: at most 32
//! characters).

use crate::spec::Framework;

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
