//! `sagespec::debugger::rules-unsupported-region`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::debugger_rules::rule_evaluator_image;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::debugger::rules-unsupported-region",
    summary: "built-in Debugger or Profiler rules in a region without the rule evaluator image",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`rules:` in a region where the SDK has no rule evaluator image (its `debugger.json` image config \
               lists 24 regions).",
        why: "every built-in rule runs in the `sagemaker-debugger-rules` image, which the SDK looks up for the job's \
              region; elsewhere `fit()` raises `ValueError: Unsupported region` (sdk-tuning-deploy-facts, \
              \"Debugger/Profiler rules\").",
        example: r"```yaml
region: eu-central-2
rules:                 # error: no rule evaluator image in eu-central-2
- builtin: vanishing_gradient
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(region) = cx.manifest.region.as_deref() else {
        return;
    };
    if cx.manifest.rules.as_ref().is_none_or(Vec::is_empty) || rule_evaluator_image(region).is_some() {
        return;
    }
    out.push(
        Finding::error(RULE.code, format!("built-in rules are not available in {region}"))
            .at_key("/rules")
            .with_label("needs the rule evaluator image")
            .also("/region", format!("the SDK has no rule evaluator image in {region}"))
            .with_help("remove `rules`, or run the job in a region with SageMaker Debugger (for example us-west-2)"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn rules_outside_the_evaluator_regions_are_reported() {
        let rules = "rules:\n- builtin: vanishing_gradient\n";
        assert_eq!(pointers(RULE.code, &format!("region: eu-central-2\n{rules}")), ["/rules"]);
        assert!(pointers(RULE.code, rules).is_empty());
        assert!(pointers(RULE.code, "region: eu-central-2\n").is_empty());
    }
}
