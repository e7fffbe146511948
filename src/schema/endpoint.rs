//! The Endpoint schema: generated from [`crate::spec::EndpointManifest`], committed as
//! `schema/endpoint.schema.json` (drift-tested like the TrainingJob schema), and compiled into a
//! validator at build time. Its findings go through the same messages as every kind's
//! ([`super::findings`]).

use serde_json::Value as Json;

use crate::spec::EndpointManifest;

published_schema!("endpoint.schema.json", "schema/endpoint.schema.json");

fn build() -> Json {
    super::build_for::<EndpointManifest>(
        SCHEMA_ID,
        "sagespec endpoint",
        "A declarative Amazon SageMaker endpoint serving a sagespec model, compiled by sagespec to the exact CreateEndpointConfig and CreateEndpoint requests the SageMaker Python SDK's deploy() would send.",
    )
}
