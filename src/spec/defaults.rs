//! `kind: Defaults` as written (`design/manifest.md` §4): the settings a folder's manifests
//! share, per environment, and the policy they must keep.
//!
//! These types are the single source of `schema/defaults.schema.json`, except the
//! settings themselves: [`Settings`] stands for "any key of any kind", which
//! `crate::schema::defaults` fills in from every kind's schema, so a key, its docs and
//! its enum are written once, on the kind.

use std::borrow::Cow;

use indexmap::IndexMap;
use schemars::{JsonSchema, SchemaGenerator, json_schema};
use serde::Deserialize;

use super::ApiVersion;

/// The kind of object a Defaults file describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum DefaultsKind {
    /// Settings and policy shared by the manifests of a folder and the folders below it.
    Defaults,
}

/// Settings and policy for every manifest in this folder and below it. The file is named
/// `sagespec.defaults.yaml` (or `.yml`, `.toml`).
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sagespec defaults")]
pub struct DefaultsFile {
    /// Manifest format version. Always `sagespec/v1`.
    #[serde(rename = "apiVersion")]
    #[schemars(required)]
    pub api_version: Option<ApiVersion>,

    /// What this file declares. Always `Defaults`.
    #[schemars(required)]
    pub kind: Option<DefaultsKind>,

    /// Stop looking for Defaults files in parent folders: this file is the outermost layer.
    /// Without it, layers are looked for up to the repository root.
    pub root: Option<bool>,

    /// Values for any key of any kind of manifest. A manifest's own value wins; mappings
    /// (`tags`, `environment`, `hyperparameters`, `inputs`, `distribution`) merge key by
    /// key; `key: null` in a manifest removes an inherited value.
    pub defaults: Option<Settings>,

    /// Settings per environment, selected with `--env NAME` (or `SAGESPEC_ENV`), laid over
    /// `defaults`.
    #[schemars(example = &serde_json::json!({"prod": {"role": "arn:aws:iam::444455556666:role/SageMakerProd"}}))]
    pub environments: Option<IndexMap<String, Settings>>,

    /// Rules every manifest this file reaches must keep once merged. Every layer's policy
    /// applies: a nearer file cannot loosen an outer one.
    pub policy: Option<Policy>,
}

/// Any key of any kind of manifest, with its own docs and values; the schema lists them
/// (`crate::schema::defaults`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Settings(pub serde_json::Map<String, serde_json::Value>);

impl JsonSchema for Settings {
    fn schema_name() -> Cow<'static, str> {
        "Settings".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> schemars::Schema {
        // Replaced by every kind's keys when the Defaults schema is built.
        json_schema!({"type": "object"})
    }
}

/// Rules for the merged manifests, enforced by `validate`, `plan` and `apply`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The training instance types allowed (`instance_type` and every instance group's).
    /// `*` matches any characters: `ml.p5.*`.
    #[schemars(example = &["ml.p4d.24xlarge", "ml.p5.*"])]
    pub allowed_instance_types: Option<Vec<String>>,

    /// The AWS regions allowed.
    #[schemars(example = &["us-west-2", "us-east-1"])]
    pub allowed_regions: Option<Vec<String>>,

    /// The most instances a job may run on (`instance_count`, and each instance group's).
    #[schemars(range(min = 1), example = 16)]
    pub max_instance_count: Option<i64>,

    /// The longest a training job may run, in seconds (`max_run`; a manifest without one
    /// runs for the SDK's default, 86400).
    #[schemars(range(min = 1), example = 259_200)]
    pub max_run: Option<i64>,

    /// Keys every manifest must set, itself or through its defaults (a key its kind does
    /// not have is not required of it).
    #[schemars(example = &["volume_kms_key", "subnets"])]
    pub require: Option<Vec<String>>,

    /// Tag keys every manifest's merged `tags` must have.
    #[schemars(example = &["team", "cost-center"])]
    pub required_tags: Option<Vec<String>>,
}
