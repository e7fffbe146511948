//! A resolved [`Model`] → `CreateModel`, named by content.

use aws_sdk_sagemaker::operation::create_model::CreateModelInput;
use aws_sdk_sagemaker::operation::create_model::builders::CreateModelInputBuilder;
use aws_sdk_sagemaker::types::{
    ContainerDefinition, ModelCompressionType, ModelDataSource, S3ModelDataSource, S3ModelDataType, VpcConfig,
};
use indexmap::IndexMap;
use serde_json::Value as Json;

use super::super::identity;
use super::super::request::tags;
use super::super::wire::{self, MapOrders};
use super::{DeployLowerError, printed};
use crate::job::JobName;

/// The operation a model sends.
pub const OPERATION: &str = "CreateModel";
/// The request member that holds the model's name.
const NAME_MEMBER: &str = "ModelName";

/// Where the model's artifact comes from, as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelData {
    /// `ModelDataUrl`: a `model.tar.gz`.
    Url(String),
    /// `ModelDataSource.S3DataSource`: uncompressed data.
    Source {
        /// `S3Uri`.
        uri: String,
        /// `S3DataType`.
        data_type: String,
        /// `CompressionType`.
        compression: String,
    },
}

/// What happens to the inference code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repack {
    /// No code: the artifact is served as it is.
    None,
    /// The artifact is repacked with `code/` and uploaded to `<prefix><model name>/model.tar.gz`.
    Artifact {
        /// `s3://bucket/` or `s3://bucket/prefix/`.
        prefix: String,
    },
    /// Pre-TorchServe PyTorch: the code goes to `<prefix><model name>/sourcedir.tar.gz`,
    /// named by `SAGEMAKER_SUBMIT_DIRECTORY`.
    SourceTarball {
        /// As for [`Repack::Artifact`].
        prefix: String,
    },
}

/// A model with every SDK default applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// How it is named.
    pub name: JobName,
    /// AWS region.
    pub region: String,
    /// `ExecutionRoleArn`.
    pub role: String,
    /// `PrimaryContainer.Image`.
    pub image: String,
    /// The artifact as written or resolved (before any repack).
    pub model_data: ModelData,
    /// `PrimaryContainer.Environment`, in order, without the entries naming the model
    /// (see [`Model::environment_for`]).
    pub environment: IndexMap<String, String>,
    /// The code's repack.
    pub repack: Repack,
    /// sha256 of the packed inference code, when there is code.
    pub code_sha256: Option<String>,
    /// The inference code, when there is code (packed again by `apply`'s repack).
    pub code: Option<crate::package::Sources>,
    /// The training job whose artifact the model serves (`model_data: {training_job}`).
    pub trained_by: Option<String>,
    /// `EnableNetworkIsolation` (sent only when true).
    pub enable_network_isolation: bool,
    /// `VpcConfig`: subnets and security groups.
    pub vpc: Option<(Vec<String>, Vec<String>)>,
    /// `Tags`, in order (left out when there are none).
    pub tags: Option<IndexMap<String, String>>,
    /// The environment variable that names the code's location once the model has its
    /// name (`SAGEMAKER_SUBMIT_DIRECTORY` for [`Repack::SourceTarball`]).
    pub submit_directory_key: Option<&'static str>,
}

impl Model {
    /// `ModelDataUrl` / `ModelDataSource` of the model named `model_name`.
    fn model_data_for(&self, model_name: &str) -> ModelData {
        match &self.repack {
            Repack::Artifact { prefix } => {
                ModelData::Url(format!("{prefix}{model_name}/{}", crate::facts::deploy::REPACKED_ARTIFACT))
            }
            Repack::None | Repack::SourceTarball { .. } => self.model_data.clone(),
        }
    }

    /// The environment of the model named `model_name`.
    pub fn environment_for(&self, model_name: &str) -> IndexMap<String, String> {
        let mut environment = self.environment.clone();
        if let (Repack::SourceTarball { prefix }, Some(key)) = (&self.repack, self.submit_directory_key)
            && let Some(value) = environment.get_mut(key)
            // Only the placeholder `resolve` wrote; a value from the user's `env` stays.
            && *value == format!("{prefix}{}", crate::facts::deploy::LEGACY_CODE_TARBALL)
        {
            *value = format!("{prefix}{model_name}/{}", crate::facts::deploy::LEGACY_CODE_TARBALL);
        }
        environment
    }

    /// The repacked artifact or code tarball this model uploads, once named.
    pub fn upload_for(&self, model_name: &str) -> Option<String> {
        match &self.repack {
            Repack::None => None,
            Repack::Artifact { prefix } => {
                Some(format!("{prefix}{model_name}/{}", crate::facts::deploy::REPACKED_ARTIFACT))
            }
            Repack::SourceTarball { prefix } => {
                Some(format!("{prefix}{model_name}/{}", crate::facts::deploy::LEGACY_CODE_TARBALL))
            }
        }
    }
}

/// A lowered, named model.
#[derive(Clone, Debug)]
pub struct LoweredModel {
    /// The model name.
    pub name: String,
    /// sha256 (hex) of the name-independent request and the code.
    pub content_hash: String,
    /// The input `apply` sends.
    pub input: CreateModelInputBuilder,
    /// The request as printed.
    pub request: Json,
}

/// The `CreateModel` input of `model` named `model_name`.
pub fn input(model: &Model, model_name: &str) -> Result<CreateModelInputBuilder, DeployLowerError> {
    let container = ContainerDefinition::builder()
        .image(&model.image)
        .set_environment(Some(model.environment_for(model_name).into_iter().collect()));
    let container = match model.model_data_for(model_name) {
        ModelData::Url(url) => container.model_data_url(url),
        ModelData::Source { uri, data_type, compression } => container.model_data_source(
            ModelDataSource::builder()
                .s3_data_source(
                    S3ModelDataSource::builder()
                        .s3_uri(uri)
                        .s3_data_type(S3ModelDataType::from(data_type.as_str()))
                        .compression_type(ModelCompressionType::from(compression.as_str()))
                        .build(),
                )
                .build(),
        ),
    };
    let mut builder = CreateModelInput::builder()
        .model_name(model_name)
        .execution_role_arn(&model.role)
        .primary_container(container.build())
        .set_vpc_config(model.vpc.as_ref().map(|(subnets, groups)| {
            VpcConfig::builder().set_subnets(Some(subnets.clone())).set_security_group_ids(Some(groups.clone())).build()
        }))
        .set_tags(model.tags.as_ref().map(|t| tags(t.iter())));
    if model.enable_network_isolation {
        builder = builder.enable_network_isolation(true);
    }
    builder.clone().build().map_err(|error| DeployLowerError::Build(error.to_string()))?;
    Ok(builder)
}

/// Lowers `model` under a provisional name, hashes it with its code, names it, and lowers
/// it again under its name.
pub fn lower(model: &Model) -> Result<LoweredModel, DeployLowerError> {
    let provisional_name = match &model.name {
        JobName::Exact(name) | JobName::Hashed { base: name } => name.clone(),
    };
    let provisional = lower_as(model, &provisional_name)?;
    // The repack replaces the artifact's URI in the request, so the source artifact is
    // hashed next to the code: another artifact with the same code is another model.
    let source = match &model.model_data {
        ModelData::Url(url) => url.clone(),
        ModelData::Source { uri, data_type, compression } => format!("{uri} {data_type} {compression}"),
    };
    let inputs = format!("{} {source}", model.code_sha256.as_deref().unwrap_or("-"));
    let content_hash = identity::content_hash_named(&provisional.1, NAME_MEMBER, Some(&inputs));
    let name = match &model.name {
        JobName::Exact(name) => name.clone(),
        JobName::Hashed { base } => identity::hashed_name(base, &content_hash),
    };
    let (input, request) = if name == provisional_name { provisional } else { lower_as(model, &name)? };
    Ok(LoweredModel { name, content_hash, input, request })
}

fn lower_as(model: &Model, name: &str) -> Result<(CreateModelInputBuilder, Json), DeployLowerError> {
    let input = input(model, name)?;
    let body = wire::capture_body(input.clone(), &model.region)?;
    let orders = MapOrders {
        maps: vec![("/PrimaryContainer/Environment".to_owned(), model.environment_for(name).keys().cloned().collect())],
    };
    Ok((input, printed(wire::ordered_body(&body, &orders)?)))
}
