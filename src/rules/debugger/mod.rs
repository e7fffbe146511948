//! Rules for `rules:`, the built-in SageMaker Debugger and Profiler rules (`design/manifest.md`
//! §8): what `Rule.sagemaker` / `ProfilerRule.sagemaker`, `smdebug_rulesconfig` and the
//! estimator refuse at `fit()`, and the API's limits on rule configurations (facts §1.2).
//! The built-in rules are data: [`crate::facts::debugger_rules`].
//!
//! To add a rule: create a file here with a `pub const RULE`, list it in [`RULES`], and add
//! fixtures under `tests/fixtures/rules/debugger--<name>/`.

use super::Rule;

pub mod actions_on_profiler_rule;
pub mod invalid_action;
pub mod invalid_rule_parameter;
pub mod profiler_rule_with_profiler_off;
pub mod rules_unsupported_region;
pub mod too_many_rules;

/// The Debugger rules' rules, in the order they run.
pub const RULES: &[Rule] = &[
    rules_unsupported_region::RULE,
    profiler_rule_with_profiler_off::RULE,
    too_many_rules::RULE,
    invalid_rule_parameter::RULE,
    actions_on_profiler_rule::RULE,
    invalid_action::RULE,
];

/// Each rule of `rules:` that names a built-in rule, with its index.
fn written(manifest: &crate::spec::Manifest) -> impl Iterator<Item = (usize, &crate::spec::DebuggerRule, &str)> {
    manifest
        .rules
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, rule)| rule.builtin.as_deref().map(|builtin| (i, rule, builtin)))
}

/// Test support: check a small manifest and list what one rule found.
#[cfg(test)]
pub(crate) mod testing {
    use crate::diagnostic::Finding;

    /// A complete, valid manifest in us-west-2; tests append the keys under test.
    const BASE: &str = "apiVersion: sagespec/v1
kind: TrainingJob
job_name: debugger-rule-test
region: us-west-2
framework: pytorch
framework_version: \"2.2.0\"
py_version: py310
entry_point: train.py
source_dir: src
role: arn:aws:iam::111122223333:role/SageMakerRole
instance_type: ml.g5.2xlarge
instance_count: 1
";

    /// The pointers of the findings with `code` for [`BASE`] plus `extra` (YAML lines),
    /// `region: us-west-2` replaced when `extra` names another.
    pub fn pointers(code: &str, extra: &str) -> Vec<String> {
        findings(code, extra).into_iter().map(|f| f.pointer).collect()
    }

    /// The findings with `code`.
    pub fn findings(code: &str, extra: &str) -> Vec<Finding> {
        let base = if extra.contains("region:") { BASE.replace("region: us-west-2\n", "") } else { BASE.to_owned() };
        crate::rules::testing::findings_with_code(&format!("{base}{extra}"), code, None)
    }
}
