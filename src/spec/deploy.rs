//! `kind: Model` and `kind: Endpoint` as written (`design/manifest.md` §6): the SDK v2
//! `PyTorchModel(...)` / `TensorFlowModel(...)` and `model.deploy(...)`, key for key.
//!
//! These types are the single source of `schema/model.schema.json` and
//! `schema/endpoint.schema.json`; everything is optional here, the schemas say what is
//! required. Limits come from the API model (botocore 1.44.8 `service-2.json`).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::{ApiVersion, Framework, patterns};

/// The kind of object a model manifest describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ModelKind {
    /// A SageMaker model: an inference image and the artifact it serves.
    Model,
}

/// The kind of object an endpoint manifest describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum EndpointKind {
    /// A SageMaker endpoint serving one model.
    Endpoint,
}

/// A SageMaker model, declared. Keys mirror `PyTorchModel(...)` / `TensorFlowModel(...)`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sagespec model")]
pub struct ModelManifest {
    /// Manifest format version. Always `sagespec/v1`.
    #[serde(rename = "apiVersion")]
    #[schemars(required)]
    pub api_version: Option<ApiVersion>,

    /// What this manifest declares. Always `Model`.
    #[schemars(required)]
    pub kind: Option<ModelKind>,

    /// Base model name. The model is named `<name>-<12 hex>`, the hex being a hash of its
    /// request and code, so an unchanged model is never created twice. Give `name` or
    /// `model_name`.
    #[schemars(length(min = 1, max = 50), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$"))]
    #[schemars(example = &"bert")]
    pub name: Option<String>,

    /// Exact model name, used verbatim (the SDK's `name=`).
    #[schemars(length(min = 1, max = 63), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$"))]
    #[schemars(example = &"bert-2026-12-01")]
    pub model_name: Option<String>,

    /// AWS region. Else `--region`, else the AWS config chain.
    #[serde(default)]
    #[schemars(schema_with = "patterns::region")]
    pub region: Option<String>,

    /// Framework model this mirrors; picks the inference image and the environment.
    #[schemars(required)]
    pub framework: Option<Framework>,

    /// Framework version of the inference image (`"2.2.0"`, or an alias such as `"2.2"`).
    #[schemars(regex(pattern = r"^[0-9]+(\.[0-9]+)*$"), example = &"2.2.0")]
    pub framework_version: Option<String>,

    /// Python version of the inference image, e.g. `py310`. TensorFlow Serving images have
    /// none.
    #[schemars(regex(pattern = r"^py[0-9]+$"), example = &"py310")]
    pub py_version: Option<String>,

    /// Inference image URI. Overrides the framework image.
    #[schemars(length(min = 1, max = 255))]
    pub image_uri: Option<String>,

    /// The model artifact: an `s3://…/model.tar.gz` URI, `{training_job: PATH}` (the
    /// artifact of a TrainingJob manifest, known offline), or `{s3_data_source: {…}}` for
    /// uncompressed model data.
    #[schemars(required)]
    pub model_data: Option<ModelData>,

    /// IAM role ARN the model runs as.
    #[schemars(
        required,
        length(min = 20, max = 2048),
        regex(pattern = r"^arn:aws[a-z\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")
    )]
    pub role: Option<String>,

    /// Inference script, relative to `source_dir` (or to this file). With it, the artifact
    /// is repacked with a `code/` folder, as the SDK does.
    #[schemars(length(min = 1), example = &"inference.py")]
    pub entry_point: Option<String>,

    /// Folder with the inference code, relative to this file.
    #[schemars(length(min = 1), example = &"code")]
    pub source_dir: Option<String>,

    /// Extra local folders packed into `code/lib/`.
    pub dependencies: Option<Vec<String>>,

    /// Environment variables of the inference container.
    #[serde(default)]
    #[schemars(schema_with = "patterns::environment")]
    pub env: Option<IndexMap<String, String>>,

    /// Model server workers (`SAGEMAKER_MODEL_SERVER_WORKERS`).
    #[schemars(range(min = 1), example = 2)]
    pub model_server_workers: Option<i64>,

    /// Log level of the serving toolkit (`logging.INFO` = 20).
    #[schemars(example = 20)]
    pub container_log_level: Option<i64>,

    /// S3 prefix the repacked artifact is uploaded under. Default: the default bucket.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub code_location: Option<String>,

    /// Run the container without network access.
    pub enable_network_isolation: Option<bool>,

    /// VPC subnet ids (1–16). Needs `security_group_ids`.
    #[schemars(length(min = 1, max = 16), inner(length(max = 32), regex(pattern = r"^[-0-9a-zA-Z]+$")))]
    pub subnets: Option<Vec<String>>,

    /// VPC security group ids (1–5). Needs `subnets`.
    #[schemars(length(min = 1, max = 5), inner(length(max = 32), regex(pattern = r"^[-0-9a-zA-Z]+$")))]
    pub security_group_ids: Option<Vec<String>>,

    /// KMS key for the repacked artifact's upload (in no request).
    #[serde(default)]
    #[schemars(schema_with = "patterns::kms_key")]
    pub model_kms_key: Option<String>,

    /// Tags of the model.
    #[serde(default)]
    #[schemars(schema_with = "patterns::tags")]
    pub tags: Option<IndexMap<String, String>>,
}

/// `model_data:`: where the artifact is.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ModelData {
    /// An S3 URI of a `model.tar.gz`.
    Uri(#[schemars(schema_with = "patterns::s3_uri")] String),
    /// The artifact of a TrainingJob manifest.
    TrainingJob(TrainingJobArtifact),
    /// Uncompressed model data (`ModelDataSource`).
    DataSource(ModelDataSource),
}

/// `{training_job: PATH}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingJobArtifact {
    /// A TrainingJob manifest, relative to this file.
    #[schemars(length(min = 1), example = &"bert-ddp.yaml")]
    pub training_job: String,
}

/// `{s3_data_source: {…}}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelDataSource {
    /// The S3 data source.
    pub s3_data_source: S3ModelDataSource,
}

/// `S3ModelDataSource`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3ModelDataSource {
    /// S3 URI of the prefix (ending `/`) or object.
    #[schemars(schema_with = "patterns::s3_uri")]
    pub s3_uri: String,
    /// `S3Prefix` or `S3Object`.
    pub s3_data_type: S3ModelDataType,
    /// `None` (uncompressed) or `Gzip`.
    pub compression_type: ModelCompression,
}

/// `S3ModelDataSource.S3DataType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum S3ModelDataType {
    /// Every object under a prefix.
    S3Prefix,
    /// One object.
    S3Object,
}

impl S3ModelDataType {
    /// The API's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::S3Prefix => "S3Prefix",
            Self::S3Object => "S3Object",
        }
    }
}

/// `S3ModelDataSource.CompressionType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ModelCompression {
    /// Uncompressed.
    None,
    /// A gzip tarball.
    Gzip,
}

impl ModelCompression {
    /// The API's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "None",
            Self::Gzip => "Gzip",
        }
    }
}

/// A SageMaker endpoint, declared. Keys mirror `model.deploy(...)`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sagespec endpoint")]
pub struct EndpointManifest {
    /// Manifest format version. Always `sagespec/v1`.
    #[serde(rename = "apiVersion")]
    #[schemars(required)]
    pub api_version: Option<ApiVersion>,

    /// What this manifest declares. Always `Endpoint`.
    #[schemars(required)]
    pub kind: Option<EndpointKind>,

    /// The endpoint's name, stable across updates. Default: `<model name>-endpoint`, from
    /// the model's `name` (or `model_name`), not its content-addressed name.
    #[schemars(length(min = 1, max = 63), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$"))]
    #[schemars(example = &"bert-prod")]
    pub endpoint_name: Option<String>,

    /// AWS region. Else the model's, else `--region`, else the AWS config chain.
    #[serde(default)]
    #[schemars(schema_with = "patterns::region")]
    pub region: Option<String>,

    /// The Model manifest served, relative to this file.
    #[schemars(required, length(min = 1), example = &"bert-model.yaml")]
    pub model: Option<String>,

    /// Hosting instance type (one of the API's ProductionVariantInstanceType values). Not
    /// with `serverless_inference_config`.
    #[serde(default)]
    #[schemars(schema_with = "patterns::hosting_instance_type")]
    pub instance_type: Option<String>,

    /// Number of instances. Not with `serverless_inference_config`.
    #[schemars(range(min = 1), example = 1)]
    pub initial_instance_count: Option<i64>,

    /// Serverless inference instead of instances.
    pub serverless_inference_config: Option<ServerlessInferenceConfig>,

    /// Asynchronous inference.
    pub async_inference_config: Option<AsyncInferenceConfig>,

    /// Capture of requests and responses to S3.
    pub data_capture_config: Option<DataCaptureConfig>,

    /// Storage volume per instance, in GB (1–512).
    #[schemars(range(min = 1, max = 512), example = 64)]
    pub volume_size: Option<i64>,

    /// Seconds to download the model (60–3600).
    #[schemars(range(min = 60, max = 3600), example = 1200)]
    pub model_data_download_timeout: Option<i64>,

    /// Seconds for the container to pass its health check (60–3600).
    #[schemars(range(min = 60, max = 3600), example = 900)]
    pub container_startup_health_check_timeout: Option<i64>,

    /// KMS key for the instances' storage volumes (`KmsKeyId`).
    #[serde(default)]
    #[schemars(schema_with = "patterns::kms_key")]
    pub kms_key: Option<String>,

    /// Tags of the endpoint configuration and the endpoint.
    #[serde(default)]
    #[schemars(schema_with = "patterns::tags")]
    pub tags: Option<IndexMap<String, String>>,
}

/// `serverless_inference_config:` (`ServerlessInferenceConfig`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerlessInferenceConfig {
    /// Memory in MB: 1024 to 6144 in steps of 1024. Default 2048.
    #[schemars(extend("enum" = [1024, 2048, 3072, 4096, 5120, 6144]))]
    pub memory_size_in_mb: Option<i64>,
    /// Concurrent invocations (1–200). Default 5.
    #[schemars(range(min = 1, max = 200))]
    pub max_concurrency: Option<i64>,
    /// Provisioned concurrency (1–200), at most `max_concurrency`.
    #[schemars(range(min = 1, max = 200))]
    pub provisioned_concurrency: Option<i64>,
}

/// `async_inference_config:` (`AsyncInferenceConfig`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AsyncInferenceConfig {
    /// S3 URI for the results.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub output_path: Option<String>,
    /// S3 URI for the failures.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub failure_path: Option<String>,
    /// Concurrent invocations per instance (1–1000).
    #[schemars(range(min = 1, max = 1000))]
    pub max_concurrent_invocations_per_instance: Option<i64>,
    /// KMS key for the results.
    #[serde(default)]
    #[schemars(schema_with = "patterns::kms_key")]
    pub kms_key_id: Option<String>,
    /// SNS topics notified of results.
    pub notification_config: Option<AsyncNotificationConfig>,
}

/// `notification_config:`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AsyncNotificationConfig {
    /// SNS topic ARN for successes.
    pub success_topic: Option<String>,
    /// SNS topic ARN for errors.
    pub error_topic: Option<String>,
}

/// `data_capture_config:` (`DataCaptureConfig`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataCaptureConfig {
    /// Capture on or off.
    #[schemars(required)]
    pub enable_capture: Option<bool>,
    /// Percentage of requests captured (0–100). Default 20.
    #[schemars(range(min = 0, max = 100))]
    pub sampling_percentage: Option<i64>,
    /// S3 URI the captures go to. Default `s3://<default bucket>/model-monitor/data-capture`.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub destination_s3_uri: Option<String>,
    /// KMS key for the captures.
    #[serde(default)]
    #[schemars(schema_with = "patterns::kms_key")]
    pub kms_key_id: Option<String>,
    /// What to capture: `REQUEST`, `RESPONSE`. Default both.
    #[schemars(length(min = 1, max = 2))]
    pub capture_options: Option<Vec<CaptureOption>>,
    /// Content types captured as CSV. Default `[text/csv]`.
    #[schemars(length(min = 1, max = 10))]
    pub csv_content_types: Option<Vec<String>>,
    /// Content types captured as JSON. Default `[application/json]`.
    #[schemars(length(min = 1, max = 10))]
    pub json_content_types: Option<Vec<String>>,
}

/// A capture option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum CaptureOption {
    /// Requests (`CaptureMode: Input`).
    #[serde(rename = "REQUEST")]
    Request,
    /// Responses (`CaptureMode: Output`).
    #[serde(rename = "RESPONSE")]
    Response,
}
