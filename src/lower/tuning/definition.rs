//! `TrainingJobDefinition`: the training job a tuning job launches, from the same resolved
//! [`Job`] and the same request pieces ([`crate::lower::request`]) as `CreateTrainingJob`.
//!
//! What the SDK's definition keeps and drops (`reference/sdk-tuning-deploy-facts.md`,
//! "What the training definition loses and keeps"): no debugger hook, profiler, rules,
//! TensorBoard, metrics time series, warm pool, tags, remote debug or infra check;
//! `ResourceConfig` becomes `HyperParameterTuningResourceConfig` (or the tuner's
//! `InstanceConfigs`); the metric definitions are the tuner's only.

use aws_sdk_sagemaker::types::{
    HyperParameterAlgorithmSpecification, HyperParameterTrainingJobDefinition, HyperParameterTuningInstanceConfig,
    HyperParameterTuningResourceConfig, MetricDefinition, TrainingInputMode, TrainingInstanceType,
};
use indexmap::IndexMap;

use crate::facts::tuning::DEFAULT_INSTANCE_CONFIG_VOLUME_GB;
use crate::job::{Compute, Job};
use crate::lower::request::{self, LowerError, int};
use crate::spec::tuning::{InstanceConfig, TuningManifest};

/// The definition of `job` tuned by `tuning`, with `fixed` as its static hyperparameters.
pub fn definition(
    job: &Job,
    tuning: &TuningManifest,
    fixed: &IndexMap<String, String>,
) -> Result<HyperParameterTrainingJobDefinition, LowerError> {
    let mut builder = HyperParameterTrainingJobDefinition::builder()
        .set_static_hyper_parameters(Some(fixed.iter().map(|(k, v)| (k.clone(), v.clone())).collect()))
        .algorithm_specification(algorithm_specification(job, tuning))
        .role_arn(&job.role)
        .set_input_data_config(request::channels(job)?)
        .set_vpc_config(request::vpc_config(job))
        .output_data_config(request::output_data_config(job))
        .hyper_parameter_tuning_resource_config(resource_config(job, tuning.instance_configs.as_deref())?)
        .stopping_condition(request::stopping_condition(job)?)
        .set_checkpoint_config(request::checkpoint_config(job))
        .set_retry_strategy(request::retry_strategy(job)?)
        .set_environment(request::environment(job));
    if job.enable_network_isolation {
        builder = builder.enable_network_isolation(true);
    }
    if job.encrypt_inter_container_traffic {
        builder = builder.enable_inter_container_traffic_encryption(true);
    }
    if job.use_spot_instances {
        builder = builder.enable_managed_spot_training(true);
    }
    Ok(builder.build())
}

fn algorithm_specification(job: &Job, tuning: &TuningManifest) -> HyperParameterAlgorithmSpecification {
    HyperParameterAlgorithmSpecification::builder()
        .training_image(&job.training_image)
        .training_input_mode(TrainingInputMode::from(job.input_mode.as_str()))
        .set_metric_definitions(tuning.metric_definitions.as_ref().map(|metrics| {
            metrics
                .iter()
                .map(|m| MetricDefinition::builder().set_name(m.name.clone()).set_regex(m.regex.clone()).build())
                .collect()
        }))
        .build()
}

/// The tuner's `InstanceConfigs` when given, else the training job's instances.
fn resource_config(
    job: &Job,
    instance_configs: Option<&[InstanceConfig]>,
) -> Result<HyperParameterTuningResourceConfig, LowerError> {
    if let Some(configs) = instance_configs {
        let configs = configs
            .iter()
            .map(|config| {
                Ok(HyperParameterTuningInstanceConfig::builder()
                    .set_instance_type(config.instance_type.as_deref().map(TrainingInstanceType::from))
                    .set_instance_count(config.instance_count.map(|n| int("instance_count", n)).transpose()?)
                    .volume_size_in_gb(
                        config
                            .volume_size
                            .map(|n| int("volume_size", n))
                            .transpose()?
                            .unwrap_or(DEFAULT_INSTANCE_CONFIG_VOLUME_GB),
                    )
                    .build())
            })
            .collect::<Result<Vec<_>, LowerError>>()?;
        return Ok(HyperParameterTuningResourceConfig::builder().set_instance_configs(Some(configs)).build());
    }
    let Compute::Single { instance_type, instance_count } = &job.compute else {
        return Err(LowerError::Build(
            "a tuning job's training definition has no instance groups: give `instance_type` and `instance_count`, or the tuner's `instance_configs`".into(),
        ));
    };
    Ok(HyperParameterTuningResourceConfig::builder()
        .set_volume_kms_key_id(job.volume_kms_key.clone())
        .instance_count(int("instance_count", *instance_count)?)
        .instance_type(TrainingInstanceType::from(instance_type.as_str()))
        .volume_size_in_gb(int("volume_size", job.volume_size)?)
        .build())
}
