//! The operations: what each command does, as library calls. The `cli` commands are thin
//! wrappers that parse flags, call one of these and print (cargo's "commands are thin
//! wrappers around ops").
//!
//! ```text
//! paths ──validate──▶ valid manifests (+ reference graph) ──compile──▶ requests
//!       ──plan──────▶ desired vs live ──apply──▶ SageMaker + S3
//! ```
//!
//! - [`validate`] discovers and checks manifests (every kind, through `crate::kinds`) and
//!   resolves their references ([`graph`]);
//! - [`compile`] resolves and lowers the valid ones, in parallel, packing each code folder
//!   once per run;
//! - [`plan`] compiles for AWS (asking STS for the account where the default bucket needs
//!   it) and compares with what SageMaker has;
//! - [`apply`] carries a plan out and follows what it started;
//! - [`destroy`] deletes what the Endpoint manifests deployed;
//! - [`jobs`] finds the jobs `status`, `stop` and `logs` name, by name or by manifest;
//! - [`online`] adds the account checks (`crate::account`) to validate and plan;
//! - [`fix`] applies the repairs findings carry (`crate::fix`), file by file;
//! - [`import`] writes manifests for jobs that already exist (`crate::import` maps them).
//!
//! Nothing here prints: results are data, and only `cli` and the renderers format them.

pub mod apply;
pub mod compile;
pub mod destroy;
pub mod fix;
pub mod graph;
pub mod import;
pub mod jobs;
pub mod online;
pub mod plan;
pub mod validate;

/// The tokio runtime the AWS calls run on.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()
}
