//! `sagespec::debugger::actions-on-profiler-rule`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::debugger_rules::profiler_rule;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::debugger::actions-on-profiler-rule",
    summary: "`actions` or `collections_to_save` on a Profiler rule",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a built-in Profiler rule (`ProfilerReport`, `CPUBottleneck`, …) with `actions` or \
               `collections_to_save`.",
        why: "only Debugger rules take them: `ProfilerRule.sagemaker` has neither argument (a TypeError in Python), \
              and the API's `ProfilerRuleConfiguration` has no place for them (sdk-tuning-deploy-facts, \
              \"Debugger/Profiler rules\").",
        example: r"```yaml
rules:
- builtin: ProfilerReport
  actions:                # error: Debugger rules only
  - stop_training: {}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (i, rule, builtin) in super::written(cx.manifest).filter(|(_, _, builtin)| profiler_rule(builtin).is_some()) {
        let set = [("actions", rule.actions.is_some()), ("collections_to_save", rule.collections_to_save.is_some())];
        for (key, _) in set.iter().filter(|(_, present)| *present) {
            out.push(
                Finding::error(RULE.code, format!("Profiler rule `{builtin}` takes no `{key}`"))
                    .at_key(format!("/rules/{i}/{key}"))
                    .with_label("Debugger rules only")
                    .with_help(format!("remove `{key}`; only Debugger rules (`vanishing_gradient`, …) take it")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn actions_on_a_profiler_rule_are_reported() {
        let yaml = "rules:\n- builtin: ProfilerReport\n  actions:\n  - stop_training: {}\n- builtin: loss_not_decreasing\n  actions:\n  - stop_training: {}\n";
        assert_eq!(pointers(RULE.code, yaml), ["/rules/0/actions"]);
    }
}
