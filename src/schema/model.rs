//! The Model schema: generated from [`crate::spec::ModelManifest`], committed as
//! `schema/model.schema.json` (drift-tested like the TrainingJob schema), and compiled into a
//! validator at build time. Its findings go through the same messages as every kind's
//! ([`super::findings`]).

use serde_json::Value as Json;

use crate::spec::ModelManifest;

published_schema!("model.schema.json", "schema/model.schema.json");

fn build() -> Json {
    super::build_for::<ModelManifest>(
        SCHEMA_ID,
        "sagespec model",
        "A declarative Amazon SageMaker model (a PyTorchModel or TensorFlowModel), compiled by sagespec to the exact CreateModel request the SageMaker Python SDK would send.",
    )
}
