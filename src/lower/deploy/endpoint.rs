//! A resolved [`Endpoint`] → `CreateEndpointConfig` (named by content) and
//! `CreateEndpoint` (its stable name).

use aws_sdk_sagemaker::operation::create_endpoint::CreateEndpointInput;
use aws_sdk_sagemaker::operation::create_endpoint::builders::CreateEndpointInputBuilder;
use aws_sdk_sagemaker::operation::create_endpoint_config::CreateEndpointConfigInput;
use aws_sdk_sagemaker::operation::create_endpoint_config::builders::CreateEndpointConfigInputBuilder;
use aws_sdk_sagemaker::types::{
    AsyncInferenceClientConfig, AsyncInferenceConfig, AsyncInferenceNotificationConfig, AsyncInferenceOutputConfig,
    CaptureContentTypeHeader, CaptureMode, CaptureOption, DataCaptureConfig, ProductionVariant,
    ProductionVariantInstanceType, ProductionVariantServerlessConfig,
};
use indexmap::IndexMap;
use serde_json::Value as Json;

use super::super::identity;
use super::super::request::tags;
use super::super::wire;
use super::{DeployLowerError, int, printed};
use crate::facts::deploy::{INITIAL_VARIANT_WEIGHT, VARIANT_NAME};

/// The operations an endpoint sends.
pub const CREATE_ENDPOINT_CONFIG: &str = "CreateEndpointConfig";
/// As [`CREATE_ENDPOINT_CONFIG`].
pub const CREATE_ENDPOINT: &str = "CreateEndpoint";
/// The request member that holds the configuration's name.
const CONFIG_NAME_MEMBER: &str = "EndpointConfigName";
/// The longest endpoint name kept whole before a configuration's `-<12 hex>`: the API's
/// names have at most 63 characters.
const CONFIG_BASE_CHARS: usize = 63 - 1 - identity::NAME_HASH_LEN;

/// The production variant's capacity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Variant {
    /// Instances.
    Instances {
        /// `InstanceType`.
        instance_type: String,
        /// `InitialInstanceCount`.
        count: i64,
        /// `VolumeSizeInGB`.
        volume_size: Option<i64>,
        /// `ModelDataDownloadTimeoutInSeconds`.
        download_timeout: Option<i64>,
        /// `ContainerStartupHealthCheckTimeoutInSeconds`.
        startup_timeout: Option<i64>,
    },
    /// `ServerlessConfig`.
    Serverless {
        /// `MemorySizeInMB`.
        memory_mb: i64,
        /// `MaxConcurrency`.
        max_concurrency: i64,
        /// `ProvisionedConcurrency`.
        provisioned: Option<i64>,
    },
}

/// `DataCaptureConfig`, with the SDK's defaults applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataCapture {
    /// `EnableCapture`.
    pub enabled: bool,
    /// `InitialSamplingPercentage`.
    pub percentage: i64,
    /// `DestinationS3Uri`.
    pub destination: String,
    /// `KmsKeyId`.
    pub kms_key: Option<String>,
    /// `CaptureOptions` as `CaptureMode` values (`Input`, `Output`).
    pub modes: Vec<&'static str>,
    /// `CaptureContentTypeHeader.CsvContentTypes`.
    pub csv_types: Vec<String>,
    /// `CaptureContentTypeHeader.JsonContentTypes`.
    pub json_types: Vec<String>,
}

/// `AsyncInferenceConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsyncInference {
    /// `OutputConfig.S3OutputPath`.
    pub output_path: String,
    /// `OutputConfig.S3FailurePath`.
    pub failure_path: String,
    /// `OutputConfig.KmsKeyId`.
    pub kms_key: Option<String>,
    /// `OutputConfig.NotificationConfig`: success and error topics.
    pub notification: Option<(Option<String>, Option<String>)>,
    /// `ClientConfig.MaxConcurrentInvocationsPerInstance`.
    pub max_concurrent: Option<i64>,
}

/// An endpoint with every SDK default applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `EndpointName`.
    pub name: String,
    /// AWS region.
    pub region: String,
    /// The model it serves (its final name).
    pub model_name: String,
    /// The variant's capacity.
    pub variant: Variant,
    /// `DataCaptureConfig`.
    pub data_capture: Option<DataCapture>,
    /// `AsyncInferenceConfig`.
    pub async_inference: Option<AsyncInference>,
    /// `KmsKeyId`.
    pub kms_key: Option<String>,
    /// `Tags` of the configuration and the endpoint.
    pub tags: IndexMap<String, String>,
}

/// A lowered endpoint: its configuration, named by content, and the endpoint.
#[derive(Clone, Debug)]
pub struct LoweredEndpoint {
    /// The configuration's name: `<config_base>-<12 hex>`.
    pub config_name: String,
    /// The endpoint name, cut to fit, that starts every configuration of the endpoint.
    pub config_base: String,
    /// The `CreateEndpointConfig` input.
    pub config_input: CreateEndpointConfigInputBuilder,
    /// As printed.
    pub config_request: Json,
    /// The `CreateEndpoint` input.
    pub endpoint_input: CreateEndpointInputBuilder,
    /// As printed.
    pub endpoint_request: Json,
}

/// The `CreateEndpointConfig` input of `endpoint` under `config_name`.
pub fn config_input(
    endpoint: &Endpoint,
    config_name: &str,
) -> Result<CreateEndpointConfigInputBuilder, DeployLowerError> {
    let variant = ProductionVariant::builder()
        .variant_name(VARIANT_NAME)
        .model_name(&endpoint.model_name)
        .initial_variant_weight(INITIAL_VARIANT_WEIGHT);
    let variant = match &endpoint.variant {
        Variant::Instances { instance_type, count, volume_size, download_timeout, startup_timeout } => variant
            .initial_instance_count(int("initial_instance_count", *count)?)
            .instance_type(ProductionVariantInstanceType::from(instance_type.as_str()))
            .set_volume_size_in_gb(volume_size.map(|v| int("volume_size", v)).transpose()?)
            .set_model_data_download_timeout_in_seconds(
                download_timeout.map(|v| int("model_data_download_timeout", v)).transpose()?,
            )
            .set_container_startup_health_check_timeout_in_seconds(
                startup_timeout.map(|v| int("container_startup_health_check_timeout", v)).transpose()?,
            ),
        Variant::Serverless { memory_mb, max_concurrency, provisioned } => variant.serverless_config(
            ProductionVariantServerlessConfig::builder()
                .memory_size_in_mb(int("memory_size_in_mb", *memory_mb)?)
                .max_concurrency(int("max_concurrency", *max_concurrency)?)
                .set_provisioned_concurrency(provisioned.map(|p| int("provisioned_concurrency", p)).transpose()?)
                .build(),
        ),
    };
    let builder = CreateEndpointConfigInput::builder()
        .endpoint_config_name(config_name)
        .production_variants(variant.build())
        .set_data_capture_config(endpoint.data_capture.as_ref().map(data_capture).transpose()?)
        .set_async_inference_config(endpoint.async_inference.as_ref().map(async_inference).transpose()?)
        .set_kms_key_id(endpoint.kms_key.clone())
        .set_tags((!endpoint.tags.is_empty()).then(|| tags(endpoint.tags.iter())));
    builder.clone().build().map_err(|error| DeployLowerError::Build(error.to_string()))?;
    Ok(builder)
}

fn data_capture(capture: &DataCapture) -> Result<DataCaptureConfig, DeployLowerError> {
    Ok(DataCaptureConfig::builder()
        .enable_capture(capture.enabled)
        .initial_sampling_percentage(int("sampling_percentage", capture.percentage)?)
        .destination_s3_uri(&capture.destination)
        .set_kms_key_id(capture.kms_key.clone())
        .set_capture_options(Some(
            capture
                .modes
                .iter()
                .map(|mode| CaptureOption::builder().capture_mode(CaptureMode::from(*mode)).build())
                .collect(),
        ))
        .capture_content_type_header(
            CaptureContentTypeHeader::builder()
                .set_csv_content_types(Some(capture.csv_types.clone()))
                .set_json_content_types(Some(capture.json_types.clone()))
                .build(),
        )
        .build())
}

fn async_inference(config: &AsyncInference) -> Result<AsyncInferenceConfig, DeployLowerError> {
    let output = AsyncInferenceOutputConfig::builder()
        .s3_output_path(&config.output_path)
        .s3_failure_path(&config.failure_path)
        .set_kms_key_id(config.kms_key.clone())
        .set_notification_config(config.notification.as_ref().map(|(success, error)| {
            AsyncInferenceNotificationConfig::builder()
                .set_success_topic(success.clone())
                .set_error_topic(error.clone())
                .build()
        }))
        .build();
    Ok(AsyncInferenceConfig::builder()
        .output_config(output)
        .set_client_config(
            config
                .max_concurrent
                .map(|n| {
                    int("max_concurrent_invocations_per_instance", n).map(|n| {
                        AsyncInferenceClientConfig::builder().max_concurrent_invocations_per_instance(n).build()
                    })
                })
                .transpose()?,
        )
        .build())
}

/// The `CreateEndpoint` input: `Tags` always sent, `[]` when there are none (as the SDK).
pub fn endpoint_input(endpoint: &Endpoint, config_name: &str) -> CreateEndpointInputBuilder {
    CreateEndpointInput::builder()
        .endpoint_name(&endpoint.name)
        .endpoint_config_name(config_name)
        .set_tags(Some(tags(endpoint.tags.iter())))
}

/// Lowers `endpoint`: the configuration named by its content, then the endpoint.
pub fn lower(endpoint: &Endpoint) -> Result<LoweredEndpoint, DeployLowerError> {
    let base: String = endpoint.name.chars().take(CONFIG_BASE_CHARS).collect();
    let base = base.trim_end_matches('-').to_owned();
    let provisional = wire::capture_body(config_input(endpoint, &base)?, &endpoint.region)?;
    let provisional: Json = serde_json::from_slice(&provisional).map_err(super::super::wire::WireError::from)?;
    let config_name =
        identity::hashed_name(&base, &identity::content_hash_named(&provisional, CONFIG_NAME_MEMBER, None));
    let config_input = config_input(endpoint, &config_name)?;
    let config_request = printed(
        serde_json::from_slice(&wire::capture_body(config_input.clone(), &endpoint.region)?)
            .map_err(super::super::wire::WireError::from)?,
    );
    let endpoint_input = endpoint_input(endpoint, &config_name);
    endpoint_input.clone().build().map_err(|error| DeployLowerError::Build(error.to_string()))?;
    let endpoint_request = serde_json::from_slice(&wire::capture_body(endpoint_input.clone(), &endpoint.region)?)
        .map_err(super::super::wire::WireError::from)?;
    Ok(LoweredEndpoint {
        config_name,
        config_base: base,
        config_input,
        config_request,
        endpoint_input,
        endpoint_request,
    })
}
