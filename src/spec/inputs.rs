//! `inputs:`: the channels of `fit(inputs=...)`.
//!
//! The schema dispatches with draft-07 `if`/`then` rather than `anyOf`, so an editor (and
//! our own validator) reports a mistake inside a channel at the key that is wrong, not as
//! "matches none of the alternatives". Each `if` that requires a key also declares it under
//! `properties` (as `true`, any value): Ajv's strict mode (`strictRequired`, which
//! SchemaStore's CI uses) rejects a `required` key its own subschema does not define.

use std::borrow::Cow;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use super::patterns;

/// The `inputs` key: one URI, one TrainingInput, or named channels.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Inputs {
    /// One S3 URI; the channel is named `training`.
    Uri(String),
    /// One TrainingInput-like mapping; the channel is named `training`.
    Single(TrainingInput),
    /// Channel name → channel.
    Channels(IndexMap<String, Channel>),
}

/// One named channel.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Channel {
    /// An S3 URI with the SDK's defaults (S3Prefix, FullyReplicated).
    Uri(String),
    /// A FileSystemInput-like mapping (EFS or FSx for Lustre).
    FileSystem(FileSystemInput),
    /// A TrainingInput-like mapping.
    S3(TrainingInput),
}

impl JsonSchema for Inputs {
    fn schema_name() -> Cow<'static, str> {
        "Inputs".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let uri = patterns::input_uri(generator);
        let single = generator.subschema_for::<TrainingInput>();
        let channel = generator.subschema_for::<Channel>();
        let name = patterns::channel_name(generator);
        json_schema!({
            "description": "Training data: one S3 URI (channel `training`), one TrainingInput-like mapping (it has `s3_data`), or a map from channel name to channel.",
            "examples": ["s3://my-bucket/train/", {"train": "s3://my-bucket/train/", "validation": "s3://my-bucket/validation/"}],
            "if": {"type": "string"},
            "then": uri,
            "else": {
                "if": {"type": "object", "properties": {"s3_data": true}, "required": ["s3_data"]},
                "then": single,
                "else": {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 20,
                    "propertyNames": name,
                    "additionalProperties": channel
                }
            }
        })
    }
}

impl JsonSchema for Channel {
    fn schema_name() -> Cow<'static, str> {
        "Channel".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let uri = patterns::input_uri(generator);
        let s3 = generator.subschema_for::<TrainingInput>();
        let fs = generator.subschema_for::<FileSystemInput>();
        json_schema!({
            "description": "One channel: an S3 URI, a TrainingInput-like mapping (`s3_data`, …) or a FileSystemInput-like mapping (`file_system_id`, …).",
            "if": {"type": "string"},
            "then": uri,
            "else": {
                "if": {"type": "object", "properties": {"file_system_id": true}, "required": ["file_system_id"]},
                "then": fs,
                "else": s3
            }
        })
    }
}

/// Like `sagemaker.inputs.TrainingInput`: an S3 channel with its options.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingInput {
    /// S3 URI of the data (a prefix, a manifest file, …).
    #[schemars(required, schema_with = "patterns::input_uri")]
    pub s3_data: Option<String>,
    /// How the data is spread over instances. Default `FullyReplicated`.
    pub distribution: Option<S3DataDistribution>,
    /// Compression of the data (Pipe mode).
    pub compression: Option<Compression>,
    /// MIME type of the data.
    #[schemars(length(max = 256), example = &"application/x-parquet")]
    pub content_type: Option<String>,
    /// Record wrapping (Pipe mode).
    pub record_wrapping: Option<RecordWrapping>,
    /// What `s3_data` names. Default `S3Prefix`.
    pub s3_data_type: Option<S3DataType>,
    /// Input mode of this channel, overriding the job's.
    pub input_mode: Option<InputMode>,
    /// Attributes of an augmented manifest to deliver.
    #[schemars(length(max = 16), inner(length(min = 1, max = 256)))]
    pub attribute_names: Option<Vec<String>>,
    /// Target attribute of an augmented manifest.
    pub target_attribute_name: Option<String>,
    /// Instance groups that receive this channel.
    #[schemars(length(max = 5), inner(length(min = 1, max = 64)))]
    pub instance_groups: Option<Vec<String>>,
    /// Shuffle the S3 objects with this seed.
    pub shuffle_config: Option<ShuffleConfig>,
}

/// `shuffle_config:`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShuffleConfig {
    /// Shuffle seed.
    #[schemars(required)]
    pub seed: Option<i64>,
}

/// Like `sagemaker.inputs.FileSystemInput`: an EFS or FSx for Lustre channel.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileSystemInput {
    /// File system id, e.g. `fs-0123456789abcdef0`.
    #[schemars(required, length(min = 11, max = 21), regex(pattern = r"^fs-[0-9a-f]{8,}$"))]
    pub file_system_id: Option<String>,
    /// `EFS` or `FSxLustre`.
    #[schemars(required)]
    pub file_system_type: Option<FileSystemType>,
    /// Path inside the file system.
    #[schemars(required, length(max = 4096), example = &"/fsx/data")]
    pub directory_path: Option<String>,
    /// `ro` (default) or `rw`.
    pub file_system_access_mode: Option<FileSystemAccessMode>,
    /// MIME type of the data.
    #[schemars(length(max = 256))]
    pub content_type: Option<String>,
}

macro_rules! api_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vdoc])* #[doc = concat!("`", $text, "`")] #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// The value as the API spells it.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }
    };
}

api_enum! {
    /// `TrainingInputMode` (API enum).
    InputMode { File = "File", Pipe = "Pipe", FastFile = "FastFile" }
}
api_enum! {
    /// `S3DataDistribution` (API enum).
    S3DataDistribution { FullyReplicated = "FullyReplicated", ShardedByS3Key = "ShardedByS3Key" }
}
api_enum! {
    /// `S3DataType` (API enum).
    S3DataType {
        S3Prefix = "S3Prefix",
        ManifestFile = "ManifestFile",
        AugmentedManifestFile = "AugmentedManifestFile",
        Converse = "Converse",
    }
}
api_enum! {
    /// `CompressionType` of a channel (API enum).
    Compression { None = "None", Gzip = "Gzip" }
}
api_enum! {
    /// `RecordWrapperType` (API enum).
    RecordWrapping { None = "None", RecordIo = "RecordIO" }
}
api_enum! {
    /// `FileSystemType` (API enum).
    FileSystemType { Efs = "EFS", FsxLustre = "FSxLustre" }
}
api_enum! {
    /// `FileSystemAccessMode` (API enum).
    FileSystemAccessMode { Ro = "ro", Rw = "rw" }
}
