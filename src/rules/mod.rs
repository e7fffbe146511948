//! SageMaker rules: one rule per file, each with a stable code, a name that says what is
//! wrong, and docs (what, why, an example).
//!
//! A rule is a plain function over a [`Context`] that pushes [`Finding`]s; it never stops
//! the others. Rules are grouped by area, each area folder listing its rules in its own
//! `RULES`. To add one: create a file in the area's folder with a `pub const RULE` (its
//! code, summary, severity and docs, and the check), list it in that area's `RULES`, and
//! add failing and passing fixtures under `tests/fixtures/rules/<area>--<name>/`. The docs
//! are data: `sagespec explain`, SARIF and `docs/rules.md` show them
//! ([`crate::diagnostic::registry`]).
//!
//! These are the TrainingJob's rules; [`tuning`] holds the TuningJob's, which see the
//! tuning manifest and the training manifest it names ([`tuning::TuningRule`]).

pub mod api;
pub mod code;
pub mod debugger;
pub mod distribution;
pub mod image;
pub mod manifest;
pub mod script;
pub mod secrets;
pub mod service;
pub mod support;
#[cfg(test)]
pub(crate) mod testing;
pub mod tuning;

use std::path::Path;

use crate::compute::Compute;
use crate::diagnostic::{CodeDocs, Docs, Finding, Severity};
use crate::source::Document;
use crate::spec::Manifest;

/// What every rule sees: the typed manifest (values that failed the schema are `None`),
/// its placement, the document as written (for source-level checks), and the manifest's
/// folder (for local code checks).
pub struct Context<'a> {
    /// The manifest, typed. Values the schema rejected are absent.
    pub manifest: &'a Manifest,
    /// Where the job runs, the one view the image lookup shares.
    pub compute: Compute<'a>,
    /// The document as written, with spans.
    pub document: &'a Document,
    /// The text the document was parsed from (spans index into it).
    pub source: &'a str,
    /// The folder relative paths resolve against (`None` when checking text only).
    pub base_dir: Option<&'a Path>,
}

impl<'a> Context<'a> {
    /// The context of a manifest parsed from `source` as `document`.
    pub fn new(manifest: &'a Manifest, document: &'a Document, source: &'a str, base_dir: Option<&'a Path>) -> Self {
        Self { manifest, compute: Compute::of_manifest(manifest), document, source, base_dir }
    }
}

/// One rule.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable code, `sagespec::<area>::<what-is-wrong>`.
    pub code: &'static str,
    /// One line: what the rule reports (a lower-case phrase, no full stop).
    pub summary: &'static str,
    /// The severity of every finding the rule raises (`tests/rule_docs.rs` checks it
    /// against the fixtures).
    pub severity: Severity,
    /// What the rule reports, why, and an example.
    pub docs: Docs,
    /// Runs the rule.
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
}

impl Rule {
    /// The rule as the code registry lists it.
    pub const fn documented(&self) -> CodeDocs {
        CodeDocs { code: self.code, summary: self.summary, severity: self.severity, docs: self.docs }
    }
}

/// The rule areas, in the order they run.
pub const AREAS: &[&[Rule]] = &[
    manifest::RULES,
    api::RULES,
    image::RULES,
    distribution::RULES,
    service::RULES,
    debugger::RULES,
    secrets::RULES,
    code::RULES,
    script::RULES,
];

/// Every rule, in the order they run. Codes are unique (`crate::diagnostic::registry`'s
/// tests check every code).
pub fn all() -> impl Iterator<Item = &'static Rule> {
    AREAS.iter().flat_map(|area| area.iter())
}

/// Runs every rule and collects all findings.
pub fn run(context: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in all() {
        (rule.check)(context, &mut findings);
    }
    findings
}
