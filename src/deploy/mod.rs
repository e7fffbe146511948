//! Deploying the trained model: the models, endpoint configurations and endpoints that
//! Endpoint manifests ask for (`design/manifest.md` §6–§7), planned and applied as the
//! jobs are, and destroyed on request.
//!
//! ```text
//! Endpoint manifest ──compile──▶ Deployment { model, config, endpoint }
//!   ──observe──▶ Live (SageMaker's view) ──plan──▶ rows: create / update / up to date / delete
//!   ──execute──▶ repack, CreateModel, CreateEndpointConfig, CreateEndpoint | UpdateEndpoint,
//!                wait for InService, then delete the configuration replaced
//! ```
//!
//! - [`observe`] asks SageMaker about each deployment (a handful of calls each);
//! - [`plan`] decides every action from the desired and the live state, and is the only
//!   place that does; [`changes`] names the fields an update changes;
//! - [`execute`] carries a plan out, one deployment's steps in order, deployments
//!   concurrently; [`endpoint_wait`] follows an endpoint until SageMaker is done with it;
//! - [`destroy`] finds and deletes everything a manifest created.
//!
//! Names make it safe: a model and a configuration are named by their content, so one
//! that exists under its name is the one wanted and is never created twice; only the
//! endpoint keeps its name across changes, and moves to a new configuration with
//! UpdateEndpoint. The configuration it replaced is deleted only once the endpoint runs
//! the new one and is `InService`, so the endpoint never names a missing configuration
//! (unlike terraform-provider-aws #40048).

pub mod changes;
pub mod destroy;
pub mod endpoint_wait;
pub mod execute;
pub mod observe;
pub mod plan;
#[cfg(test)]
mod tests;

use aws_sdk_sagemaker::operation::create_endpoint::builders::CreateEndpointInputBuilder;
use aws_sdk_sagemaker::operation::create_endpoint_config::builders::CreateEndpointConfigInputBuilder;
use aws_sdk_sagemaker::operation::create_model::builders::CreateModelInputBuilder;
use serde::Serialize;

use crate::package::Sources;

/// The deployment resources sagespec manages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    /// A model (`CreateModel`).
    Model,
    /// An endpoint configuration (`CreateEndpointConfig`).
    EndpointConfig,
    /// An endpoint (`CreateEndpoint` / `UpdateEndpoint`).
    Endpoint,
}

impl ResourceKind {
    /// The word the plan table shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Model => "model",
            Self::EndpointConfig => "endpoint-config",
            Self::Endpoint => "endpoint",
        }
    }
}

/// An S3 object: a bucket and a key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct S3Object {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
}

impl S3Object {
    /// `s3://bucket/key` split, `None` when it is not one.
    pub fn parse(uri: &str) -> Option<Self> {
        let (bucket, key) = crate::job::split_s3_object(uri)?;
        Some(Self { bucket: bucket.to_owned(), key: key.to_owned() })
    }
}

impl std::fmt::Display for S3Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.key)
    }
}

/// What must be in S3 before the model is created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Artifact {
    /// The artifact as written or trained: nothing to upload.
    AsWritten,
    /// The artifact `from`, repacked with the inference code into `to`
    /// (`crate::repack`).
    Repacked {
        /// The `model.tar.gz` to repack.
        from: S3Object,
        /// Where the repacked archive goes (named by the model, so by its content).
        to: S3Object,
        /// The inference code.
        code: Sources,
    },
    /// Pre-TorchServe PyTorch: the code's own `sourcedir.tar.gz`, uploaded to `to`.
    CodeTarball {
        /// Where it goes.
        to: S3Object,
        /// The inference code.
        code: Sources,
    },
}

impl Artifact {
    /// The object this artifact uploads, if any.
    pub fn upload(&self) -> Option<&S3Object> {
        match self {
            Self::AsWritten => None,
            Self::Repacked { to, .. } | Self::CodeTarball { to, .. } => Some(to),
        }
    }
}

/// The model a deployment serves.
#[derive(Clone, Debug)]
pub struct DesiredModel {
    /// The model name.
    pub name: String,
    /// The base `name` of a content-addressed model; `None` for an exact `model_name`.
    pub base_name: Option<String>,
    /// The `CreateModel` input.
    pub input: CreateModelInputBuilder,
    /// The training job whose artifact it serves: the model is created once that job has
    /// completed.
    pub trained_by: Option<String>,
    /// What is uploaded first.
    pub artifact: Artifact,
}

/// The endpoint configuration a deployment runs.
#[derive(Clone, Debug)]
pub struct DesiredConfig {
    /// Its name, `<base>-<12 hex>`.
    pub name: String,
    /// The start of every configuration name of this endpoint.
    pub base: String,
    /// The `CreateEndpointConfig` input.
    pub input: CreateEndpointConfigInputBuilder,
}

/// The endpoint.
#[derive(Clone, Debug)]
pub struct DesiredEndpoint {
    /// Its stable name.
    pub name: String,
    /// The `CreateEndpoint` input (its configuration named).
    pub input: CreateEndpointInputBuilder,
}

/// What one Endpoint manifest deploys.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// The manifest, as the user named it.
    pub manifest: String,
    /// The region.
    pub region: String,
    /// The model it serves.
    pub model: DesiredModel,
    /// The configuration it runs.
    pub config: DesiredConfig,
    /// The endpoint.
    pub endpoint: DesiredEndpoint,
    /// The default bucket `sagemaker-<region>-<account>`, when a path uses it (created if
    /// missing, as the SDK's `Session.default_bucket()` does).
    pub default_bucket: Option<String>,
}
