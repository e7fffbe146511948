//! `sagespec::tuning::grid-max-jobs-mismatch`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, ranges};
use crate::diagnostic::Finding;
use crate::spec::TuningManifest;
use crate::spec::tuning::{RangeType, Strategy};

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::grid-max-jobs-mismatch",
    summary: "Grid's `max_jobs` differs from the number of combinations",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`max_jobs` with `strategy: Grid` that is not the number of combinations of the categorical values.",
        why: "grid search runs each combination once; `MaxNumberOfTrainingJobs`, if given, must equal the number \
              of distinct combinations (developer guide, *How hyperparameter tuning works: Grid search*). Leave \
              it out and SageMaker counts them.",
        example: r"```yaml
strategy: Grid
max_jobs: 10            # error: 2 × 3 = 6 combinations (or leave max_jobs out)
hyperparameter_ranges:
  optimizer: {type: categorical, values: [adam, sgd]}
  batch-size: {type: categorical, values: [32, 64, 128]}
```",
    },
    check,
};

/// The number of combinations of the categorical ranges (`None` when a range is not
/// categorical: that is `grid-non-categorical-range`'s).
pub fn combinations(tuning: &TuningManifest) -> Option<u64> {
    ranges(tuning).try_fold(1u64, |product, range| {
        if range.kind()? != RangeType::Categorical {
            return None;
        }
        let count = range.range.values.as_ref().map_or(0, |values| values.values().len());
        Some(product.saturating_mul(count as u64))
    })
}

fn check(cx: &Context<'_>, out: &mut Findings) {
    let tuning = cx.tuning;
    let (Some(Strategy::Grid), Some(max_jobs)) = (tuning.strategy, tuning.max_jobs) else {
        return;
    };
    let Some(combinations) = combinations(tuning).filter(|n| *n > 0) else {
        return;
    };
    if u64::try_from(max_jobs).is_ok_and(|n| n == combinations) {
        return;
    }
    out.tuning.push(
        Finding::error(
            RULE.code,
            format!("grid search runs {combinations} combinations, but `max_jobs` is {max_jobs}"),
        )
        .at("/max_jobs")
        .with_label(format!("must be {combinations}, or left out"))
        .also("/strategy", "Grid")
        .with_help(format!(
            "set `max_jobs: {combinations}` (the product of the number of values of each range), or remove it and SageMaker counts them"
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn max_jobs_is_the_number_of_combinations() {
        let grid = |max_jobs: &str| {
            tuning(&format!(
                "strategy: Grid\n{max_jobs}hyperparameter_ranges:\n  o: {{type: categorical, values: [a, b]}}\n  b: {{type: categorical, values: [1, 2, 3]}}\n  c: {{type: categorical, values: x}}\n"
            ))
        };
        assert_eq!(here(&run(&RULE, &grid("max_jobs: 10\n"), None)), ["/max_jobs"]);
        assert!(run(&RULE, &grid("max_jobs: 6\n"), None).tuning.is_empty());
        assert!(run(&RULE, &grid(""), None).tuning.is_empty());
    }
}
