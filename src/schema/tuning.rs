//! The TuningJob schema: generated from [`crate::spec::TuningManifest`], committed as
//! `schema/tuning-job.schema.json` (drift-tested like the TrainingJob schema), and compiled
//! into a validator at build time. Its findings go through the same messages as every
//! kind's ([`super::findings`]).

use std::sync::LazyLock;

use serde_json::Value as Json;

use crate::diagnostic::Finding;
use crate::source::Document;
use crate::spec::TuningManifest;

/// Where the TuningJob schema is published.
pub const SCHEMA_ID: &str = "https://raw.githubusercontent.com/sagespec/sagespec/main/schema/tuning-job.schema.json";

/// The committed schema, embedded at build time (`tests/schema_drift.rs` proves it equals
/// [`generate`]'s output).
pub const COMMITTED: &str = include_str!("../../schema/tuning-job.schema.json");

/// The schema as published.
pub const PUBLISHED: super::Published =
    super::Published { file: "tuning-job.schema.json", id: SCHEMA_ID, text: COMMITTED };

/// The schema as a JSON value.
pub fn schema() -> &'static Json {
    static SCHEMA: LazyLock<Json> = LazyLock::new(|| serde_json::from_str(COMMITTED).unwrap_or_else(|_| build()));
    &SCHEMA
}

/// Generates the schema from the manifest types: what `schema/tuning-job.schema.json`
/// must contain.
pub fn generate() -> String {
    super::pretty(&build())
}

fn build() -> Json {
    super::build_for::<TuningManifest>(
        SCHEMA_ID,
        "sagespec tuning job",
        "A declarative Amazon SageMaker hyperparameter tuning job over a sagespec training job, compiled by sagespec to the exact CreateHyperParameterTuningJob request the SageMaker Python SDK's HyperparameterTuner would send.",
    )
}

/// The committed schema compiled into Rust at build time, as the TrainingJob one is.
#[jsonschema::validator(path = "schema/tuning-job.schema.json", draft = Draft7, pattern_options = { engine = regex })]
struct Compiled;

/// Validates a TuningJob document (as JSON, nulls removed): every schema error as a finding.
pub fn check(document: &Document, instance: &Json) -> Vec<Finding> {
    super::findings(document, Compiled::iter_errors(instance), schema())
}
