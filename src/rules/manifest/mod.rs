//! Rules on the manifest itself: keys that are required together or instead of each
//! other (the estimator's own argument checks, facts §2.9), and YAML/TOML typing traps.
//!
//! These rules read which keys are *written* from the document, not from the typed
//! manifest, so that a value the schema rejected still counts as given (it has its own
//! finding) and is not reported a second time as missing.

use super::{Context, Rule};
use crate::source::Value;

pub mod git_config_refused;
pub mod instance_groups_with_instance_type;
pub mod missing_instance_count;
pub mod missing_instance_type;
pub mod missing_job_name;
pub mod name_with_job_name;
pub mod unquoted_boolean_word;
pub mod unquoted_version;

/// The manifest rules, in the order they run: naming, then compute, then typing traps.
pub const RULES: &[Rule] = &[
    missing_job_name::RULE,
    name_with_job_name::RULE,
    missing_instance_type::RULE,
    missing_instance_count::RULE,
    instance_groups_with_instance_type::RULE,
    unquoted_version::RULE,
    unquoted_boolean_word::RULE,
    git_config_refused::RULE,
];

/// Whether the top-level `key` is written with a value (`key:` alone, YAML's null,
/// counts as unset, as everywhere else in sagespec).
fn written(cx: &Context<'_>, key: &str) -> bool {
    cx.document.root.entry(key).is_some_and(|entry| entry.value.value != Value::Null)
}
