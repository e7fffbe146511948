//! sagespec: a compiler for declarative Amazon SageMaker training jobs.
//!
//! The crate reads as a pipeline (see `design/architecture.md`):
//!
//! ```text
//! text ──source──▶ Document ──spec──▶ Manifest ──check──▶ Findings
//!      ──resolve─▶ Job ──lower──▶ CreateTrainingJob request
//! ```
//!
//! [`source`] parses YAML/TOML with spans, [`spec`] holds the manifest types (and so the
//! JSON Schema, [`schema`]), [`rules`] holds the SageMaker rules, [`check`] runs them all,
//! and [`diagnostic`] reports the findings. [`facts`] holds the SageMaker tables every
//! stage shares. The `sagespec` binary is a thin layer over [`cli`].

pub mod apply;
pub mod aws;
pub mod check;
pub mod cli;
pub mod compute;
pub mod diagnostic;
pub mod discover;
pub mod encode;
pub mod facts;
pub mod image;
pub mod job;
pub mod kinds;
pub mod lower;
pub mod ops;
pub mod package;
pub mod parallel;
pub mod plan;
pub mod rules;
pub mod schema;
pub mod source;
pub mod spec;
