//! What the SDK v2 fills in when it deploys a model (`PyTorchModel` / `TensorFlowModel`,
//! `model.deploy(...)`), as data.
//!
//! Source: sagemaker 2.257.7 (`pytorch/model.py`, `tensorflow/model.py`, `model.py`,
//! `session.py` `production_variant`, `serverless/serverless_inference_config.py`,
//! `model_monitor/data_capture_config.py`), as recorded in
//! `reference/sdk-tuning-deploy-facts.md` "Deployment" and `conformance/deploy/`.

/// `ProductionVariant.VariantName` of the single variant `deploy()` creates.
pub const VARIANT_NAME: &str = "AllTraffic";
/// `ProductionVariant.InitialVariantWeight` of that variant.
pub const INITIAL_VARIANT_WEIGHT: f32 = 1.0;

/// `ServerlessInferenceConfig()` defaults: memory in MB, and concurrency.
pub const SERVERLESS_DEFAULT_MEMORY_MB: i64 = 2048;
/// As [`SERVERLESS_DEFAULT_MEMORY_MB`].
pub const SERVERLESS_DEFAULT_MAX_CONCURRENCY: i64 = 5;
/// The memory sizes serverless endpoints accept: 1 GB steps (API reference
/// `ProductionVariantServerlessConfig.MemorySizeInMB`).
pub const SERVERLESS_MEMORY_STEP_MB: i64 = 1024;

/// `DataCaptureConfig()` defaults: the sampling percentage, the capture folder under the
/// default bucket, and the content types.
pub const DATA_CAPTURE_DEFAULT_PERCENTAGE: i64 = 20;
/// As [`DATA_CAPTURE_DEFAULT_PERCENTAGE`].
pub const DATA_CAPTURE_DEFAULT_PREFIX: &str = "model-monitor/data-capture";
/// As [`DATA_CAPTURE_DEFAULT_PERCENTAGE`].
pub const DATA_CAPTURE_DEFAULT_CSV_TYPES: &[&str] = &["text/csv"];
/// As [`DATA_CAPTURE_DEFAULT_PERCENTAGE`].
pub const DATA_CAPTURE_DEFAULT_JSON_TYPES: &[&str] = &["application/json"];

/// `AsyncInferenceConfig()` default folders under the default bucket (the SDK appends a
/// unique name; sagespec appends the model's content-addressed name).
pub const ASYNC_DEFAULT_OUTPUT_PREFIX: &str = "async-endpoint-outputs";
/// As [`ASYNC_DEFAULT_OUTPUT_PREFIX`].
pub const ASYNC_DEFAULT_FAILURE_PREFIX: &str = "async-endpoint-failures";

/// The environment `PyTorchModel` adds after the user's `env` (each only where `env` does
/// not set it).
pub const PYTORCH_PROGRAM: &str = "SAGEMAKER_PROGRAM";
/// As [`PYTORCH_PROGRAM`].
pub const PYTORCH_SUBMIT_DIRECTORY: &str = "SAGEMAKER_SUBMIT_DIRECTORY";
/// As [`PYTORCH_PROGRAM`].
pub const PYTORCH_LOG_LEVEL: &str = "SAGEMAKER_CONTAINER_LOG_LEVEL";
/// As [`PYTORCH_PROGRAM`].
pub const PYTORCH_REGION: &str = "SAGEMAKER_REGION";
/// Added last, when `model_server_workers` is set.
pub const PYTORCH_MODEL_SERVER_WORKERS: &str = "SAGEMAKER_MODEL_SERVER_WORKERS";
/// `SAGEMAKER_SUBMIT_DIRECTORY` of a repacked model: its `code/` folder.
pub const REPACKED_SUBMIT_DIRECTORY: &str = "/opt/ml/model/code";
/// `PyTorchModel`'s default `container_log_level` (`logging.INFO`).
pub const PYTORCH_DEFAULT_LOG_LEVEL: i64 = 20;
/// The oldest PyTorch version whose model is repacked with its code (TorchServe images);
/// older ones get the code as a separate `sourcedir.tar.gz`.
pub const PYTORCH_REPACK_SINCE: &str = "1.2";

/// `TensorFlowModel`'s log level variable, and the Python logging levels it maps.
pub const TENSORFLOW_LOG_LEVEL: &str = "SAGEMAKER_TFS_NGINX_LOGLEVEL";
/// As [`TENSORFLOW_LOG_LEVEL`] (`TensorFlowModel.LOG_LEVEL_MAP`).
pub const TENSORFLOW_LOG_LEVELS: &[(i64, &str)] =
    &[(10, "debug"), (20, "info"), (30, "warn"), (40, "error"), (50, "crit")];

/// The artifact a training job leaves: `<output_path>/<job name>/` + this.
pub const TRAINING_ARTIFACT: &str = "output/model.tar.gz";
/// The repacked artifact's file name, under `<bucket>/<model name>/`.
pub const REPACKED_ARTIFACT: &str = "model.tar.gz";
/// The code of a pre-TorchServe PyTorch model, under `<bucket>/<model name>/`.
pub const LEGACY_CODE_TARBALL: &str = "sourcedir.tar.gz";
