//! `sagespec::tuning::min-not-below-max`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, number, ranges};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::min-not-below-max",
    summary: "a range's `min_value` is not below its `max_value`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a continuous or integer range whose `min_value` is greater than or equal to its `max_value`.",
        why: "a range is the interval from `MinValue` to `MaxValue`; the service refuses a range whose minimum is \
              not below its maximum, after the SDK has sent it. A single value is not a range to search: make it \
              a static hyperparameter, or a categorical range with one value.",
        example: r"```yaml
hyperparameter_ranges:
  lr: {type: continuous, min_value: 0.1, max_value: 0.001}   # error: swap the bounds
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for range in ranges(cx.tuning) {
        let (Some(min), Some(max)) = (number(range.range.min_value.as_ref()), number(range.range.max_value.as_ref()))
        else {
            continue;
        };
        if min < max {
            continue;
        }
        out.tuning.push(
            Finding::error(
                RULE.code,
                format!("the range `{}` runs from {min} to {max}: its minimum is not below its maximum", range.name),
            )
            .at(range.at("min_value"))
            .with_label("not below max_value")
            .also(range.at("max_value"), "the maximum")
            .with_help(if min > max {
                "swap `min_value` and `max_value`"
            } else {
                "a single value is not a range: set it as a static hyperparameter of the training job, or widen the range"
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn min_must_be_below_max() {
        let ranges = |min: &str, max: &str| {
            tuning(&format!("hyperparameter_ranges:\n  lr: {{type: continuous, min_value: {min}, max_value: {max}}}\n"))
        };
        assert!(run(&RULE, &ranges("0.1", "0.2"), None).tuning.is_empty());
        assert_eq!(here(&run(&RULE, &ranges("0.2", "0.2"), None)), ["/hyperparameter_ranges/lr/min_value"]);
        assert_eq!(here(&run(&RULE, &ranges("3", "-1"), None)), ["/hyperparameter_ranges/lr/min_value"]);
    }
}
