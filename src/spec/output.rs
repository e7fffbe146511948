//! Output keys that are structures: TensorBoard, `model_dir`, the debugger hook and the
//! profiler.

use std::borrow::Cow;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use super::patterns;
use super::runtime::CollectionConfig;

/// `tensorboard_output_config:`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TensorBoardOutputConfig {
    /// S3 URI TensorBoard output is synced to.
    #[schemars(required, schema_with = "patterns::s3_uri")]
    pub s3_output_path: Option<String>,
    /// Local path of TensorBoard output in the container.
    #[schemars(length(max = 4096), example = &"/opt/ml/output/tensorboard")]
    pub container_local_output_path: Option<String>,
}

/// `model_dir:` (TensorFlow): a path, or `false` to leave the hyperparameter out.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ModelDir {
    /// `false`: no `model_dir` hyperparameter.
    Flag(bool),
    /// The value of the `model_dir` hyperparameter.
    Path(String),
}

impl JsonSchema for ModelDir {
    fn schema_name() -> Cow<'static, str> {
        "ModelDir".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "TensorFlow only: the `model_dir` hyperparameter (an S3 URI or a local path), or `false` to leave it out.",
            "if": {"type": "boolean"},
            "then": {"const": false},
            "else": {"type": "string", "minLength": 1}
        })
    }
}

/// `debugger_hook_config:`: `false` turns the hook off; a mapping configures it.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum DebuggerHookConfig {
    /// `false`.
    Flag(bool),
    /// The hook's settings.
    Hook(DebuggerHook),
}

impl JsonSchema for DebuggerHookConfig {
    fn schema_name() -> Cow<'static, str> {
        "DebuggerHookConfig".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let hook = generator.subschema_for::<DebuggerHook>();
        json_schema!({
            "description": "SageMaker Debugger hook: `false` to turn it off, or its settings.",
            "if": {"type": "boolean"},
            "then": {"const": false},
            "else": hook
        })
    }
}

/// SageMaker Debugger hook settings.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DebuggerHook {
    /// S3 URI tensors are written to.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub s3_output_path: Option<String>,
    /// Local path of the tensors in the container.
    #[schemars(length(max = 4096))]
    pub container_local_output_path: Option<String>,
    /// Hook parameters.
    #[schemars(extend("maxProperties" = 20))]
    pub hook_parameters: Option<IndexMap<String, String>>,
    /// Tensor collections to save.
    #[schemars(length(max = 20))]
    pub collection_configs: Option<Vec<CollectionConfig>>,
}

/// `profiler_config:`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilerConfig {
    /// S3 URI profiling output is written to.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub s3_output_path: Option<String>,
    /// System monitoring interval in milliseconds.
    #[schemars(extend("enum" = [100, 200, 500, 1000, 5000, 60000]))]
    pub system_monitor_interval_millis: Option<i64>,
    /// Turn the profiler off.
    pub disable_profiler: Option<bool>,
}
