//! Runtime keys that are structures: metric definitions, debugger collections.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

/// A metric parsed from the training logs by a regular expression.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricDefinition {
    /// Metric name.
    #[schemars(required, length(min = 1, max = 255), example = &"train:loss")]
    pub name: Option<String>,
    /// Regular expression whose first group is the value.
    #[schemars(required, length(min = 1, max = 500), example = &"loss=([0-9\\.]+)")]
    pub regex: Option<String>,
}

/// A SageMaker Debugger tensor collection.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectionConfig {
    /// Collection name, e.g. `weights`.
    #[schemars(required, length(min = 1, max = 256))]
    pub name: Option<String>,
    /// Collection parameters.
    #[schemars(extend("maxProperties" = 20))]
    pub parameters: Option<IndexMap<String, String>>,
}

/// `experiment_config:` (`fit(experiment_config=…)`): the SageMaker Experiments run the
/// job reports to (`ExperimentConfig`; `{}` sends nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperimentConfig {
    /// `ExperimentName`.
    #[schemars(length(min = 1, max = 120), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$"))]
    #[schemars(example = &"bert-experiments")]
    pub experiment_name: Option<String>,
    /// `TrialName`.
    #[schemars(length(min = 1, max = 120), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$"))]
    pub trial_name: Option<String>,
    /// `TrialComponentDisplayName`.
    #[schemars(length(min = 1, max = 120), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$"))]
    pub trial_component_display_name: Option<String>,
    /// `RunName`.
    #[schemars(length(min = 1, max = 120), regex(pattern = r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$"))]
    #[schemars(example = &"run-1")]
    pub run_name: Option<String>,
}

/// `training_repository_access_mode:`: how the training image is pulled from a private
/// registry (`TrainingImageConfig.TrainingRepositoryAccessMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum TrainingRepositoryAccessMode {
    /// Over the internet.
    Platform,
    /// Through the job's VPC.
    Vpc,
}

impl TrainingRepositoryAccessMode {
    /// The API's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Platform => "Platform",
            Self::Vpc => "Vpc",
        }
    }
}
