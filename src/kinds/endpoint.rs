//! `kind: Endpoint`: a SageMaker endpoint serving one Model manifest, mirroring SDK v2's
//! `model.deploy(...)` (`design/manifest.md` §6).
//!
//! Its rooms: [`crate::spec::deploy::EndpointManifest`] (the manifest, and so
//! `schema/endpoint.schema.json`), [`crate::schema::endpoint`] (its validator), its own
//! checks here (codes `sagespec::endpoint::*`), and [`crate::lower::deploy`] (the
//! requests). `model` is a reference key, so the graph checks it.
//!
//! Compile resolves the Model it serves for its instance type (which picks the image),
//! then sends `CreateModel`, `CreateEndpointConfig` (named by its content) and
//! `CreateEndpoint` (its stable name: `endpoint_name`, else `<model name>-endpoint`).

use std::path::Path;

use super::model::{self, ModelContext};
use super::{CheckInput, Checked, CompileContext, CompileError, Compiled, Kind, ReferenceKey, Request, Typed};
use crate::check::{merge, strip_nulls, typed};
use crate::deploy::{Artifact, Deployment, DesiredConfig, DesiredEndpoint, DesiredModel, S3Object};
use crate::diagnostic::{Finding, codes};
use crate::discover;
use crate::facts::defaults::default_bucket;
use crate::facts::deploy::{
    ASYNC_DEFAULT_FAILURE_PREFIX, ASYNC_DEFAULT_OUTPUT_PREFIX, DATA_CAPTURE_DEFAULT_CSV_TYPES,
    DATA_CAPTURE_DEFAULT_JSON_TYPES, DATA_CAPTURE_DEFAULT_PERCENTAGE, DATA_CAPTURE_DEFAULT_PREFIX,
    SERVERLESS_DEFAULT_MAX_CONCURRENCY, SERVERLESS_DEFAULT_MEMORY_MB,
};
use crate::facts::instance_types::has_instance_storage;
use crate::image::inference::{self, InferenceImageError, InferenceImageRequest};
use crate::job::JobName;
use crate::lower::deploy::endpoint::{AsyncInference, CREATE_ENDPOINT, CREATE_ENDPOINT_CONFIG, DataCapture};
use crate::lower::deploy::model::OPERATION as CREATE_MODEL;
use crate::lower::deploy::{self as lower_deploy, DeployLowerError, ModelData, Repack, Variant};
use crate::lower::wire::WireError;
use crate::schema;
use crate::spec::deploy::{AsyncInferenceConfig, CaptureOption, DataCaptureConfig, EndpointManifest, ModelManifest};

/// The reference key that names the model served.
pub const MODEL_POINTER: &str = "/model";

/// Appended to the model's `name` (or `model_name`) when `endpoint_name` is not given:
/// the endpoint's name stays the same when the model changes, and says what it is.
pub const DEFAULT_NAME_SUFFIX: &str = "-endpoint";

/// The region an image lookup uses when neither manifest names one (see [`image_findings`]).
const ANY_REGION: &str = "us-west-2";

/// Keys whose values are the user's own maps.
const FREE_FORM: &[&[&str]] = &[&["tags"]];

/// The `Endpoint` kind.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint;

impl Kind for Endpoint {
    fn name(&self) -> &'static str {
        "Endpoint"
    }

    fn governed(&self) -> super::Governed {
        // Hosting instance types are not training ones: the policy's instance rules do not
        // apply to them.
        super::Governed { region: Some("/region"), tags: Some("/tags"), ..super::Governed::NONE }
    }

    fn schema(&self) -> Option<crate::schema::Published> {
        Some(crate::schema::endpoint::PUBLISHED)
    }

    fn references(&self) -> &'static [ReferenceKey] {
        &[ReferenceKey { pointer: MODEL_POINTER, kinds: &["Model"] }]
    }

    fn check(&self, input: CheckInput<'_>) -> Checked {
        let mut json = input.json;
        strip_nulls(&mut json, FREE_FORM);
        let schema_findings = schema::endpoint::check(input.document, &json);
        let manifest: Option<EndpointManifest> = typed(json, &schema_findings);
        let Some(endpoint) = manifest else {
            return Checked { findings: schema_findings, ..Checked::default() };
        };
        let mut found = findings(&endpoint);
        let served = input.base_dir.and_then(|base_dir| load_model(&endpoint, base_dir));
        if let Some(served) = &served {
            found.extend(image_findings(&endpoint, served));
        }
        Checked { findings: merge(schema_findings, found), manifest: Some(Typed::new(endpoint)), ..Checked::default() }
    }

    fn compile(&self, manifest: &Typed, context: &CompileContext<'_>) -> Result<Compiled, CompileError> {
        let endpoint =
            manifest.downcast::<EndpointManifest>().ok_or_else(|| CompileError::Invalid("not an endpoint".into()))?;
        compile_with(endpoint, context)
    }
}

/// The Endpoint's own checks: capacity, serverless settings, the KMS key.
fn findings(endpoint: &EndpointManifest) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(serverless) = &endpoint.serverless_inference_config {
        let dropped = [
            ("instance_type", endpoint.instance_type.is_some()),
            ("initial_instance_count", endpoint.initial_instance_count.is_some()),
            ("volume_size", endpoint.volume_size.is_some()),
            ("model_data_download_timeout", endpoint.model_data_download_timeout.is_some()),
            ("container_startup_health_check_timeout", endpoint.container_startup_health_check_timeout.is_some()),
        ];
        for (key, _) in dropped.iter().filter(|(_, set)| *set) {
            out.push(
                Finding::warning(
                    codes::ENDPOINT_INSTANCE_SETTINGS_WITH_SERVERLESS,
                    format!("`{key}` is not sent for a serverless endpoint"),
                )
                .at_key(format!("/{key}"))
                .with_label("dropped, as the SDK drops it")
                .also("/serverless_inference_config", "serverless: no instances")
                .with_help(format!("remove `{key}`, or `serverless_inference_config` to deploy on instances")),
            );
        }
        let max = serverless.max_concurrency.unwrap_or(SERVERLESS_DEFAULT_MAX_CONCURRENCY);
        if let Some(provisioned) = serverless.provisioned_concurrency.filter(|p| *p > max) {
            out.push(
                Finding::error(
                    codes::ENDPOINT_PROVISIONED_ABOVE_MAX,
                    format!("provisioned concurrency {provisioned} is above the maximum concurrency {max}"),
                )
                .at("/serverless_inference_config/provisioned_concurrency")
                .with_label(format!("at most {max}"))
                .with_help("raise `max_concurrency` or lower `provisioned_concurrency`"),
            );
        }
        return out;
    }
    match (&endpoint.instance_type, endpoint.initial_instance_count) {
        (Some(_), Some(_)) => {}
        (Some(_), None) => {
            out.push(missing_capacity("an endpoint needs `initial_instance_count`").at_key("/instance_type"));
        }
        (None, Some(_)) => {
            out.push(missing_capacity("an endpoint needs `instance_type`").at_key("/initial_instance_count"));
        }
        (None, None) => out.push(
            missing_capacity("an endpoint needs `instance_type` and `initial_instance_count`, or a serverless config")
                .at(""),
        ),
    }
    if let (Some(instance_type), Some(_)) = (&endpoint.instance_type, &endpoint.kms_key)
        && has_instance_storage(instance_type)
    {
        out.push(
            Finding::error(
                codes::ENDPOINT_KMS_KEY_ON_INSTANCE_STORAGE,
                format!("`kms_key` is not allowed on {instance_type}: local NVMe storage"),
            )
            .at("/kms_key")
            .with_label("no EBS volume to encrypt")
            .also("/instance_type", format!("{instance_type} has local instance storage"))
            .with_help("remove `kms_key` (instance storage is encrypted by the hardware), or pick an EBS-backed type"),
        );
    }
    out
}

fn missing_capacity(message: &str) -> Finding {
    Finding::error(codes::ENDPOINT_MISSING_CAPACITY, message.to_owned()).with_help(
        "give `instance_type` and `initial_instance_count`, or `serverless_inference_config` (the SDK raises \
         \"Must specify instance type and instance count unless using serverless inference\")",
    )
}

/// The Model manifest `model` names, typed (values its schema refused left out).
fn load_model(endpoint: &EndpointManifest, base_dir: &Path) -> Option<ModelManifest> {
    let path = base_dir.join(endpoint.model.as_deref()?);
    if !path.is_file() {
        return None;
    }
    // A model with errors still has its valid keys: the instance type's own problem is
    // worth reporting next to them.
    crate::check::check_file(&path, &path.display().to_string()).manifest_as::<ModelManifest>().cloned()
}

/// The instance type picks the image: a finding when it picks none for the model.
fn image_findings(endpoint: &EndpointManifest, served: &ModelManifest) -> Option<Finding> {
    let instance_type = endpoint.instance_type.as_deref().filter(|_| endpoint.serverless_inference_config.is_none())?;
    let (Some(framework), Some(version), None) = (served.framework, &served.framework_version, &served.image_uri)
    else {
        return None;
    };
    let request = InferenceImageRequest {
        framework,
        framework_version: version,
        py_version: served.py_version.as_deref(),
        instance_type: Some(instance_type),
        // Only the instance type's own refusals are reported here, and they do not depend on
        // the region (a missing registry is the model's finding); any region will do.
        region: served.region.as_deref().or(endpoint.region.as_deref()).unwrap_or(ANY_REGION),
    };
    // What is wrong whatever the instance type is the model's own finding; the rest (an
    // Inferentia family, or a version only the other scope has) is this instance type's.
    let model_ok = model::image_findings(served).is_empty();
    let error = match inference::resolve(&request) {
        Err(error @ InferenceImageError::Processor { .. }) => error,
        Err(InferenceImageError::Region { .. }) | Ok(_) => return None,
        Err(error) if model_ok => error,
        Err(_) => return None,
    };
    Some(
        Finding::error(
            codes::ENDPOINT_NO_IMAGE_FOR_INSTANCE_TYPE,
            format!("{instance_type} has no inference image for this model"),
        )
        .at("/instance_type")
        .with_label("picks the inference image")
        .with_help(format!("{error}; pick another instance type, or another framework version")),
    )
}

/// Resolves the model for this endpoint, and lowers the three requests.
pub fn compile_with(endpoint: &EndpointManifest, context: &CompileContext<'_>) -> Result<Compiled, CompileError> {
    let (served, model_path) = served_model(endpoint, context)?;
    let region = endpoint
        .region
        .as_deref()
        .or(served.region.as_deref())
        .or(context.region)
        .ok_or(CompileError::MissingRegion)?;
    let serverless = endpoint.serverless_inference_config.as_ref();
    let model_compile = CompileContext { base_dir: discover::base_dir(&model_path), references: &[], ..*context };
    let model_context = ModelContext {
        compile: &model_compile,
        region,
        instance_type: if serverless.is_some() { None } else { endpoint.instance_type.as_deref() },
    };
    let resolved = model::resolve(&served, &model_context)?;
    let lowered_model = lower_deploy::model::lower(&resolved).map_err(lower_error)?;
    let name = match (&endpoint.endpoint_name, served.model_name.as_ref().or(served.name.as_ref())) {
        (Some(name), _) => name.clone(),
        (None, Some(model)) => format!("{model}{DEFAULT_NAME_SUFFIX}"),
        (None, None) => return Err(CompileError::Invalid("the endpoint has no name".into())),
    };
    let bucket = DefaultBucket { region, account_id: context.account_id, used: std::cell::Cell::new(false) };
    let resolved_endpoint = lower_deploy::Endpoint {
        name: name.clone(),
        region: region.to_owned(),
        model_name: lowered_model.name.clone(),
        variant: variant(endpoint)?,
        data_capture: endpoint.data_capture_config.as_ref().map(|c| data_capture(c, &bucket)).transpose()?,
        async_inference: endpoint
            .async_inference_config
            .as_ref()
            .map(|c| async_inference(c, &bucket, &lowered_model.name))
            .transpose()?,
        kms_key: endpoint.kms_key.clone(),
        tags: endpoint.tags.clone().unwrap_or_default(),
    };
    let lowered = lower_deploy::endpoint::lower(&resolved_endpoint).map_err(lower_error)?;
    let uses_default_bucket = bucket.used.get() || (resolved.repack != Repack::None && served.code_location.is_none());
    let deployment = Deployment {
        manifest: String::new(),
        region: region.to_owned(),
        model: DesiredModel {
            name: lowered_model.name.clone(),
            base_name: match &resolved.name {
                JobName::Hashed { base } => Some(base.clone()),
                JobName::Exact(_) => None,
            },
            input: lowered_model.input,
            trained_by: resolved.trained_by.clone(),
            artifact: artifact(&resolved, &lowered_model.name)?,
        },
        config: DesiredConfig {
            name: lowered.config_name.clone(),
            base: lowered.config_base.clone(),
            input: lowered.config_input,
        },
        endpoint: DesiredEndpoint { name: name.clone(), input: lowered.endpoint_input },
        default_bucket: context
            .account_id
            .filter(|_| uses_default_bucket)
            .map(|account| default_bucket(region, account)),
    };
    Ok(Compiled {
        name,
        requests: vec![
            Request { operation: CREATE_MODEL, body: lowered_model.request },
            Request { operation: CREATE_ENDPOINT_CONFIG, body: lowered.config_request },
            Request { operation: CREATE_ENDPOINT, body: lowered.endpoint_request },
        ],
        jobs: Vec::new(),
        deployments: vec![deployment],
    })
}

/// What `apply` uploads before it creates the model named `model_name`.
fn artifact(model: &lower_deploy::Model, model_name: &str) -> Result<Artifact, CompileError> {
    let object = |uri: &str| {
        S3Object::parse(uri).ok_or_else(|| CompileError::Invalid(format!("`{uri}` is not an S3 object URI")))
    };
    let (Some(upload), Some(code)) = (model.upload_for(model_name), model.code.clone()) else {
        return Ok(Artifact::AsWritten);
    };
    Ok(match (&model.repack, &model.model_data) {
        (Repack::Artifact { .. }, ModelData::Url(from)) => {
            Artifact::Repacked { from: object(from)?, to: object(&upload)?, code }
        }
        (Repack::Artifact { .. }, ModelData::Source { .. }) => {
            return Err(CompileError::Invalid("inference code cannot be repacked into uncompressed model data".into()));
        }
        (Repack::SourceTarball { .. }, _) => Artifact::CodeTarball { to: object(&upload)?, code },
        (Repack::None, _) => Artifact::AsWritten,
    })
}

/// The default bucket `sagemaker-<region>-<account>`, for the SDK's default S3 paths.
struct DefaultBucket<'a> {
    region: &'a str,
    account_id: Option<&'a str>,
    /// Whether a path used it (then `apply` creates it when missing).
    used: std::cell::Cell<bool>,
}

impl DefaultBucket<'_> {
    /// `s3://<bucket>/<path>`, or the error that names the missing account id.
    fn uri(&self, path: &str) -> Result<String, CompileError> {
        let account = self.account_id.ok_or_else(|| CompileError::MissingAccount { region: self.region.to_owned() })?;
        self.used.set(true);
        Ok(format!("s3://{}/{path}", default_bucket(self.region, account)))
    }
}

/// The production variant: serverless with the SDK's defaults, or instances.
fn variant(endpoint: &EndpointManifest) -> Result<Variant, CompileError> {
    if let Some(config) = &endpoint.serverless_inference_config {
        return Ok(Variant::Serverless {
            memory_mb: config.memory_size_in_mb.unwrap_or(SERVERLESS_DEFAULT_MEMORY_MB),
            max_concurrency: config.max_concurrency.unwrap_or(SERVERLESS_DEFAULT_MAX_CONCURRENCY),
            provisioned: config.provisioned_concurrency,
        });
    }
    let missing = |key: &str| CompileError::Invalid(format!("the endpoint has no `{key}`"));
    Ok(Variant::Instances {
        instance_type: endpoint.instance_type.clone().ok_or_else(|| missing("instance_type"))?,
        count: endpoint.initial_instance_count.ok_or_else(|| missing("initial_instance_count"))?,
        volume_size: endpoint.volume_size,
        download_timeout: endpoint.model_data_download_timeout,
        startup_timeout: endpoint.container_startup_health_check_timeout,
    })
}

/// `DataCaptureConfig` with `DataCaptureConfig()`'s defaults.
fn data_capture(config: &DataCaptureConfig, bucket: &DefaultBucket<'_>) -> Result<DataCapture, CompileError> {
    Ok(DataCapture {
        enabled: config.enable_capture.unwrap_or(false),
        percentage: config.sampling_percentage.unwrap_or(DATA_CAPTURE_DEFAULT_PERCENTAGE),
        destination: match &config.destination_s3_uri {
            Some(uri) => uri.clone(),
            None => bucket.uri(DATA_CAPTURE_DEFAULT_PREFIX)?,
        },
        kms_key: config.kms_key_id.clone(),
        modes: config
            .capture_options
            .as_deref()
            .unwrap_or(&[CaptureOption::Request, CaptureOption::Response])
            .iter()
            .map(|option| match option {
                CaptureOption::Request => "Input",
                CaptureOption::Response => "Output",
            })
            .collect(),
        csv_types: config.csv_content_types.clone().unwrap_or_else(|| owned(DATA_CAPTURE_DEFAULT_CSV_TYPES)),
        json_types: config.json_content_types.clone().unwrap_or_else(|| owned(DATA_CAPTURE_DEFAULT_JSON_TYPES)),
    })
}

/// `AsyncInferenceConfig`; the default output and failure folders end in the model's
/// name (the SDK stamps a unique name there).
fn async_inference(
    config: &AsyncInferenceConfig,
    bucket: &DefaultBucket<'_>,
    model_name: &str,
) -> Result<AsyncInference, CompileError> {
    Ok(AsyncInference {
        output_path: match &config.output_path {
            Some(path) => path.clone(),
            None => bucket.uri(&format!("{ASYNC_DEFAULT_OUTPUT_PREFIX}/{model_name}"))?,
        },
        failure_path: match &config.failure_path {
            Some(path) => path.clone(),
            None => bucket.uri(&format!("{ASYNC_DEFAULT_FAILURE_PREFIX}/{model_name}"))?,
        },
        kms_key: config.kms_key_id.clone(),
        notification: config.notification_config.as_ref().map(|n| (n.success_topic.clone(), n.error_topic.clone())),
        max_concurrent: config.max_concurrent_invocations_per_instance,
    })
}

fn owned(values: &[&str]) -> Vec<String> {
    values.iter().map(|value| (*value).to_owned()).collect()
}

fn lower_error(error: DeployLowerError) -> CompileError {
    match error {
        DeployLowerError::Wire(WireError::Runtime(error)) => CompileError::Io(error.to_string()),
        other => CompileError::Invalid(other.to_string()),
    }
}

/// The Model manifest `model` names and its path.
fn served_model(
    endpoint: &EndpointManifest,
    context: &CompileContext<'_>,
) -> Result<(ModelManifest, std::path::PathBuf), CompileError> {
    let named = endpoint.model.as_deref().ok_or_else(|| CompileError::Invalid("no `model`".into()))?;
    context.referenced_manifest(MODEL_POINTER, named, "Model")
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::codes;

    const MODEL: &str = "apiVersion: sagespec/v1\nkind: Model\nname: m\nregion: us-west-2\nframework: pytorch\n\
                         model_data: s3://b/model.tar.gz\nrole: arn:aws:iam::111122223333:role/R\n";

    /// The error codes of checking `endpoint` next to a model with `version` and `py`.
    fn errors(version: &str, py: &str, endpoint: &str) -> Vec<(String, String)> {
        let dir = tempfile::tempdir().expect("tempdir");
        let model = format!("{MODEL}framework_version: \"{version}\"\npy_version: {py}\n");
        std::fs::write(dir.path().join("model.yaml"), model).expect("write");
        let text = format!("apiVersion: sagespec/v1\nkind: Endpoint\nregion: us-west-2\nmodel: model.yaml\n{endpoint}");
        let path = dir.path().join("endpoint.yaml");
        std::fs::write(&path, text).expect("write");
        let checked = crate::check::check_file(&path, "endpoint.yaml");
        checked
            .report
            .findings
            .iter()
            .filter(|f| f.finding.is_error())
            .map(|f| (f.finding.code.to_string(), f.finding.pointer.clone()))
            .collect()
    }

    #[test]
    fn the_instance_type_picks_the_image_scope() {
        let on = |t: &str| format!("instance_type: {t}\ninitial_instance_count: 1\n");
        let no_image = || vec![(codes::ENDPOINT_NO_IMAGE_FOR_INSTANCE_TYPE.to_owned(), "/instance_type".to_owned())];
        // 2.2.0 has regular images only; 2.2.1 has Graviton images only (the SDK's image config).
        assert!(errors("2.2.0", "py310", &on("ml.m5.xlarge")).is_empty());
        assert_eq!(errors("2.2.0", "py310", &on("ml.c7g.xlarge")), no_image());
        assert!(errors("2.2.1", "py310", &on("ml.c7g.xlarge")).is_empty());
        assert_eq!(errors("2.2.1", "py310", &on("ml.m5.xlarge")), no_image());
        // Inferentia: no PyTorchModel image in this SDK.
        assert_eq!(errors("2.2.0", "py310", &on("ml.inf2.xlarge")), no_image());
    }

    #[test]
    fn capacity_serverless_and_storage_keys() {
        let missing = errors("2.2.0", "py310", "instance_type: ml.m5.xlarge\n");
        assert_eq!(missing, [(codes::ENDPOINT_MISSING_CAPACITY.to_owned(), "/instance_type".to_owned())]);
        let serverless = "serverless_inference_config:\n  max_concurrency: 2\n  provisioned_concurrency: 3\n";
        assert_eq!(
            errors("2.2.0", "py310", serverless),
            [(
                codes::ENDPOINT_PROVISIONED_ABOVE_MAX.to_owned(),
                "/serverless_inference_config/provisioned_concurrency".to_owned()
            )]
        );
        let kms = "instance_type: ml.g5.xlarge\ninitial_instance_count: 1\nkms_key: arn:aws:kms:us-west-2:111122223333:key/k\n";
        assert_eq!(
            errors("2.2.0", "py310", kms),
            [(codes::ENDPOINT_KMS_KEY_ON_INSTANCE_STORAGE.to_owned(), "/kms_key".to_owned())]
        );
    }
}
