//! The deployment calls of [`super::client::Aws`] (Model, EndpointConfig, Endpoint), on
//! the AWS SDK for Rust: the SDK's answers turned into the plain data of [`crate::aws`].
//!
//! How SageMaker answers what is not plain success, and how each is read here:
//!
//! | Situation | SageMaker's answer | Read as |
//! |---|---|---|
//! | Describe/Delete of a missing model, configuration or endpoint | `ValidationException: Could not find model "arn:…"` (…`endpoint configuration`, …`endpoint`) | `Ok(None)` / [`DeleteOutcome::NotFound`] |
//! | Create of a name already taken | `ValidationException: Cannot create already existing model "arn:…"` (or `ResourceInUse`) | [`CreateOutcome::AlreadyExists`] |
//!
//! The already-exists patterns are the SDK's own ([`ALREADY_EXISTS_CODES`],
//! [`ALREADY_EXISTS_MESSAGES`]; source: SageMaker Python SDK 2.257.7,
//! `session.py` `_create_resource` and `Session.create_model`). Missing resources are
//! recognised as the training calls recognise a missing job (`client::is_missing_job`:
//! `ResourceNotFound`, or a `ValidationException` saying "could not find" / "not found").
//!
//! moto (the integration tests' emulator) ignores `NameContains` on ListModels, so the
//! list calls also keep only the names that contain it, ignoring ASCII case (so nothing
//! SageMaker's own filter returns is dropped); callers match names exactly themselves.
//!
//! DescribeEndpointConfig is read only for its model and capacity: a configuration is
//! named by its content (`crate::lower::deploy`), so one that exists under its name is the
//! one wanted.

use aws_sdk_sagemaker::Client;
use aws_sdk_sagemaker::operation::create_endpoint::builders::CreateEndpointInputBuilder;
use aws_sdk_sagemaker::operation::create_endpoint_config::builders::CreateEndpointConfigInputBuilder;
use aws_sdk_sagemaker::operation::create_model::builders::CreateModelInputBuilder;
use aws_sdk_sagemaker::types::{ContainerDefinition, ProductionVariant};

use super::pages::every_page;
use super::{
    AwsError, CreateOutcome, DeleteOutcome, EndpointStatus, LiveCapacity, LiveEndpoint, LiveEndpointConfig, LiveModel,
    LiveModelData, LiveVariant, ResourceSummary,
};

const SAGEMAKER: &str = "SageMaker";

/// Error codes that, with one of [`ALREADY_EXISTS_MESSAGES`], mean a Create found its name
/// taken (source: SDK 2.257.7 `session._create_resource`).
pub const ALREADY_EXISTS_CODES: &[&str] = &["ValidationException", "ResourceInUse"];
/// As [`ALREADY_EXISTS_CODES`].
pub const ALREADY_EXISTS_MESSAGES: &[&str] = &["Cannot create already existing", "already exists"];

/// Whether a Create failed because the name is taken.
pub fn is_already_existing(error: &AwsError) -> bool {
    let message = error.service_message().unwrap_or_default();
    error.code().is_some_and(|code| ALREADY_EXISTS_CODES.contains(&code))
        && ALREADY_EXISTS_MESSAGES.iter().any(|pattern| message.contains(pattern))
}

/// A Create's error as its outcome: taken names are [`CreateOutcome::AlreadyExists`].
fn created(result: Result<(), AwsError>) -> Result<CreateOutcome, AwsError> {
    match result {
        Ok(()) => Ok(CreateOutcome::Created),
        Err(error) if is_already_existing(&error) => Ok(CreateOutcome::AlreadyExists),
        Err(error) => Err(error),
    }
}

/// A Delete's error as its outcome: a missing resource is [`DeleteOutcome::NotFound`].
fn deleted(result: Result<(), AwsError>) -> Result<DeleteOutcome, AwsError> {
    match result {
        Ok(()) => Ok(DeleteOutcome::Deleted),
        Err(error) if super::client::is_missing_job(&error) => Ok(DeleteOutcome::NotFound),
        Err(error) => Err(error),
    }
}

/// A Describe's error: a missing resource is `Ok(None)`.
pub(super) fn described<T>(result: Result<T, AwsError>) -> Result<Option<T>, AwsError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(error) if super::client::is_missing_job(&error) => Ok(None),
        Err(error) => Err(error),
    }
}

pub(super) async fn create_model(client: &Client, input: CreateModelInputBuilder) -> Result<CreateOutcome, AwsError> {
    created(
        input.send_with(client).await.map(|_| ()).map_err(|error| AwsError::from_sdk(SAGEMAKER, "CreateModel", &error)),
    )
}

pub(super) async fn describe_model(client: &Client, name: &str) -> Result<Option<LiveModel>, AwsError> {
    let output = client
        .describe_model()
        .model_name(name)
        .send()
        .await
        .map_err(|error| AwsError::from_sdk(SAGEMAKER, "DescribeModel", &error));
    let Some(output) = described(output)? else { return Ok(None) };
    let container: Option<&ContainerDefinition> = output.primary_container().or_else(|| output.containers().first());
    Ok(Some(LiveModel {
        name: output.model_name().unwrap_or(name).to_owned(),
        image: container.and_then(ContainerDefinition::image).map(ToOwned::to_owned),
        model_data: container.and_then(live_model_data),
        environment: container
            .and_then(ContainerDefinition::environment)
            .map(|environment| environment.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        role: output.execution_role_arn().map(ToOwned::to_owned),
    }))
}

/// The model a `CreateModel` input creates, as DescribeModel would describe it.
pub fn live_model_of(input: &CreateModelInputBuilder) -> LiveModel {
    let container = input.get_primary_container().as_ref();
    LiveModel {
        name: input.get_model_name().clone().unwrap_or_default(),
        image: container.and_then(ContainerDefinition::image).map(ToOwned::to_owned),
        model_data: container.and_then(live_model_data),
        environment: container
            .and_then(ContainerDefinition::environment)
            .map(|environment| environment.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        role: input.get_execution_role_arn().clone(),
    }
}

/// Where a container's artifact is: `ModelDataUrl`, or `ModelDataSource.S3DataSource`.
/// Read from what DescribeModel answers and from what `CreateModel` sends alike, so the
/// two compare directly.
pub fn live_model_data(container: &ContainerDefinition) -> Option<LiveModelData> {
    if let Some(url) = container.model_data_url() {
        return Some(LiveModelData::Url(url.to_owned()));
    }
    let source = container.model_data_source()?.s3_data_source()?;
    Some(LiveModelData::Source {
        uri: source.s3_uri()?.to_owned(),
        data_type: source.s3_data_type().map_or(String::new(), |t| t.as_str().to_owned()),
        compression: source.compression_type().map_or(String::new(), |c| c.as_str().to_owned()),
    })
}

pub(super) async fn delete_model(client: &Client, name: &str) -> Result<DeleteOutcome, AwsError> {
    deleted(
        client
            .delete_model()
            .model_name(name)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "DeleteModel", &error)),
    )
}

pub(super) async fn list_models(client: &Client, name_contains: &str) -> Result<Vec<ResourceSummary>, AwsError> {
    let mut found = every_page(|token| async move {
        let output = client
            .list_models()
            .name_contains(name_contains)
            .max_results(100)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "ListModels", &error))?;
        let models = output
            .models()
            .iter()
            .map(|model| ResourceSummary {
                name: model.model_name().unwrap_or_default().to_owned(),
                created_epoch_seconds: model.creation_time().map(aws_smithy_types::DateTime::secs),
            })
            .collect();
        Ok((models, output.next_token().map(ToOwned::to_owned)))
    })
    .await?;
    found.retain(|summary| contains_ignoring_case(&summary.name, name_contains));
    Ok(found)
}

fn contains_ignoring_case(name: &str, part: &str) -> bool {
    name.to_ascii_lowercase().contains(&part.to_ascii_lowercase())
}

pub(super) async fn create_endpoint_config(
    client: &Client,
    input: CreateEndpointConfigInputBuilder,
) -> Result<CreateOutcome, AwsError> {
    created(
        input
            .send_with(client)
            .await
            .map(|_| ())
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "CreateEndpointConfig", &error)),
    )
}

pub(super) async fn describe_endpoint_config(
    client: &Client,
    name: &str,
) -> Result<Option<LiveEndpointConfig>, AwsError> {
    let output = client
        .describe_endpoint_config()
        .endpoint_config_name(name)
        .send()
        .await
        .map_err(|error| AwsError::from_sdk(SAGEMAKER, "DescribeEndpointConfig", &error));
    let Some(output) = described(output)? else { return Ok(None) };
    Ok(Some(LiveEndpointConfig {
        name: output.endpoint_config_name().unwrap_or(name).to_owned(),
        variants: output.production_variants().iter().map(live_variant).collect(),
        kms_key: output.kms_key_id().filter(|key| !key.is_empty()).map(ToOwned::to_owned),
    }))
}

/// A production variant as plain data: from DescribeEndpointConfig's answer and from what
/// `CreateEndpointConfig` sends alike, so the two compare directly.
pub fn live_variant(variant: &ProductionVariant) -> LiveVariant {
    let capacity = match (variant.instance_type(), variant.serverless_config()) {
        (Some(instance_type), _) => LiveCapacity::Instances {
            instance_type: instance_type.as_str().to_owned(),
            count: variant.initial_instance_count(),
            volume_size: variant.volume_size_in_gb(),
        },
        (None, Some(serverless)) => LiveCapacity::Serverless {
            memory_mb: serverless.memory_size_in_mb(),
            max_concurrency: serverless.max_concurrency(),
            provisioned: serverless.provisioned_concurrency(),
        },
        (None, None) => LiveCapacity::Unknown,
    };
    LiveVariant {
        name: variant.variant_name().unwrap_or_default().to_owned(),
        model_name: variant.model_name().unwrap_or_default().to_owned(),
        weight: variant.initial_variant_weight(),
        capacity,
    }
}

pub(super) async fn delete_endpoint_config(client: &Client, name: &str) -> Result<DeleteOutcome, AwsError> {
    deleted(
        client
            .delete_endpoint_config()
            .endpoint_config_name(name)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "DeleteEndpointConfig", &error)),
    )
}

pub(super) async fn list_endpoint_configs(
    client: &Client,
    name_contains: &str,
) -> Result<Vec<ResourceSummary>, AwsError> {
    let mut found = every_page(|token| async move {
        let output = client
            .list_endpoint_configs()
            .name_contains(name_contains)
            .max_results(100)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "ListEndpointConfigs", &error))?;
        let configs = output
            .endpoint_configs()
            .iter()
            .map(|config| ResourceSummary {
                name: config.endpoint_config_name().unwrap_or_default().to_owned(),
                created_epoch_seconds: config.creation_time().map(aws_smithy_types::DateTime::secs),
            })
            .collect();
        Ok((configs, output.next_token().map(ToOwned::to_owned)))
    })
    .await?;
    found.retain(|summary| contains_ignoring_case(&summary.name, name_contains));
    Ok(found)
}

pub(super) async fn list_endpoints(client: &Client, name_contains: &str) -> Result<Vec<ResourceSummary>, AwsError> {
    let mut found = every_page(|token| async move {
        let output = client
            .list_endpoints()
            .set_name_contains(Some(name_contains.to_owned()).filter(|part| !part.is_empty()))
            .max_results(100)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "ListEndpoints", &error))?;
        let endpoints = output
            .endpoints()
            .iter()
            .map(|endpoint| ResourceSummary {
                name: endpoint.endpoint_name().unwrap_or_default().to_owned(),
                created_epoch_seconds: endpoint.creation_time().map(aws_smithy_types::DateTime::secs),
            })
            .collect();
        Ok((endpoints, output.next_token().map(ToOwned::to_owned)))
    })
    .await?;
    found.retain(|summary| contains_ignoring_case(&summary.name, name_contains));
    Ok(found)
}

pub(super) async fn create_endpoint(
    client: &Client,
    input: CreateEndpointInputBuilder,
) -> Result<CreateOutcome, AwsError> {
    created(
        input
            .send_with(client)
            .await
            .map(|_| ())
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "CreateEndpoint", &error)),
    )
}

pub(super) async fn update_endpoint(client: &Client, name: &str, config_name: &str) -> Result<(), AwsError> {
    client
        .update_endpoint()
        .endpoint_name(name)
        .endpoint_config_name(config_name)
        .send()
        .await
        .map(|_| ())
        .map_err(|error| AwsError::from_sdk(SAGEMAKER, "UpdateEndpoint", &error))
}

pub(super) async fn describe_endpoint(client: &Client, name: &str) -> Result<Option<LiveEndpoint>, AwsError> {
    let output = client
        .describe_endpoint()
        .endpoint_name(name)
        .send()
        .await
        .map_err(|error| AwsError::from_sdk(SAGEMAKER, "DescribeEndpoint", &error));
    let Some(output) = described(output)? else { return Ok(None) };
    Ok(Some(LiveEndpoint {
        name: output.endpoint_name().unwrap_or(name).to_owned(),
        status: EndpointStatus::parse(output.endpoint_status().map_or("", |status| status.as_str())),
        config_name: output.endpoint_config_name().filter(|config| !config.is_empty()).map(ToOwned::to_owned),
        failure_reason: output.failure_reason().filter(|reason| !reason.is_empty()).map(ToOwned::to_owned),
    }))
}

pub(super) async fn delete_endpoint(client: &Client, name: &str) -> Result<DeleteOutcome, AwsError> {
    deleted(
        client
            .delete_endpoint()
            .endpoint_name(name)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| AwsError::from_sdk(SAGEMAKER, "DeleteEndpoint", &error)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::AwsErrorKind;

    fn error(code: &str, message: &str) -> AwsError {
        AwsError::new(SAGEMAKER, "CreateModel", AwsErrorKind::Service { code: code.into(), message: message.into() })
    }

    #[test]
    fn taken_names_are_recognised_as_the_sdk_recognises_them() {
        let existing = "Cannot create already existing model \"arn:aws:sagemaker:us-west-2:1:model/m\".";
        assert!(is_already_existing(&error("ValidationException", existing)));
        assert!(is_already_existing(&error("ResourceInUse", "Endpoint config e already exists")));
        assert!(!is_already_existing(&error("ValidationException", "Could not find model \"m\".")));
        assert!(!is_already_existing(&error("AccessDeniedException", existing)));
        assert_eq!(created(Err(error("ValidationException", existing))).ok(), Some(CreateOutcome::AlreadyExists));
        assert!(created(Err(error("ValidationException", "1 validation error detected"))).is_err());
    }

    #[test]
    fn missing_resources_are_none_or_not_found() {
        let missing = || Err::<(), _>(error("ValidationException", "Could not find endpoint \"arn:…\"."));
        assert_eq!(deleted(missing()).ok(), Some(DeleteOutcome::NotFound));
        assert_eq!(described(missing()).ok(), Some(None));
        assert!(described(Err::<(), _>(error("ThrottlingException", "Rate exceeded"))).is_err());
        assert_eq!(deleted(Ok(())).ok(), Some(DeleteOutcome::Deleted));
    }

    #[test]
    fn endpoint_statuses_round_trip_and_unknown_ones_are_kept() {
        for (status, text) in ENDPOINT_STATUSES_FOR_TEST {
            assert_eq!(EndpointStatus::parse(text), *status);
            assert_eq!(status.as_str(), *text);
        }
        assert_eq!(EndpointStatus::parse("Hibernating"), EndpointStatus::Other("Hibernating".into()));
        assert_eq!(EndpointStatus::parse("Hibernating").to_string(), "Hibernating");
        assert!(EndpointStatus::Updating.is_in_progress());
        assert!(!EndpointStatus::InService.is_in_progress());
        assert!(!EndpointStatus::Failed.is_in_progress());
    }

    /// Written out here, not read from the table under test.
    const ENDPOINT_STATUSES_FOR_TEST: &[(EndpointStatus, &str)] = &[
        (EndpointStatus::Creating, "Creating"),
        (EndpointStatus::Updating, "Updating"),
        (EndpointStatus::SystemUpdating, "SystemUpdating"),
        (EndpointStatus::RollingBack, "RollingBack"),
        (EndpointStatus::InService, "InService"),
        (EndpointStatus::OutOfService, "OutOfService"),
        (EndpointStatus::Deleting, "Deleting"),
        (EndpointStatus::Failed, "Failed"),
        (EndpointStatus::UpdateRollbackFailed, "UpdateRollbackFailed"),
    ];
}
