//! `sagespec::debugger::too-many-rules`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::api_limits::MAX_RULE_CONFIGURATIONS;
use crate::facts::debugger_rules::debugger_rule;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::debugger::too-many-rules",
    summary: "more than 20 Debugger rules or more than 20 Profiler rules",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`rules:` with more than 20 Debugger rules, or more than 20 Profiler rules.",
        why: "the API's `DebugRuleConfigurations` and `ProfilerRuleConfigurations` each hold at most 20 items \
              (facts §1.2); the SDK sends them anyway and the API refuses the job.",
        example: r"```yaml
rules:               # error: 21 Debugger rules
- builtin: vanishing_gradient
# … 20 more
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (debugger, profiler): (Vec<_>, Vec<_>) =
        super::written(cx.manifest).partition(|(_, _, builtin)| debugger_rule(builtin).is_some());
    let indexes = |rules: Vec<(usize, _, _)>| rules.into_iter().map(|(i, _, _)| i).collect::<Vec<usize>>();
    let (debugger, profiler) = (indexes(debugger), indexes(profiler));
    for (kind, indexes) in [("Debugger", debugger), ("Profiler", profiler)] {
        if let Some(first_extra) = indexes.get(MAX_RULE_CONFIGURATIONS) {
            out.push(
                Finding::error(
                    RULE.code,
                    format!("{} {kind} rules; the API takes at most {MAX_RULE_CONFIGURATIONS}", indexes.len()),
                )
                .at(format!("/rules/{first_extra}"))
                .with_label(format!("{kind} rule number {}", MAX_RULE_CONFIGURATIONS + 1))
                .with_help(format!("keep at most {MAX_RULE_CONFIGURATIONS} {kind} rules")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn the_twenty_first_rule_of_a_kind_is_reported() {
        let rules = |n: usize| format!("rules:\n{}", "- builtin: all_zero\n".repeat(n));
        assert_eq!(pointers(RULE.code, &rules(21)), ["/rules/20"]);
        assert!(pointers(RULE.code, &rules(20)).is_empty());
    }
}
