//! `sagespec::tuning::grid-non-categorical-range`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, range_type_name, ranges};
use crate::diagnostic::Finding;
use crate::spec::tuning::{RangeType, Strategy};

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::grid-non-categorical-range",
    summary: "the Grid strategy with a continuous or integer range",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a `continuous` or `integer` range when `strategy: Grid`.",
        why: "grid search tries every combination of categorical values; it supports only categorical ranges \
              (developer guide, *How hyperparameter tuning works: Grid search*). The service refuses other ranges.",
        example: r"```yaml
strategy: Grid
hyperparameter_ranges:
  lr: {type: continuous, min_value: 0.001, max_value: 0.1}   # error: list values instead
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    if cx.tuning.strategy != Some(Strategy::Grid) {
        return;
    }
    for range in ranges(cx.tuning) {
        let Some(kind) = range.kind().filter(|kind| *kind != RangeType::Categorical) else {
            continue;
        };
        out.tuning.push(
            Finding::error(
                RULE.code,
                format!("grid search takes only categorical ranges; `{}` is {}", range.name, range_type_name(kind)),
            )
            .at(range.at("type"))
            .with_label("not categorical")
            .also("/strategy", "Grid")
            .with_help("make it `type: categorical` with the `values` to try, or choose another strategy"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn grid_takes_categorical_ranges() {
        let text = "hyperparameter_ranges:\n  lr: {type: continuous, min_value: 0.1, max_value: 1}\n  o: {type: categorical, values: [a]}\n";
        assert_eq!(
            here(&run(&RULE, &tuning(&format!("strategy: Grid\n{text}")), None)),
            ["/hyperparameter_ranges/lr/type"]
        );
        assert!(run(&RULE, &tuning(text), None).tuning.is_empty());
    }
}
