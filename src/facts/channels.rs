//! The input channels the SageMaker Python SDK names itself (facts §3.6; sagemaker 2.257.7
//! `job.py` `_Job._load_config`, `_prepare_channel`, and `estimator.py`
//! `_TrainingJob.start_new`).

use crate::spec::FileSystemAccessMode;

/// The channel `inputs` makes when it is one URI or one TrainingInput.
pub const DEFAULT_CHANNEL: &str = "training";
/// The model channel's name unless `model_channel_name` says otherwise (`model_uri`).
pub const DEFAULT_MODEL_CHANNEL: &str = "model";
/// The model channel's content type.
pub const MODEL_CHANNEL_CONTENT_TYPE: &str = "application/x-sagemaker-model";
/// The channel the code tarball is delivered in under network isolation.
pub const CODE_CHANNEL: &str = "code";
/// A FileSystemInput's access mode unless given (`FileSystemInput.__init__`).
pub const DEFAULT_FILE_SYSTEM_ACCESS_MODE: FileSystemAccessMode = FileSystemAccessMode::Ro;
