//! [`Job`] → `CreateTrainingJob` input, member by member, as
//! `sagemaker.session.Session._get_train_request` assembles it (facts §3.4): optional
//! members are set only when the SDK sends them.

use crate::facts::channels::CODE_CHANNEL;
use aws_sdk_sagemaker::operation::create_training_job::CreateTrainingJobInput;
use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;
use aws_sdk_sagemaker::types::{
    AlgorithmSpecification, Channel as SdkChannel, CheckpointConfig, CollectionConfiguration, CompressionType,
    DataSource, DebugHookConfig, DebugRuleConfiguration, ExperimentConfig, FileSystemAccessMode, FileSystemDataSource,
    FileSystemType, InfraCheckConfig, InstanceGroup, InstancePlacementConfig, MetricDefinition, OutputCompressionType,
    OutputDataConfig, PlacementSpecification, ProfilerConfig, ProfilerRuleConfiguration, RecordWrapper,
    RemoteDebugConfig, ResourceConfig, RetryStrategy, S3DataDistribution, S3DataSource, S3DataType,
    SessionChainingConfig, ShuffleConfig, StoppingCondition, Tag, TensorBoardOutputConfig, TrainingImageConfig,
    TrainingInputMode, TrainingInstanceType, TrainingRepositoryAccessMode, TrainingRepositoryAuthConfig, VpcConfig,
};

use crate::job::{Channel, ChannelSource, Compute, DebugHook, Job, Profiler, RuleConfig};

use super::hyperparameters;

/// `OutputDataConfig.CompressionType` for `disable_output_compression`.
const OUTPUT_COMPRESSION_NONE: &str = "NONE";

/// Why a job could not be lowered.
#[derive(Debug, thiserror::Error)]
pub enum LowerError {
    /// A number does not fit the API's 32-bit integer.
    #[error("`{field}` = {value} does not fit the API's integer range")]
    OutOfRange {
        /// The manifest key.
        field: &'static str,
        /// The value.
        value: i64,
    },
    /// The code channel's name is taken by a user channel.
    #[error("duplicate channel `{0}` not allowed")]
    DuplicateChannel(String),
    /// The SDK refused to build the input.
    #[error("the request could not be built: {0}")]
    Build(String),
}

/// The `CreateTrainingJob` input of `job` named `job_name`, as a builder (what `apply`
/// sends with `send_with`).
pub fn input(job: &Job, job_name: &str) -> Result<CreateTrainingJobInputBuilder, LowerError> {
    let mut builder = CreateTrainingJobInput::builder()
        .training_job_name(job_name)
        .algorithm_specification(algorithm_specification(job))
        .role_arn(&job.role)
        .output_data_config(output_data_config(job))
        .resource_config(resource_config(job)?)
        .stopping_condition(stopping_condition(job)?)
        .set_input_data_config(channels(job)?)
        .set_vpc_config(vpc_config(job))
        .set_tags(job.tags.as_ref().map(|tags| self::tags(tags.iter())))
        .set_checkpoint_config(checkpoint_config(job))
        .set_debug_hook_config(job.debug_hook.as_ref().map(debug_hook_config))
        .profiler_config(profiler_config(&job.profiler))
        .set_tensor_board_output_config(job.tensorboard.as_ref().map(|tb| {
            TensorBoardOutputConfig::builder()
                .s3_output_path(&tb.s3_output_path)
                .set_local_path(tb.local_path.clone())
                .build()
        }))
        .set_environment(environment(job))
        .set_retry_strategy(retry_strategy(job)?)
        .set_infra_check_config(
            job.enable_infra_check.map(|on| InfraCheckConfig::builder().enable_infra_check(on).build()),
        )
        .set_remote_debug_config(
            job.enable_remote_debug.map(|on| RemoteDebugConfig::builder().enable_remote_debug(on).build()),
        )
        .set_session_chaining_config(
            job.enable_session_tag_chaining
                .map(|on| SessionChainingConfig::builder().enable_session_tag_chaining(on).build()),
        )
        .set_experiment_config(experiment_config(job))
        .set_debug_rule_configurations(rule_configurations(&job.rules.debugger, job_name, |rule, parameters| {
            DebugRuleConfiguration::builder()
                .rule_configuration_name(&rule.name)
                .rule_evaluator_image(&rule.image)
                .set_local_path(rule.local_path.clone())
                .set_s3_output_path(rule.s3_output_path.clone())
                .set_rule_parameters(parameters)
                .build()
        }))
        .set_profiler_rule_configurations(rule_configurations(&job.rules.profiler, job_name, |rule, parameters| {
            ProfilerRuleConfiguration::builder()
                .rule_configuration_name(&rule.name)
                .rule_evaluator_image(&rule.image)
                .set_local_path(rule.local_path.clone())
                .set_s3_output_path(rule.s3_output_path.clone())
                .set_rule_parameters(parameters)
                .build()
        }));
    for (key, value) in hyperparameters::encoded(job, job_name) {
        builder = builder.hyper_parameters(key, value);
    }
    if job.enable_network_isolation {
        builder = builder.enable_network_isolation(true);
    }
    if job.encrypt_inter_container_traffic {
        builder = builder.enable_inter_container_traffic_encryption(true);
    }
    if job.use_spot_instances {
        builder = builder.enable_managed_spot_training(true);
    }
    // Fail here rather than at send time if the SDK ever makes a member required.
    builder.clone().build().map_err(|error| LowerError::Build(error.to_string()))?;
    Ok(builder)
}

/// `value` as the API's 32-bit integer, or an error naming the manifest key.
pub fn int(field: &'static str, value: i64) -> Result<i32, LowerError> {
    i32::try_from(value).map_err(|_| LowerError::OutOfRange { field, value })
}

fn algorithm_specification(job: &Job) -> AlgorithmSpecification {
    let training_image_config = job.training_image_config.as_ref().map(|(mode, provider)| {
        TrainingImageConfig::builder()
            .training_repository_access_mode(TrainingRepositoryAccessMode::from(mode.as_str()))
            .set_training_repository_auth_config(provider.as_ref().map(|arn| {
                TrainingRepositoryAuthConfig::builder().training_repository_credentials_provider_arn(arn).build()
            }))
            .build()
    });
    AlgorithmSpecification::builder()
        .set_training_image_config(training_image_config)
        .training_input_mode(TrainingInputMode::from(job.input_mode.as_str()))
        .training_image(&job.training_image)
        .set_metric_definitions(metric_definitions(job))
        .set_enable_sage_maker_metrics_time_series(job.metrics_time_series)
        .set_container_entrypoint(job.container_entry_point.clone())
        .set_container_arguments(job.container_arguments.clone())
        .build()
}

/// `MetricDefinitions`, when the job has any.
pub fn metric_definitions(job: &Job) -> Option<Vec<MetricDefinition>> {
    job.metric_definitions.as_ref().map(|metrics| {
        metrics.iter().map(|m| MetricDefinition::builder().name(&m.name).regex(&m.regex).build()).collect()
    })
}

/// `OutputDataConfig`.
pub fn output_data_config(job: &Job) -> OutputDataConfig {
    OutputDataConfig::builder()
        .s3_output_path(&job.output.s3_output_path)
        .set_kms_key_id(job.output.kms_key.clone())
        .set_compression_type(
            job.output.compression_disabled.then(|| OutputCompressionType::from(OUTPUT_COMPRESSION_NONE)),
        )
        .build()
}

/// `StoppingCondition`: `max_run`, and `max_wait` for spot.
pub fn stopping_condition(job: &Job) -> Result<StoppingCondition, LowerError> {
    Ok(StoppingCondition::builder()
        .max_runtime_in_seconds(int("max_run", job.max_run)?)
        .set_max_wait_time_in_seconds(job.max_wait.map(|w| int("max_wait", w)).transpose()?)
        .set_max_pending_time_in_seconds(
            job.max_pending_time.map(|p| int("max_pending_time_in_seconds", p)).transpose()?,
        )
        .build())
}

/// `VpcConfig`, when the job has subnets and security groups.
pub fn vpc_config(job: &Job) -> Option<VpcConfig> {
    job.vpc.as_ref().map(|vpc| {
        VpcConfig::builder()
            .set_subnets(Some(vpc.subnets.clone()))
            .set_security_group_ids(Some(vpc.security_group_ids.clone()))
            .build()
    })
}

/// `Tags` from key/value pairs, in order.
pub fn tags<'t>(tags: impl Iterator<Item = (&'t String, &'t String)>) -> Vec<Tag> {
    tags.map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()
}

/// `CheckpointConfig`.
pub fn checkpoint_config(job: &Job) -> Option<CheckpointConfig> {
    job.checkpoint
        .as_ref()
        .map(|c| CheckpointConfig::builder().s3_uri(&c.s3_uri).set_local_path(c.local_path.clone()).build())
}

/// `Environment` (its order is restored by [`super::wire::MapOrders`]).
pub fn environment(job: &Job) -> Option<std::collections::HashMap<String, String>> {
    job.environment.as_ref().map(|env| env.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// `RetryStrategy`.
pub fn retry_strategy(job: &Job) -> Result<Option<RetryStrategy>, LowerError> {
    job.max_retry_attempts
        .map(|n| int("max_retry_attempts", n).map(|n| RetryStrategy::builder().maximum_retry_attempts(n).build()))
        .transpose()
}

fn resource_config(job: &Job) -> Result<ResourceConfig, LowerError> {
    let builder = ResourceConfig::builder()
        .volume_size_in_gb(int("volume_size", job.volume_size)?)
        .set_volume_kms_key_id(job.volume_kms_key.clone())
        .set_keep_alive_period_in_seconds(
            job.keep_alive_period_in_seconds.map(|s| int("keep_alive_period_in_seconds", s)).transpose()?,
        )
        .set_training_plan_arn(job.training_plan.clone())
        .set_instance_placement_config(instance_placement_config(job)?);
    let builder = match &job.compute {
        Compute::Single { instance_type, instance_count } => builder
            .instance_type(TrainingInstanceType::from(instance_type.as_str()))
            .instance_count(int("instance_count", *instance_count)?),
        Compute::Groups(groups) => {
            let groups = groups
                .iter()
                .map(|g| {
                    Ok(InstanceGroup::builder()
                        .instance_group_name(&g.name)
                        .instance_type(TrainingInstanceType::from(g.instance_type.as_str()))
                        .instance_count(int("instance_count", g.instance_count)?)
                        .build())
                })
                .collect::<Result<Vec<_>, LowerError>>()?;
            builder.set_instance_groups(Some(groups))
        }
    };
    Ok(builder.build())
}

/// The job's channels, plus the code channel under network isolation; `None` when there
/// are none (the SDK then leaves `InputDataConfig` out).
pub fn channels(job: &Job) -> Result<Option<Vec<SdkChannel>>, LowerError> {
    let mut all: Vec<SdkChannel> = job.channels.iter().map(channel).collect();
    if job.enable_network_isolation {
        if job.channels.iter().any(|c| c.name == CODE_CHANNEL) {
            return Err(LowerError::DuplicateChannel(CODE_CHANNEL.to_owned()));
        }
        all.push(channel(&Channel::s3(CODE_CHANNEL, &job.code.tarball_uri)));
    }
    Ok((!all.is_empty()).then_some(all))
}

fn channel(channel: &Channel) -> SdkChannel {
    let data_source = match &channel.source {
        ChannelSource::S3 { uri, data_type, distribution, attribute_names, instance_groups } => DataSource::builder()
            .s3_data_source(
                S3DataSource::builder()
                    .s3_data_type(S3DataType::from(data_type.as_str()))
                    .s3_uri(uri)
                    .set_s3_data_distribution_type(distribution.map(|d| S3DataDistribution::from(d.as_str())))
                    .set_attribute_names(attribute_names.clone())
                    .set_instance_group_names(instance_groups.clone())
                    .build(),
            )
            .build(),
        ChannelSource::FileSystem { id, file_system_type, directory_path, access_mode } => DataSource::builder()
            .file_system_data_source(
                FileSystemDataSource::builder()
                    .file_system_id(id)
                    .file_system_type(FileSystemType::from(file_system_type.as_str()))
                    .directory_path(directory_path)
                    .file_system_access_mode(FileSystemAccessMode::from(access_mode.as_str()))
                    .build(),
            )
            .build(),
    };
    SdkChannel::builder()
        .channel_name(&channel.name)
        .data_source(data_source)
        .set_content_type(channel.content_type.clone())
        .set_compression_type(channel.compression.map(|c| CompressionType::from(c.as_str())))
        .set_record_wrapper_type(channel.record_wrapping.map(|r| RecordWrapper::from(r.as_str())))
        .set_input_mode(channel.input_mode.map(|m| TrainingInputMode::from(m.as_str())))
        .set_shuffle_config(channel.shuffle_seed.map(|seed| ShuffleConfig::builder().seed(seed).build()))
        .build()
}

fn debug_hook_config(hook: &DebugHook) -> DebugHookConfig {
    let collections = hook
        .collections
        .iter()
        .map(|c| {
            CollectionConfiguration::builder()
                .collection_name(&c.name)
                .set_collection_parameters(
                    c.parameters.as_ref().map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
                )
                .build()
        })
        .collect();
    DebugHookConfig::builder()
        .s3_output_path(&hook.s3_output_path)
        .set_local_path(hook.local_path.clone())
        .set_hook_parameters(
            hook.hook_parameters.as_ref().map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        )
        .set_collection_configurations(Some(collections))
        .build()
}

fn profiler_config(profiler: &Profiler) -> ProfilerConfig {
    ProfilerConfig::builder()
        .set_s3_output_path(profiler.s3_output_path.clone())
        .set_profiling_interval_in_milliseconds(profiler.interval_millis)
        .disable_profiler(profiler.disabled)
        .build()
}

/// `ResourceConfig.InstancePlacementConfig`, copied as written.
fn instance_placement_config(job: &Job) -> Result<Option<InstancePlacementConfig>, LowerError> {
    let Some(config) = &job.instance_placement else {
        return Ok(None);
    };
    let specifications = config
        .placement_specifications
        .as_ref()
        .map(|specs| {
            specs
                .iter()
                .map(|spec| {
                    Ok(PlacementSpecification::builder()
                        .set_ultra_server_id(spec.ultra_server_id.clone())
                        .set_instance_count(
                            spec.instance_count
                                .map(|n| int("instance_placement_config.instance_count", n))
                                .transpose()?,
                        )
                        .build())
                })
                .collect::<Result<Vec<_>, LowerError>>()
        })
        .transpose()?;
    Ok(Some(
        InstancePlacementConfig::builder()
            .set_enable_multiple_jobs(config.enable_multiple_jobs)
            .set_placement_specifications(specifications)
            .build(),
    ))
}

/// `ExperimentConfig`, when the job reports to an experiment.
fn experiment_config(job: &Job) -> Option<ExperimentConfig> {
    job.experiment.as_ref().map(|config| {
        ExperimentConfig::builder()
            .set_experiment_name(config.experiment_name.clone())
            .set_trial_name(config.trial_name.clone())
            .set_trial_component_display_name(config.trial_component_display_name.clone())
            .set_run_name(config.run_name.clone())
            .build()
    })
}

/// `DebugRuleConfigurations` or `ProfilerRuleConfigurations`; `None` when there are none
/// (the SDK then leaves the member out).
fn rule_configurations<T>(
    rules: &[RuleConfig],
    job_name: &str,
    build: impl Fn(&RuleConfig, Option<std::collections::HashMap<String, String>>) -> T,
) -> Option<Vec<T>> {
    (!rules.is_empty()).then(|| {
        rules
            .iter()
            .map(|rule| {
                let parameters = rule.parameters_for(job_name);
                build(rule, (!parameters.is_empty()).then(|| parameters.into_iter().collect()))
            })
            .collect()
    })
}
