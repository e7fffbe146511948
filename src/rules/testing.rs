//! Helpers for the rules' unit tests: run one rule, or the whole check, over manifest
//! text.

use std::path::Path;
use std::sync::Arc;

use crate::check::check_text;
use crate::diagnostic::Finding;
use crate::rules::{Context, Rule};
use crate::source::{self, Format};

/// The findings `rule` raises on `text` (YAML), with the schema's typed manifest.
pub fn run(rule: &Rule, text: &str) -> Vec<Finding> {
    run_as(rule, text, Format::Yaml)
}

/// The findings `rule` raises on `text` in `format`.
pub fn run_as(rule: &Rule, text: &str, format: Format) -> Vec<Finding> {
    let document = source::parse(text, format).expect("test manifest parses");
    let (checked, _) = crate::check::check_document(crate::check::builtin(), &document, text, None);
    let manifest =
        checked.manifest.as_ref().and_then(|t| t.downcast::<crate::spec::Manifest>()).cloned().unwrap_or_default();
    let mut out = Vec::new();
    (rule.check)(&Context::new(&manifest, &document, text, None), &mut out);
    out
}

/// The findings with `code` when the whole check runs over `text` (YAML), with local paths
/// resolved against `base_dir`.
pub fn findings_with_code(text: &str, code: &str, base_dir: Option<&Path>) -> Vec<Finding> {
    let checked = check_text("test.yaml", Arc::from(text), Format::Yaml, base_dir);
    checked.report.findings.into_iter().map(|r| r.finding).filter(|f| f.code == code).collect()
}
