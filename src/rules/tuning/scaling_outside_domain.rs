//! `sagespec::tuning::scaling-outside-domain`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, number, ranges};
use crate::diagnostic::Finding;
use crate::facts::tuning::scaling_domain;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::scaling-outside-domain",
    summary: "a range reaches outside the values its scaling type works on",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a `Logarithmic` range with a bound of 0 or less, or a continuous `ReverseLogarithmic` range not \
               entirely within 0 <= x < 1.",
        why: "the API reference (`ContinuousParameterRange.ScalingType`, `IntegerParameterRange.ScalingType`): \
              logarithmic scaling works only for ranges of values greater than 0, reverse logarithmic only for \
              ranges within 0 <= x < 1.0. The SDK does not check; the service refuses the request.",
        example: r"```yaml
hyperparameter_ranges:
  shift: {type: continuous, min_value: -1, max_value: 1, scaling_type: Logarithmic}   # error: use Linear
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for range in ranges(cx.tuning) {
        let (Some(kind), Some(scaling)) = (range.kind(), range.range.scaling_type) else {
            continue;
        };
        // A scaling that does not apply to the type is `scaling-not-for-range-type`'s.
        let Some(domain) = scaling_domain(scaling).filter(|domain| domain.range_types.contains(&kind)) else {
            continue;
        };
        let bounds = [
            ("min_value", number(range.range.min_value.as_ref())),
            ("max_value", number(range.range.max_value.as_ref())),
        ];
        let outside = bounds.iter().find_map(|(key, value)| {
            let value = (*value)?;
            domain.bounds.iter().find(|bound| !bound.holds(value)).map(|bound| (*key, value, *bound))
        });
        let Some((key, value, bound)) = outside else {
            continue;
        };
        let domain_text = domain.bounds.iter().map(|bound| bound.describe()).collect::<Vec<_>>().join(" and ");
        out.tuning.push(
            Finding::error(
                RULE.code,
                format!("{} scaling needs every value of `{}` to be {domain_text}", scaling.as_str(), range.name),
            )
            .at(range.at("scaling_type"))
            .with_label(format!("only for {domain_text}"))
            .also(range.at(key), format!("{value} is not {}", bound.describe()))
            .with_help(format!("use `Linear` or `Auto` scaling, or move the range ({})", domain.source)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    fn range(kind: &str, min: &str, max: &str, scaling: &str) -> String {
        tuning(&format!(
            "hyperparameter_ranges:\n  x: {{type: {kind}, min_value: {min}, max_value: {max}, scaling_type: {scaling}}}\n"
        ))
    }

    #[test]
    fn logarithmic_needs_positive_values() {
        assert!(run(&RULE, &range("continuous", "0.001", "1", "Logarithmic"), None).tuning.is_empty());
        assert_eq!(
            here(&run(&RULE, &range("integer", "0", "10", "Logarithmic"), None)),
            ["/hyperparameter_ranges/x/scaling_type"]
        );
        assert_eq!(run(&RULE, &range("continuous", "-1", "1", "Logarithmic"), None).tuning.len(), 1);
    }

    #[test]
    fn reverse_logarithmic_needs_zero_to_below_one() {
        assert!(run(&RULE, &range("continuous", "0", "0.999", "ReverseLogarithmic"), None).tuning.is_empty());
        assert_eq!(run(&RULE, &range("continuous", "0.5", "1", "ReverseLogarithmic"), None).tuning.len(), 1);
        assert_eq!(run(&RULE, &range("continuous", "-0.1", "0.5", "ReverseLogarithmic"), None).tuning.len(), 1);
        // Integer reverse-logarithmic ranges are the other rule's.
        assert!(run(&RULE, &range("integer", "2", "5", "ReverseLogarithmic"), None).tuning.is_empty());
    }
}
