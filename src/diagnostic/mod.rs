//! Findings and their renderers.
//!
//! Detection (source, schema, rules) produces [`Finding`]s addressed by JSON pointer;
//! [`report`] resolves them to lines and columns once per file; the renderers in
//! [`render`] turn reports into human, JSON, SARIF or GitHub output. Renderers never
//! decide anything: add a format by adding a sibling module in `render/`. Every code a
//! finding can carry is documented in [`registry`].

pub mod codes;
mod finding;
pub mod registry;
pub mod render;
pub mod report;

pub use finding::{Finding, Fix, Label, Related, Severity, Target, TextEdit, fold_misspellings};
pub use registry::{CodeDocs, Docs};
pub use report::{FileReport, Resolved};
