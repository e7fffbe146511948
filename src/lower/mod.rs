//! Lowering: a resolved [`Job`](crate::job::Job) → the `CreateTrainingJob` request the
//! SageMaker Python SDK v2 would send for the equivalent estimator, key for key and byte
//! for byte in every hyperparameter.
//!
//! - [`request`] builds the aws-sdk-sagemaker input (what `apply` sends);
//! - [`hyperparameters`] and [`distribution`] produce `HyperParameters` in the SDK's order;
//! - [`wire`] captures the SDK's own serialized body without sending it, and puts its
//!   hash-ordered maps in a deterministic order for printing;
//! - [`identity`] names `name:` jobs by content hash;
//! - [`named`] runs them in order: a resolved job in, its name and request out;
//! - [`deploy`] lowers a Model to `CreateModel` and an Endpoint to `CreateEndpointConfig`
//!   and `CreateEndpoint`;
//! - [`tuning`] lowers a TuningJob to `CreateHyperParameterTuningJob`, its training job
//!   definition built from the same [`request`] pieces and [`hyperparameters`].
//!
//! Lowering is pure: no I/O, no packing, no AWS. The code is packed and the job resolved
//! before (`crate::kinds::training_job`), and nothing is sent after (`crate::ops`).
//!
//! SDK behaviour deliberately not copied (each explained where it lives): timestamped job
//! names ([`identity`]); the code key `<prefix>/<job>/source/sourcedir.tar.gz`
//! (`crate::package`); the SDK's non-reproducible tarball and its packing of secrets
//! (`crate::package`). A `TrainingInput`'s `target_attribute_name` has no
//! `CreateTrainingJob` member; it only changes the default distribution type.
//!
//! To lower a new manifest key: resolve it in `crate::job`, set it in [`request`], and add
//! a conformance case recorded from the SDK.

pub mod deploy;
pub mod distribution;
pub mod hyperparameters;
pub mod identity;
pub mod named;
pub mod request;
pub mod tuning;
pub mod wire;

pub use named::{Lowered, NamedError, lower};
pub use request::{LowerError, input};
