//! Schemas shared by several keys: S3 URIs, KMS keys, regions, instance types, channel
//! names, environment and tags. Patterns come from the API model (botocore 1.44.8
//! `service-2.json`, facts §1), anchored because the service matches whole values.

use schemars::{Schema, SchemaGenerator, json_schema};

use crate::facts::hosting_instance_types::HOSTING_INSTANCE_TYPES;
use crate::facts::{debugger_rules, instance_types::TRAINING_INSTANCE_TYPES, regions::region_names};

/// The API's `S3Uri` shape: `(https|s3)://bucket/key`, at most 1024 characters.
pub fn s3_uri(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "maxLength": 1024,
        "pattern": "^(https|s3)://([^/]+)/?(.*)$",
        "examples": ["s3://my-bucket/prefix/"]
    })
}

/// An input channel URI: the SDK accepts only `s3://` here.
pub fn input_uri(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "maxLength": 1024,
        "pattern": "^s3://([^/]+)/?(.*)$",
        "examples": ["s3://my-bucket/train/"]
    })
}

/// The API's `KmsKeyId` shape.
pub fn kms_key(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "maxLength": 2048,
        "pattern": "^[a-zA-Z0-9:/_-]*$",
        "examples": ["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    })
}

/// A region SageMaker runs in (botocore's endpoint list).
pub fn region(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = region_names().collect();
    json_schema!({
        "type": "string",
        "enum": names,
        "examples": ["us-west-2"]
    })
}

/// A value of the API's TrainingInstanceType enum.
pub fn instance_type(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "enum": TRAINING_INSTANCE_TYPES,
        "examples": ["ml.p4d.24xlarge"]
    })
}

/// A built-in Debugger or Profiler rule name ([`debugger_rules`]).
pub fn builtin_rule(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = debugger_rules::builtin_names().collect();
    json_schema!({
        "type": "string",
        "enum": names,
        "examples": ["vanishing_gradient", "ProfilerReport"]
    })
}

/// A value of the API's ProductionVariantInstanceType enum (hosting, not training).
pub fn hosting_instance_type(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "enum": HOSTING_INSTANCE_TYPES,
        "examples": ["ml.g5.2xlarge"]
    })
}

/// The API's `ChannelName` shape.
pub fn channel_name(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "minLength": 1,
        "maxLength": 64,
        "pattern": "^[A-Za-z0-9\\.\\-_]+$"
    })
}

/// The API's `EnvironmentMap`: at most 100 variables, POSIX names, values ≤ 512 characters.
pub fn environment(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "maxProperties": 100,
        "propertyNames": {"maxLength": 512, "pattern": "^[a-zA-Z_][a-zA-Z0-9_]*$"},
        "additionalProperties": {"type": "string", "maxLength": 512},
        "examples": [{"NCCL_DEBUG": "INFO"}]
    })
}

/// The API's `TagList`, written as a map: at most 50 tags, keys 1–128 and values ≤ 256
/// characters. The character-class pattern (`\p{L}`…) is checked by a rule, since editors'
/// regex engines disagree on Unicode classes.
pub fn tags(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "maxProperties": 50,
        "propertyNames": {"minLength": 1, "maxLength": 128},
        "additionalProperties": {"type": "string", "maxLength": 256},
        "examples": [{"team": "ml-platform"}]
    })
}
