//! Lowering: a resolved [`Job`](crate::job::Job) → the `CreateTrainingJob` request the
//! SageMaker Python SDK v2 would send for the equivalent estimator, key for key and byte
//! for byte in every hyperparameter.
//!
//! - [`request`] builds the aws-sdk-sagemaker input (what `apply` sends);
//! - [`hyperparameters`] and [`distribution`] produce `HyperParameters` in the SDK's order;
//! - [`wire`] captures the SDK's own serialized body without sending it, and puts its
//!   hash-ordered maps in a deterministic order for printing;
//! - [`identity`] names `name:` jobs by content hash;
//! - [`compile()`] runs the whole pipeline for one manifest; a [`Compiler`] runs it for
//!   many, packing shared code once.
//!
//! SDK behaviour deliberately not copied (each explained where it lives): timestamped job
//! names ([`identity`]); the code key `<prefix>/<job>/source/sourcedir.tar.gz`
//! (`crate::package`); the SDK's non-reproducible tarball and its packing of secrets
//! (`crate::package`). A `TrainingInput`'s `target_attribute_name` has no
//! `CreateTrainingJob` member; it only changes the default distribution type.
//!
//! To lower a new manifest key: resolve it in `crate::job`, set it in [`request`], and add
//! a conformance case recorded from the SDK.

pub mod compile;
pub mod distribution;
pub mod hyperparameters;
pub mod identity;
pub mod request;
pub mod wire;

pub use compile::{CompileError, CompileOptions, Compiled, Compiler, compile};
pub use request::{LowerError, input};
