//! Deployment lowering (`design/manifest.md` §6): a resolved [`Model`] → `CreateModel`, a
//! resolved [`Endpoint`] → `CreateEndpointConfig` and `CreateEndpoint`, as SDK v2's
//! `model.deploy(...)` sends them (`reference/sdk-tuning-deploy-facts.md`, "Deployment").
//!
//! Names, where the SDK stamps the clock:
//! - the model is `<name>-<12 hex>` of its name-independent request and its code (or its
//!   exact `model_name`), as a job is named ([`super::identity`]);
//! - the endpoint configuration is `<endpoint name, at most 50 characters>-<12 hex>` of its
//!   request without its name, so changing a model or a setting makes a new one;
//! - the endpoint keeps its stable name.
//!
//! Pure: the code was packed and the training job compiled before (`crate::kinds`).

pub mod endpoint;
pub mod model;

pub use endpoint::{Endpoint, LoweredEndpoint, Variant};
pub use model::{LoweredModel, Model, ModelData, Repack};

use serde_json::Value as Json;

use super::wire::WireError;

/// Why a model or an endpoint could not be lowered.
#[derive(Debug, thiserror::Error)]
pub enum DeployLowerError {
    /// A number does not fit the API's 32-bit integer.
    #[error("`{field}` = {value} does not fit the API's integer range")]
    OutOfRange {
        /// The manifest key.
        field: &'static str,
        /// The value.
        value: i64,
    },
    /// The SDK refused to build the input.
    #[error("the request could not be built: {0}")]
    Build(String),
    /// The SDK's body could not be captured.
    #[error(transparent)]
    Wire(#[from] WireError),
}

/// `value` as the API's 32-bit integer.
fn int(field: &'static str, value: i64) -> Result<i32, DeployLowerError> {
    i32::try_from(value).map_err(|_| DeployLowerError::OutOfRange { field, value })
}

/// The printed request: the SDK's body, with whole-number floats written as integers (the
/// SDK v2 sends `InitialVariantWeight` as Python's `1`; the AWS SDK writes `1.0`; both
/// are the same JSON number).
fn printed(mut body: Json) -> Json {
    fn whole(value: &mut Json) {
        match value {
            Json::Number(n) if n.is_f64() => {
                if let Some(x) = n.as_f64().filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15) {
                    #[allow(clippy::cast_possible_truncation)]
                    let int = x as i64;
                    *value = Json::from(int);
                }
            }
            Json::Array(items) => items.iter_mut().for_each(whole),
            Json::Object(map) => map.values_mut().for_each(whole),
            _ => {}
        }
    }
    whole(&mut body);
    body
}
