//! `sagespec::tuning::range-key-for-other-type`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, range_type_name, ranges};
use crate::diagnostic::Finding;
use crate::spec::tuning::RangeType;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::range-key-for-other-type",
    summary: "a range has a key of another range type",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`values` in a `continuous` or `integer` range, or `min_value`, `max_value` or `scaling_type` in a \
               `categorical` range.",
        why: "each range type is sent as its own API structure (`ContinuousParameterRange`, \
              `IntegerParameterRange`, `CategoricalParameterRange`), which has no place for the other types' keys: \
              the value would be dropped without a word, and the tuner would search something else than written.",
        example: r"```yaml
hyperparameter_ranges:
  opt: {type: categorical, values: [adam, sgd], scaling_type: Linear}   # error: remove scaling_type
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    for range in ranges(cx.tuning) {
        let Some(kind) = range.kind() else {
            continue;
        };
        let r = range.range;
        let foreign: Vec<&str> = match kind {
            RangeType::Categorical => [
                ("min_value", r.min_value.is_some()),
                ("max_value", r.max_value.is_some()),
                ("scaling_type", r.scaling_type.is_some()),
            ]
            .iter()
            .filter(|(_, set)| *set)
            .map(|(key, _)| *key)
            .collect(),
            RangeType::Continuous | RangeType::Integer => {
                if r.values.is_some() {
                    vec!["values"]
                } else {
                    Vec::new()
                }
            }
        };
        for key in foreign {
            out.tuning.push(
                Finding::error(
                    RULE.code,
                    format!("`{key}` has no meaning in the {} range `{}`", range_type_name(kind), range.name),
                )
                .at_key(range.at(key))
                .with_label(format!("not a key of a {} range", range_type_name(kind)))
                .with_help(match kind {
                    RangeType::Categorical => "a categorical range takes only `values`; remove this key".to_owned(),
                    _ => "a continuous or integer range takes `min_value`, `max_value` and `scaling_type`; \
                          remove `values`, or make the range `type: categorical`"
                        .to_owned(),
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn reports_each_foreign_key() {
        let text = tuning(
            "hyperparameter_ranges:\n  lr: {type: continuous, min_value: 0.1, max_value: 1, values: [1]}\n  opt: {type: categorical, values: [a], scaling_type: Linear}\n",
        );
        assert_eq!(
            here(&run(&RULE, &text, None)),
            ["/hyperparameter_ranges/lr/values", "/hyperparameter_ranges/opt/scaling_type"]
        );
    }
}
