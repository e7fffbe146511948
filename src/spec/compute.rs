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

/// `instance_placement_config:`: how the job's instances are placed on UltraServers
/// (`ResourceConfig.InstancePlacementConfig`, copied as given).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstancePlacementConfig {
    /// Let other jobs share the UltraServers' instances. Default false (exclusive).
    pub enable_multiple_jobs: Option<bool>,
    /// Which UltraServers, and how many instances on each (at most 10).
    #[schemars(length(max = 10))]
    pub placement_specifications: Option<Vec<PlacementSpecification>>,
}

/// One UltraServer and the instances placed on it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlacementSpecification {
    /// The UltraServer's id.
    #[schemars(length(max = 256), example = &"ultraserver-1")]
    pub ultra_server_id: Option<String>,
    /// Instances placed together on it.
    #[schemars(required, range(min = 0), example = 2)]
    pub instance_count: Option<i64>,
}
