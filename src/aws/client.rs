//! [`Aws`]: the real implementation of the traits in [`crate::aws`], on the AWS SDK for Rust.
//!
//! Configuration, in one place ([`Aws::connect`]):
//!
//! - **Credentials and region**: aws-config's default chain (environment, shared
//!   profiles, SSO, web identity, IMDS), with `--profile` and `--region` on top.
//! - **Endpoints**: `--endpoint-url` for every service; otherwise the SDK's own
//!   `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_SAGEMAKER`, `AWS_ENDPOINT_URL_S3`, … variables.
//!   When any endpoint is overridden, S3 uses path-style addressing (emulators such as
//!   moto do not resolve `<bucket>.127.0.0.1`).
//! - **Retries**: the SDK's adaptive mode (standard retries plus client-side rate limiting
//!   after throttling), [`MAX_ATTEMPTS`] attempts, unless `AWS_RETRY_MODE` or
//!   `AWS_MAX_ATTEMPTS` is set, in which case the SDK reads those instead.
//! - **Timeouts**: [`CONNECT_TIMEOUT`], [`ATTEMPT_TIMEOUT`] and [`OPERATION_TIMEOUT`], so
//!   an unreachable endpoint fails instead of hanging.
//! - **Loopback guard**: with `SAGESPEC_LOOPBACK_ONLY=1`, every request whose host is not
//!   a loopback address is refused before it is sent (the integration tests set it, to
//!   prove nothing leaves the machine).
//!
//! Credentials are never printed: nothing here formats the config, the credentials or a
//! request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::SdkConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_cloudwatchlogs::operation::filter_log_events::FilterLogEventsError;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration, ServerSideEncryption};
use aws_sdk_sagemaker::config::Region;
use aws_sdk_sagemaker::operation::create_endpoint::builders::CreateEndpointInputBuilder;
use aws_sdk_sagemaker::operation::create_endpoint_config::builders::CreateEndpointConfigInputBuilder;
use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::CreateHyperParameterTuningJobInput;
use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
use aws_sdk_sagemaker::operation::create_model::builders::CreateModelInputBuilder;
use aws_sdk_sagemaker::operation::create_training_job::CreateTrainingJobInput;
use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;
use aws_sdk_sagemaker::operation::describe_hyper_parameter_tuning_job::DescribeHyperParameterTuningJobOutput;
use aws_sdk_sagemaker::operation::describe_training_job::DescribeTrainingJobOutput;
use aws_sdk_sagemaker::types::Tag;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use super::pages::every_page;
use super::{
    AwsError, AwsErrorKind, BestTrainingJob, CreateOutcome, DeleteOutcome, Identity, JobStatus, JobSummary,
    LiveEndpoint, LiveEndpointConfig, LiveJob, LiveModel, LiveTuning, LogEvent, LogPage, LogSource, ObjectStore,
    Objective, ResourceSummary, SageMakerApi, TrainingCounters, Transition,
};

/// Attempts per call (the first and the retries) unless `AWS_MAX_ATTEMPTS` says otherwise.
pub const MAX_ATTEMPTS: u32 = 5;
/// How long a TCP (and TLS) connection may take to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one attempt of a call may take.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a call may take, retries included.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(180);
/// The variable that turns on the loopback guard.
pub const LOOPBACK_ONLY_VAR: &str = "SAGESPEC_LOOPBACK_ONLY";

/// Variables that, when set, mean an endpoint is overridden for S3.
const S3_ENDPOINT_VARS: &[&str] = &["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"];

/// The command line's AWS settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsOptions {
    /// `--region`.
    pub region: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
}

/// AWS, through the SDK: one client per service and region, made on first use.
#[derive(Clone, Debug)]
pub struct Aws {
    base: SdkConfig,
    path_style: bool,
    loopback_only: bool,
    clients: Arc<Mutex<HashMap<String, RegionClients>>>,
}

#[derive(Clone, Debug)]
struct RegionClients {
    sagemaker: aws_sdk_sagemaker::Client,
    s3: aws_sdk_s3::Client,
    sts: aws_sdk_sts::Client,
    logs: aws_sdk_cloudwatchlogs::Client,
}

impl Aws {
    /// Loads the configuration (no call is made yet).
    pub async fn connect(options: &AwsOptions) -> Self {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(profile) = &options.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &options.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &options.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if !env_is_set("AWS_RETRY_MODE") && !env_is_set("AWS_MAX_ATTEMPTS") {
            loader = loader.retry_config(RetryConfig::adaptive().with_max_attempts(MAX_ATTEMPTS));
        }
        loader = loader.timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                .operation_timeout(OPERATION_TIMEOUT)
                .build(),
        );
        let base = loader.load().await;
        let path_style = options.endpoint_url.is_some() || S3_ENDPOINT_VARS.iter().any(|var| env_is_set(var));
        let loopback_only = std::env::var(LOOPBACK_ONLY_VAR).is_ok_and(|value| value == "1");
        Self { base, path_style, loopback_only, clients: Arc::default() }
    }

    /// AWS through an SDK configuration made elsewhere (credentials, region, endpoint,
    /// retries, timeouts all as `base` says), with the loopback guard on or off; S3 uses
    /// path-style addressing when `base` overrides the endpoint. For callers that must not
    /// read the process environment, such as the integration tests, which hand it fixed
    /// credentials and a loopback endpoint.
    pub fn with_config(base: SdkConfig, loopback_only: bool) -> Self {
        let path_style = base.endpoint_url().is_some();
        Self { base, path_style, loopback_only, clients: Arc::default() }
    }

    /// The region of the configuration chain (`--region`, `AWS_REGION`, the profile).
    pub fn default_region(&self) -> Option<String> {
        self.base.region().map(ToString::to_string)
    }

    /// What a client of another service needs to be made like the ones here (the account
    /// checks' clients, `super::account_client`): the base configuration, the loopback
    /// guard, and whether S3 uses path-style addressing.
    pub(super) fn parts(&self) -> (&SdkConfig, LoopbackGuard, bool) {
        (&self.base, LoopbackGuard { enabled: self.loopback_only }, self.path_style)
    }

    fn clients(&self, region: &str) -> RegionClients {
        let mut clients = match self.clients.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        clients.entry(region.to_owned()).or_insert_with(|| self.build_clients(region)).clone()
    }

    fn build_clients(&self, region: &str) -> RegionClients {
        let region = Region::new(region.to_owned());
        let guard = LoopbackGuard { enabled: self.loopback_only };
        let sagemaker = aws_sdk_sagemaker::config::Builder::from(&self.base)
            .region(region.clone())
            .interceptor(guard.clone())
            .build();
        let s3 = aws_sdk_s3::config::Builder::from(&self.base)
            .region(region.clone())
            .force_path_style(self.path_style)
            .interceptor(guard.clone())
            .build();
        let sts =
            aws_sdk_sts::config::Builder::from(&self.base).region(region.clone()).interceptor(guard.clone()).build();
        let logs = aws_sdk_cloudwatchlogs::config::Builder::from(&self.base).region(region).interceptor(guard).build();
        RegionClients {
            sagemaker: aws_sdk_sagemaker::Client::from_conf(sagemaker),
            s3: aws_sdk_s3::Client::from_conf(s3),
            sts: aws_sdk_sts::Client::from_conf(sts),
            logs: aws_sdk_cloudwatchlogs::Client::from_conf(logs),
        }
    }
}

fn env_is_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|value| !value.is_empty())
}

/// Whether a Describe (or Delete) error means "no such job" (or model, endpoint
/// configuration, endpoint). SageMaker answers `ValidationException: Requested resource
/// not found.` (or `ResourceNotFound` for a tuning job, `ValidationException: Could not
/// find model "<arn>".` for the deployment resources); moto answers `ValidationException:
/// Could not find training job …` and `ResourceNotFound: Could not find hyper parameter
/// tuning job …`.
pub(super) fn is_missing_job(error: &AwsError) -> bool {
    let message = error.service_message().unwrap_or_default().to_ascii_lowercase();
    match error.code() {
        Some("ResourceNotFound") => true,
        Some("ValidationException") => message.contains("not found") || message.contains("could not find"),
        _ => false,
    }
}

const SAGEMAKER: &str = "SageMaker";

impl SageMakerApi for Aws {
    async fn describe_training_job(&self, region: &str, name: &str) -> Result<Option<LiveJob>, AwsError> {
        let client = self.clients(region).sagemaker;
        let output = match client.describe_training_job().training_job_name(name).send().await {
            Ok(output) => output,
            Err(error) => {
                let error = AwsError::from_sdk(SAGEMAKER, "DescribeTrainingJob", &error);
                return if is_missing_job(&error) { Ok(None) } else { Err(error) };
            }
        };
        Ok(Some(LiveJob {
            name: output.training_job_name().unwrap_or(name).to_owned(),
            status: JobStatus::parse(output.training_job_status().map_or("", |s| s.as_str())),
            secondary_status: output.secondary_status().map(|s| s.as_str().to_owned()),
            transitions: output
                .secondary_status_transitions()
                .iter()
                .map(|t| Transition {
                    status: t.status().map_or(String::new(), |s| s.as_str().to_owned()),
                    message: t.status_message().map(ToOwned::to_owned),
                })
                .collect(),
            failure_reason: output.failure_reason().map(ToOwned::to_owned),
        }))
    }

    async fn create_training_job(
        &self,
        region: &str,
        input: CreateTrainingJobInputBuilder,
    ) -> Result<CreateOutcome, AwsError> {
        let client = self.clients(region).sagemaker;
        match input.send_with(&client).await {
            Ok(_) => Ok(CreateOutcome::Created),
            Err(error)
                if error.as_service_error().is_some_and(
                    aws_sdk_sagemaker::operation::create_training_job::CreateTrainingJobError::is_resource_in_use,
                ) =>
            {
                Ok(CreateOutcome::AlreadyExists)
            }
            Err(error) => Err(AwsError::from_sdk(SAGEMAKER, "CreateTrainingJob", &error)),
        }
    }

    async fn list_training_jobs(&self, region: &str, name_contains: &str) -> Result<Vec<JobSummary>, AwsError> {
        let client = &self.clients(region).sagemaker;
        every_page(|token| async move {
            let output = client
                .list_training_jobs()
                .name_contains(name_contains)
                .max_results(100)
                .set_next_token(token)
                .send()
                .await
                .map_err(|error| AwsError::from_sdk(SAGEMAKER, "ListTrainingJobs", &error))?;
            let jobs = output
                .training_job_summaries()
                .iter()
                .map(|summary| JobSummary {
                    name: summary.training_job_name().unwrap_or_default().to_owned(),
                    status: JobStatus::parse(summary.training_job_status().map_or("", |s| s.as_str())),
                    created_epoch_ms: summary.creation_time().and_then(|time| time.to_millis().ok()),
                })
                .collect();
            Ok((jobs, output.next_token().map(ToOwned::to_owned)))
        })
        .await
    }

    async fn stop_training_job(&self, region: &str, name: &str) -> Result<(), AwsError> {
        let client = self.clients(region).sagemaker;
        client
            .stop_training_job()
            .training_job_name(name)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "StopTrainingJob", &error))
    }

    async fn describe_tuning_job(&self, region: &str, name: &str) -> Result<Option<LiveTuning>, AwsError> {
        let client = self.clients(region).sagemaker;
        let output =
            match client.describe_hyper_parameter_tuning_job().hyper_parameter_tuning_job_name(name).send().await {
                Ok(output) => output,
                Err(error) => {
                    let error = AwsError::from_sdk(SAGEMAKER, "DescribeHyperParameterTuningJob", &error);
                    return if is_missing_job(&error) { Ok(None) } else { Err(error) };
                }
            };
        let counters =
            output.training_job_status_counters().map_or_else(TrainingCounters::default, |c| TrainingCounters {
                completed: c.completed().unwrap_or_default(),
                in_progress: c.in_progress().unwrap_or_default(),
                retryable_error: c.retryable_error().unwrap_or_default(),
                non_retryable_error: c.non_retryable_error().unwrap_or_default(),
                stopped: c.stopped().unwrap_or_default(),
            });
        let best = output.best_training_job().and_then(|best| {
            Some(BestTrainingJob {
                name: best.training_job_name().filter(|name| !name.is_empty())?.to_owned(),
                tuned: best
                    .tuned_hyper_parameters()
                    .map(|tuned| tuned.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default(),
                objective: best.final_hyper_parameter_tuning_job_objective_metric().and_then(|metric| {
                    Some(Objective {
                        metric: metric.metric_name().unwrap_or_default().to_owned(),
                        value: metric.value()?,
                    })
                }),
            })
        });
        Ok(Some(LiveTuning {
            name: output.hyper_parameter_tuning_job_name().unwrap_or(name).to_owned(),
            status: JobStatus::parse(output.hyper_parameter_tuning_job_status().map_or("", |s| s.as_str())),
            counters,
            best,
            failure_reason: output.failure_reason().filter(|reason| !reason.is_empty()).map(ToOwned::to_owned),
        }))
    }

    async fn create_tuning_job(
        &self,
        region: &str,
        input: CreateHyperParameterTuningJobInputBuilder,
    ) -> Result<CreateOutcome, AwsError> {
        use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::CreateHyperParameterTuningJobError;
        let client = self.clients(region).sagemaker;
        match input.send_with(&client).await {
            Ok(_) => Ok(CreateOutcome::Created),
            Err(error)
                if error.as_service_error().is_some_and(CreateHyperParameterTuningJobError::is_resource_in_use) =>
            {
                Ok(CreateOutcome::AlreadyExists)
            }
            Err(error) => Err(AwsError::from_sdk(SAGEMAKER, "CreateHyperParameterTuningJob", &error)),
        }
    }

    async fn list_tuning_jobs(&self, region: &str, name_contains: &str) -> Result<Vec<JobSummary>, AwsError> {
        let client = &self.clients(region).sagemaker;
        every_page(|token| async move {
            let output = client
                .list_hyper_parameter_tuning_jobs()
                .name_contains(name_contains)
                .max_results(100)
                .set_next_token(token)
                .send()
                .await
                .map_err(|error| AwsError::from_sdk(SAGEMAKER, "ListHyperParameterTuningJobs", &error))?;
            let jobs = output
                .hyper_parameter_tuning_job_summaries()
                .iter()
                .map(|summary| JobSummary {
                    name: summary.hyper_parameter_tuning_job_name().unwrap_or_default().to_owned(),
                    status: JobStatus::parse(summary.hyper_parameter_tuning_job_status().map_or("", |s| s.as_str())),
                    created_epoch_ms: summary.creation_time().and_then(|time| time.to_millis().ok()),
                })
                .collect();
            Ok((jobs, output.next_token().map(ToOwned::to_owned)))
        })
        .await
    }

    async fn stop_tuning_job(&self, region: &str, name: &str) -> Result<(), AwsError> {
        let client = self.clients(region).sagemaker;
        client
            .stop_hyper_parameter_tuning_job()
            .hyper_parameter_tuning_job_name(name)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "StopHyperParameterTuningJob", &error))
    }

    async fn describe_training_input(
        &self,
        region: &str,
        name: &str,
    ) -> Result<Option<CreateTrainingJobInputBuilder>, AwsError> {
        let client = self.clients(region).sagemaker;
        let described = client.describe_training_job().training_job_name(name).send().await;
        let described = described.map_err(|error| AwsError::from_sdk(SAGEMAKER, "DescribeTrainingJob", &error));
        let Some(output) = super::deploy::described(described)? else {
            return Ok(None);
        };
        let tags = tags_of(&client, output.training_job_arn()).await?;
        Ok(Some(create_input_of(output).set_tags(tags)))
    }

    async fn describe_tuning_input(
        &self,
        region: &str,
        name: &str,
    ) -> Result<Option<CreateHyperParameterTuningJobInputBuilder>, AwsError> {
        let client = self.clients(region).sagemaker;
        let described = client.describe_hyper_parameter_tuning_job().hyper_parameter_tuning_job_name(name).send().await;
        let described =
            described.map_err(|error| AwsError::from_sdk(SAGEMAKER, "DescribeHyperParameterTuningJob", &error));
        let Some(output) = super::deploy::described(described)? else {
            return Ok(None);
        };
        let tags = tags_of(&client, output.hyper_parameter_tuning_job_arn()).await?;
        Ok(Some(tuning_input_of(output).set_tags(tags)))
    }

    async fn create_model(&self, region: &str, input: CreateModelInputBuilder) -> Result<CreateOutcome, AwsError> {
        super::deploy::create_model(&self.clients(region).sagemaker, input).await
    }

    async fn describe_model(&self, region: &str, name: &str) -> Result<Option<LiveModel>, AwsError> {
        super::deploy::describe_model(&self.clients(region).sagemaker, name).await
    }

    async fn delete_model(&self, region: &str, name: &str) -> Result<DeleteOutcome, AwsError> {
        super::deploy::delete_model(&self.clients(region).sagemaker, name).await
    }

    async fn list_models(&self, region: &str, name_contains: &str) -> Result<Vec<ResourceSummary>, AwsError> {
        super::deploy::list_models(&self.clients(region).sagemaker, name_contains).await
    }

    async fn create_endpoint_config(
        &self,
        region: &str,
        input: CreateEndpointConfigInputBuilder,
    ) -> Result<CreateOutcome, AwsError> {
        super::deploy::create_endpoint_config(&self.clients(region).sagemaker, input).await
    }

    async fn describe_endpoint_config(&self, region: &str, name: &str) -> Result<Option<LiveEndpointConfig>, AwsError> {
        super::deploy::describe_endpoint_config(&self.clients(region).sagemaker, name).await
    }

    async fn delete_endpoint_config(&self, region: &str, name: &str) -> Result<DeleteOutcome, AwsError> {
        super::deploy::delete_endpoint_config(&self.clients(region).sagemaker, name).await
    }

    async fn list_endpoint_configs(&self, region: &str, name_contains: &str) -> Result<Vec<ResourceSummary>, AwsError> {
        super::deploy::list_endpoint_configs(&self.clients(region).sagemaker, name_contains).await
    }

    async fn create_endpoint(
        &self,
        region: &str,
        input: CreateEndpointInputBuilder,
    ) -> Result<CreateOutcome, AwsError> {
        super::deploy::create_endpoint(&self.clients(region).sagemaker, input).await
    }

    async fn update_endpoint(&self, region: &str, name: &str, config_name: &str) -> Result<(), AwsError> {
        super::deploy::update_endpoint(&self.clients(region).sagemaker, name, config_name).await
    }

    async fn describe_endpoint(&self, region: &str, name: &str) -> Result<Option<LiveEndpoint>, AwsError> {
        super::deploy::describe_endpoint(&self.clients(region).sagemaker, name).await
    }

    async fn delete_endpoint(&self, region: &str, name: &str) -> Result<DeleteOutcome, AwsError> {
        super::deploy::delete_endpoint(&self.clients(region).sagemaker, name).await
    }

    async fn list_endpoints(&self, region: &str, name_contains: &str) -> Result<Vec<ResourceSummary>, AwsError> {
        super::deploy::list_endpoints(&self.clients(region).sagemaker, name_contains).await
    }
}

/// Every `CreateTrainingJob` member a DescribeTrainingJob output holds, copied as it is.
/// The rest of the output (status, times, ARNs, metrics, evaluation statuses) describes
/// the run, not the request. `Tags` (ListTags) and `SessionChainingConfig` (no describe
/// returns it) are not in it.
fn create_input_of(output: DescribeTrainingJobOutput) -> CreateTrainingJobInputBuilder {
    let DescribeTrainingJobOutput {
        training_job_name,
        hyper_parameters,
        algorithm_specification,
        role_arn,
        input_data_config,
        output_data_config,
        resource_config,
        vpc_config,
        stopping_condition,
        enable_network_isolation,
        enable_inter_container_traffic_encryption,
        enable_managed_spot_training,
        checkpoint_config,
        debug_hook_config,
        experiment_config,
        debug_rule_configurations,
        tensor_board_output_config,
        profiler_config,
        profiler_rule_configurations,
        environment,
        retry_strategy,
        remote_debug_config,
        infra_check_config,
        serverless_job_config,
        mlflow_config,
        model_package_config,
        ..
    } = output;
    CreateTrainingJobInput::builder()
        .set_training_job_name(training_job_name)
        .set_hyper_parameters(hyper_parameters)
        .set_algorithm_specification(algorithm_specification)
        .set_role_arn(role_arn)
        .set_input_data_config(input_data_config)
        .set_output_data_config(output_data_config)
        .set_resource_config(resource_config)
        .set_vpc_config(vpc_config)
        .set_stopping_condition(stopping_condition)
        .set_enable_network_isolation(enable_network_isolation)
        .set_enable_inter_container_traffic_encryption(enable_inter_container_traffic_encryption)
        .set_enable_managed_spot_training(enable_managed_spot_training)
        .set_checkpoint_config(checkpoint_config)
        .set_debug_hook_config(debug_hook_config)
        .set_experiment_config(experiment_config)
        .set_debug_rule_configurations(debug_rule_configurations)
        .set_tensor_board_output_config(tensor_board_output_config)
        .set_profiler_config(profiler_config)
        .set_profiler_rule_configurations(profiler_rule_configurations)
        .set_environment(environment)
        .set_retry_strategy(retry_strategy)
        .set_remote_debug_config(remote_debug_config)
        .set_infra_check_config(infra_check_config)
        .set_serverless_job_config(serverless_job_config)
        .set_mlflow_config(mlflow_config)
        .set_model_package_config(model_package_config)
}

/// Every `CreateHyperParameterTuningJob` member a DescribeHyperParameterTuningJob output
/// holds, copied as it is. The rest (status, times, counters, best training job) describes
/// the run, not the request; `Tags` (ListTags) is not in it.
fn tuning_input_of(output: DescribeHyperParameterTuningJobOutput) -> CreateHyperParameterTuningJobInputBuilder {
    let DescribeHyperParameterTuningJobOutput {
        hyper_parameter_tuning_job_name,
        hyper_parameter_tuning_job_config,
        training_job_definition,
        training_job_definitions,
        warm_start_config,
        autotune,
        ..
    } = output;
    CreateHyperParameterTuningJobInput::builder()
        .set_hyper_parameter_tuning_job_name(hyper_parameter_tuning_job_name)
        .set_hyper_parameter_tuning_job_config(hyper_parameter_tuning_job_config)
        .set_training_job_definition(training_job_definition)
        .set_training_job_definitions(training_job_definitions)
        .set_warm_start_config(warm_start_config)
        .set_autotune(autotune)
}

/// ListTags on `arn`, every page.
/// The tags of the resource `arn`, when SageMaker named one.
async fn tags_of(client: &aws_sdk_sagemaker::Client, arn: Option<&str>) -> Result<Option<Vec<Tag>>, AwsError> {
    match arn {
        Some(arn) => Ok(Some(list_tags(client, arn).await?)),
        None => Ok(None),
    }
}

async fn list_tags(client: &aws_sdk_sagemaker::Client, arn: &str) -> Result<Vec<Tag>, AwsError> {
    every_page(|token| async move {
        let page = client
            .list_tags()
            .resource_arn(arn)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "ListTags", &error))?;
        Ok((page.tags().to_vec(), page.next_token().map(ToOwned::to_owned)))
    })
    .await
}

const S3: &str = "S3";

impl ObjectStore for Aws {
    async fn object_exists(&self, region: &str, bucket: &str, key: &str) -> Result<bool, AwsError> {
        let client = self.clients(region).s3;
        match client.head_object().bucket(bucket).key(key).send().await {
            Ok(_) => Ok(true),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(aws_sdk_s3::operation::head_object::HeadObjectError::is_not_found) =>
            {
                Ok(false)
            }
            Err(error) => Err(AwsError::from_sdk(S3, "HeadObject", &error)),
        }
    }

    async fn put_object(&self, region: &str, bucket: &str, key: &str, bytes: Vec<u8>) -> Result<(), AwsError> {
        let client = self.clients(region).s3;
        client
            .put_object()
            .bucket(bucket)
            .key(key)
            .body(ByteStream::from(bytes))
            .server_side_encryption(ServerSideEncryption::AwsKms)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| AwsError::from_sdk(S3, "PutObject", &error))
    }

    async fn ensure_bucket(&self, region: &str, bucket: &str) -> Result<(), AwsError> {
        let client = self.clients(region).s3;
        match client.head_bucket().bucket(bucket).send().await {
            Ok(_) => return Ok(()),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(aws_sdk_s3::operation::head_bucket::HeadBucketError::is_not_found) => {}
            Err(error) => return Err(AwsError::from_sdk(S3, "HeadBucket", &error)),
        }
        let mut create = client.create_bucket().bucket(bucket);
        if region != "us-east-1" {
            create = create.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region))
                    .build(),
            );
        }
        match create.send().await {
            Ok(_) => Ok(()),
            // Created meanwhile by us (a retried attempt) or a concurrent run.
            Err(error)
                if error.as_service_error().is_some_and(
                    aws_sdk_s3::operation::create_bucket::CreateBucketError::is_bucket_already_owned_by_you,
                ) =>
            {
                Ok(())
            }
            Err(error) => Err(AwsError::from_sdk(S3, "CreateBucket", &error)),
        }
    }

    async fn get_object(&self, region: &str, bucket: &str, key: &str, max_bytes: usize) -> Result<Vec<u8>, AwsError> {
        let client = self.clients(region).s3;
        let output = client
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk(S3, "GetObject", &error))?;
        let too_large = || {
            AwsError::new(
                S3,
                "GetObject",
                AwsErrorKind::Other(format!("s3://{bucket}/{key} is larger than {max_bytes} bytes; not downloaded")),
            )
        };
        let announced = output.content_length().and_then(|length| usize::try_from(length).ok());
        if announced.is_some_and(|length| length > max_bytes) {
            return Err(too_large());
        }
        // Read by chunks, so a body longer than announced is cut off too.
        let mut body = output.body;
        let mut bytes = Vec::with_capacity(announced.unwrap_or(0).min(max_bytes));
        while let Some(chunk) = body.try_next().await.map_err(|error| {
            AwsError::new(S3, "GetObject", AwsErrorKind::Unreachable(format!("the object's body broke off: {error}")))
        })? {
            if bytes.len() + chunk.len() > max_bytes {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }
}

impl Identity for Aws {
    async fn account_id(&self, region: &str) -> Result<String, AwsError> {
        let client = self.clients(region).sts;
        let output = client
            .get_caller_identity()
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("STS", "GetCallerIdentity", &error))?;
        output.account().map(ToOwned::to_owned).ok_or_else(|| {
            AwsError::new("STS", "GetCallerIdentity", super::AwsErrorKind::Other("the answer has no account id".into()))
        })
    }
}

impl LogSource for Aws {
    async fn log_events(
        &self,
        region: &str,
        group: &str,
        stream_prefix: &str,
        start_ms: Option<i64>,
        next_token: Option<String>,
    ) -> Result<LogPage, AwsError> {
        let client = self.clients(region).logs;
        let output = client
            .filter_log_events()
            .log_group_name(group)
            .log_stream_name_prefix(stream_prefix)
            .set_start_time(start_ms)
            .set_next_token(next_token)
            .send()
            .await;
        let output = match output {
            Ok(output) => output,
            // No log group yet: the job has not written a line.
            Err(error)
                if error.as_service_error().is_some_and(FilterLogEventsError::is_resource_not_found_exception) =>
            {
                return Ok(LogPage::default());
            }
            Err(error) => return Err(AwsError::from_sdk("CloudWatch Logs", "FilterLogEvents", &error)),
        };
        Ok(LogPage {
            events: output
                .events()
                .iter()
                .map(|event| LogEvent {
                    stream: event.log_stream_name().unwrap_or_default().to_owned(),
                    timestamp_ms: event.timestamp().unwrap_or_default(),
                    message: event.message().unwrap_or_default().to_owned(),
                    id: event.event_id().unwrap_or_default().to_owned(),
                })
                .collect(),
            next_token: output.next_token().filter(|token| !token.is_empty()).map(ToOwned::to_owned),
        })
    }
}

/// Refuses requests to hosts that are not loopback addresses, when enabled.
#[derive(Clone, Debug)]
pub(super) struct LoopbackGuard {
    enabled: bool,
}

/// The error a refused request ends with.
#[derive(Debug, thiserror::Error)]
#[error("refusing to send a request to {0}: {LOOPBACK_ONLY_VAR}=1 allows only loopback addresses")]
struct NotLoopback(String);

impl Intercept for LoopbackGuard {
    fn name(&self) -> &'static str {
        "sagespec::LoopbackGuard"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let uri = context.request().uri();
        if !self.enabled || is_loopback_uri(uri) {
            return Ok(());
        }
        Err(Box::new(NotLoopback(uri.split('?').next().unwrap_or(uri).to_owned())))
    }
}

/// Whether `uri`'s host is `localhost`, `::1` or in `127.0.0.0/8`.
fn is_loopback_uri(uri: &str) -> bool {
    let rest = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    match host.parse::<std::net::IpAddr>() {
        Ok(address) => address.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_pass_the_guard() {
        assert!(is_loopback_uri("http://127.0.0.1:5000/"));
        assert!(is_loopback_uri("http://127.0.0.1:5000/bucket/key?x=1"));
        assert!(is_loopback_uri("http://localhost/"));
        assert!(is_loopback_uri("http://[::1]:80/"));
        assert!(!is_loopback_uri("https://api.sagemaker.us-west-2.amazonaws.com/"));
        assert!(!is_loopback_uri("https://bucket.s3.us-west-2.amazonaws.com/key"));
        assert!(!is_loopback_uri("http://127.0.0.1.nip.io/"));
        assert!(!is_loopback_uri("http://10.0.0.1:5000/"));
    }

    #[test]
    fn missing_jobs_are_recognised_in_sagemakers_and_motos_words() {
        let error = |code: &str, message: &str| {
            AwsError::new(
                SAGEMAKER,
                "DescribeTrainingJob",
                super::super::AwsErrorKind::Service { code: code.into(), message: message.into() },
            )
        };
        assert!(is_missing_job(&error("ValidationException", "Requested resource not found.")));
        assert!(is_missing_job(&error("ValidationException", "Could not find training job 'arn:…'.")));
        assert!(!is_missing_job(&error("ValidationException", "1 validation error detected")));
        assert!(!is_missing_job(&error("AccessDeniedException", "not found")));
    }
}
