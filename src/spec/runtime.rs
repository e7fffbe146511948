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
