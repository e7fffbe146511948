//! The TuningJob schema: generated from [`crate::spec::TuningManifest`], committed as
//! `schema/tuning-job.schema.json` (drift-tested like the TrainingJob schema), and compiled
//! into a validator at build time. Its findings go through the same messages as every
//! kind's ([`super::findings`]).

use serde_json::Value as Json;

use crate::spec::TuningManifest;

published_schema!("tuning-job.schema.json", "schema/tuning-job.schema.json");

fn build() -> Json {
    super::build_for::<TuningManifest>(
        SCHEMA_ID,
        "sagespec tuning job",
        "A declarative Amazon SageMaker hyperparameter tuning job over a sagespec training job, compiled by sagespec to the exact CreateHyperParameterTuningJob request the SageMaker Python SDK's HyperparameterTuner would send.",
    )
}
