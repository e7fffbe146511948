//! `sagespec::tuning::non-integer-bound`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, ranges};
use crate::diagnostic::Finding;
use crate::spec::tuning::RangeType;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::non-integer-bound",
    summary: "an integer range has a bound that is not an integer",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`min_value` or `max_value` of a `type: integer` range written as a fraction (`1.5`, or `2.0`).",
        why: "the SDK sends the bound as Python's `str()` of the number (`\"1.5\"`, `\"2.0\"`), and the service \
              reads an integer range's `MinValue` and `MaxValue` as integers: the request is refused. Use a \
              continuous range for fractional values.",
        example: r"```yaml
hyperparameter_ranges:
  layers: {type: integer, min_value: 1.5, max_value: 8}   # error: write 1 or 2
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for range in ranges(cx.tuning).filter(|range| range.kind() == Some(RangeType::Integer)) {
        for (key, bound) in [("min_value", &range.range.min_value), ("max_value", &range.range.max_value)] {
            let Some(bound) = bound else {
                continue;
            };
            if !bound.is_f64() {
                continue; // an integer, of any size (`arbitrary_precision` keeps its digits)
            }
            out.tuning.push(
                Finding::error(
                    RULE.code,
                    format!("`{key}` of the integer range `{}` is {bound}, not an integer", range.name),
                )
                .at(range.at(key))
                .with_label("not an integer")
                .with_help("write a whole number without a decimal point, or make the range `type: continuous`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn fractions_are_refused_in_integer_ranges_only() {
        let text = tuning(
            "hyperparameter_ranges:\n  n: {type: integer, min_value: 1, max_value: 2.0}\n  lr: {type: continuous, min_value: 0.5, max_value: 1.5}\n",
        );
        assert_eq!(here(&run(&RULE, &text, None)), ["/hyperparameter_ranges/n/max_value"]);
    }

    /// An integer bound of any size is an integer (Python's `IntegerParameter(0, 10**30)`);
    /// a decimal one is not.
    #[test]
    fn integers_of_any_size_are_integers() {
        let range = |max: &str| {
            tuning(&format!("hyperparameter_ranges:\n  n: {{type: integer, min_value: 0, max_value: {max}}}\n"))
        };
        assert!(run(&RULE, &range("1000000000000000000000000000000"), None).tuning.is_empty());
        assert!(run(&RULE, &range("-99999999999999999999"), None).tuning.is_empty());
        assert_eq!(here(&run(&RULE, &range("2.5"), None)), ["/hyperparameter_ranges/n/max_value"]);
    }
}
