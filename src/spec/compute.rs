//! Compute keys that are structures: heterogeneous instance groups.

use schemars::JsonSchema;
use serde::Deserialize;

/// One group of a heterogeneous cluster.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceGroup {
    /// Name of the group, referred to by `distribution.instance_groups` and channels.
    #[schemars(required, length(min = 1, max = 64), example = &"train_group")]
    pub instance_group_name: Option<String>,
    /// Instance type of the group.
    #[schemars(required, schema_with = "super::patterns::instance_type")]
    pub instance_type: Option<String>,
    /// Number of instances in the group. At least 1.
    #[schemars(required, range(min = 1), example = 2)]
    pub instance_count: Option<i64>,
}
