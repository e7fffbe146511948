//! `sagespec::tuning::missing-range-bounds`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, range_type_name, ranges};
use crate::diagnostic::Finding;
use crate::source::document::Value;
use crate::spec::tuning::RangeType;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::missing-range-bounds",
    summary: "a range lacks the keys its type needs",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a `continuous` or `integer` range without `min_value` or `max_value`, or a `categorical` range \
               without `values`.",
        why: "the API requires `MinValue` and `MaxValue` of every continuous and integer range and `Values` of \
              every categorical one (`ContinuousParameterRange`, `IntegerParameterRange`, \
              `CategoricalParameterRange` in the API model); without them the request is refused.",
        example: r"```yaml
hyperparameter_ranges:
  lr: {type: continuous, min_value: 0.0001}   # error: add max_value
```",
    },
    check,
};

/// The keys each range type needs.
const NEEDED: &[(RangeType, &[&str])] = &[
    (RangeType::Continuous, &["min_value", "max_value"]),
    (RangeType::Integer, &["min_value", "max_value"]),
    (RangeType::Categorical, &["values"]),
];

fn check(cx: &Context<'_>, out: &mut Findings) {
    for range in ranges(cx.tuning) {
        let Some(kind) = range.kind() else {
            continue;
        };
        let needed = NEEDED.iter().find(|(k, _)| *k == kind).map_or(&[][..], |(_, keys)| keys);
        let present = |key: &str| match key {
            "min_value" => range.range.min_value.is_some(),
            "max_value" => range.range.max_value.is_some(),
            _ => range.range.values.is_some(),
        };
        // A key the schema rejected (31 `values`, say) is left out of the typed manifest but
        // is written; the schema reports it, so it is not missing.
        let written = |key: &str| cx.document.node(&range.at(key)).is_some_and(|node| node.value != Value::Null);
        let missing: Vec<&str> = needed.iter().copied().filter(|key| !present(key) && !written(key)).collect();
        if missing.is_empty() {
            continue;
        }
        let listed = missing.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(" and ");
        let mut finding =
            Finding::error(RULE.code, format!("the {} range `{}` has no {listed}", range_type_name(kind), range.name))
                .at_key(range.pointer.clone())
                .with_label(format!("needs {listed}"))
                .with_help(match kind {
                    RangeType::Categorical => "list the values to try: `values: [adam, sgd]`".to_owned(),
                    _ => "give both bounds: `min_value: 0.0001` and `max_value: 0.1`".to_owned(),
                });
        for key in &missing {
            finding = finding.missing(range.at(key));
        }
        out.tuning.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn each_type_needs_its_keys() {
        let text = tuning(
            "hyperparameter_ranges:\n  lr: {type: continuous, min_value: 0.1}\n  n: {type: integer, min_value: 1, max_value: 4}\n  opt: {type: categorical}\n",
        );
        assert_eq!(here(&run(&RULE, &text, None)), ["/hyperparameter_ranges/lr", "/hyperparameter_ranges/opt"]);
    }

    #[test]
    fn values_the_schema_rejected_are_not_missing() {
        let many: Vec<String> = (0..31).map(|i| i.to_string()).collect();
        let text = tuning(&format!(
            "hyperparameter_ranges:\n  a: {{type: categorical, values: []}}\n  b: {{type: categorical, values: [{}]}}\n  c: {{type: categorical, values: ~}}\n",
            many.join(", ")
        ));
        assert_eq!(here(&run(&RULE, &text, None)), ["/hyperparameter_ranges/c"]);
    }
}
