//! Rules on the manifest itself: keys that are required together or instead of each
//! other (the estimator's own argument checks, facts §2.9), and YAML/TOML typing traps.
//!
//! These rules read which keys are *written* from the document, not from the typed
//! manifest, so that a value the schema rejected still counts as given (it has its own
//! finding) and is not reported a second time as missing.

use super::{Context, Rule};
use crate::source::Value;

pub mod instance_groups_with_instance_type;
pub mod missing_instance_count;
pub mod missing_instance_type;
pub mod missing_job_name;
pub mod name_with_job_name;
pub mod unquoted_version;

/// The manifest rules, in the order they run: naming, then compute, then typing traps.
pub const RULES: &[Rule] = &[
    missing_job_name::RULE,
    name_with_job_name::RULE,
    missing_instance_type::RULE,
    missing_instance_count::RULE,
    instance_groups_with_instance_type::RULE,
    unquoted_version::RULE,
];

/// Whether the top-level `key` is written with a value (`key:` alone, YAML's null,
/// counts as unset, as everywhere else in sagespec).
fn written(cx: &Context<'_>, key: &str) -> bool {
    cx.document.root.entry(key).is_some_and(|entry| entry.value.value != Value::Null)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs one rule over manifest text, for the rules' unit tests.

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
        let (_, manifest) = crate::check::check_document(&document, text, None);
        let manifest = manifest.unwrap_or_default();
        let mut out = Vec::new();
        (rule.check)(&Context { manifest: &manifest, document: &document, source: text, base_dir: None }, &mut out);
        out
    }
}
