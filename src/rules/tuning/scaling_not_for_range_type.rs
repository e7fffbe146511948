//! `sagespec::tuning::scaling-not-for-range-type`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, range_type_name, ranges};
use crate::diagnostic::Finding;
use crate::facts::tuning::scaling_domain;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::scaling-not-for-range-type",
    summary: "a scaling type is used on a range type it does not scale",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`scaling_type: ReverseLogarithmic` on a `type: integer` range.",
        why: "the API reference lists only `Auto`, `Linear` and `Logarithmic` for `IntegerParameterRange.ScalingType`, \
              and the developer guide supports reverse logarithmic scaling for continuous ranges only. The SDK \
              sends it anyway, and the service refuses it.",
        example: r"```yaml
hyperparameter_ranges:
  batch-size: {type: integer, min_value: 16, max_value: 256, scaling_type: ReverseLogarithmic}   # error: use Logarithmic
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for range in ranges(cx.tuning) {
        let (Some(kind), Some(scaling)) = (range.kind(), range.range.scaling_type) else {
            continue;
        };
        let Some(domain) = scaling_domain(scaling) else {
            continue;
        };
        if domain.range_types.contains(&kind) {
            continue;
        }
        let allowed = domain.range_types.iter().map(|t| range_type_name(*t)).collect::<Vec<_>>().join(" and ");
        out.tuning.push(
            Finding::error(
                RULE.code,
                format!(
                    "{} scaling does not apply to the {} range `{}`",
                    scaling.as_str(),
                    range_type_name(kind),
                    range.name
                ),
            )
            .at(range.at("scaling_type"))
            .with_label(format!("only for {allowed} ranges"))
            .with_help(format!(
                "use `Auto`, `Linear` or `Logarithmic`, or make the range {allowed} ({})",
                domain.source
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn reverse_logarithmic_is_for_continuous_ranges() {
        let text = tuning(
            "hyperparameter_ranges:\n  n: {type: integer, min_value: 0, max_value: 1, scaling_type: ReverseLogarithmic}\n  m: {type: continuous, min_value: 0, max_value: 0.9, scaling_type: ReverseLogarithmic}\n",
        );
        assert_eq!(here(&run(&RULE, &text, None)), ["/hyperparameter_ranges/n/scaling_type"]);
    }
}
