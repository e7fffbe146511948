//! `sagespec::debugger::profiler-rule-with-profiler-off`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::support::profiler::profiler_off;
use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::debugger_rules::profiler_rule;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::debugger::profiler-rule-with-profiler-off",
    summary: "a Profiler rule in a job whose profiler is off",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a built-in Profiler rule (`ProfilerReport`, `CPUBottleneck`, …) together with `disable_profiler: \
               true`, or where the SDK turns the profiler off itself: regions without the profiler, and Trainium \
               instances.",
        why: "a Profiler rule analyses what the profiler records. The SDK raises RuntimeError \"ProfilerRule cannot \
              be set when disable_profiler is True.\" at `fit()` (sdk-tuning-deploy-facts, \"Debugger/Profiler \
              rules\"; facts §3.5 for when the SDK turns it off).",
        example: r"```yaml
disable_profiler: true
rules:
- builtin: ProfilerReport   # error: the profiler is off
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(off) = profiler_off(cx) else {
        return;
    };
    for (i, _, builtin) in super::written(cx.manifest).filter(|(_, _, builtin)| profiler_rule(builtin).is_some()) {
        out.push(
            Finding::error(RULE.code, format!("Profiler rule `{builtin}` in a job whose profiler is off"))
                .at(format!("/rules/{i}"))
                .with_label("needs the profiler")
                .also(off.pointer, off.label.clone())
                .with_help(if off.explicit {
                    "remove the Profiler rule, or `disable_profiler: true`"
                } else {
                    "remove the Profiler rule: the SDK runs no profiler here"
                }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use super::RULE;

    #[test]
    fn profiler_rule_with_the_profiler_off_is_reported_with_the_reason() {
        let rules = "rules:\n- builtin: vanishing_gradient\n- builtin: ProfilerReport\n";
        let found = findings(RULE.code, &format!("disable_profiler: true\n{rules}"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/rules/1");
        assert_eq!(found[0].labels[0].pointer, "/disable_profiler");
        let found = findings(RULE.code, &format!("region: ap-southeast-3\n{rules}"));
        assert_eq!(found[0].labels[0].pointer, "/region");
        assert!(findings(RULE.code, rules).is_empty());
    }
}
