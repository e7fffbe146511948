//! `sagespec::tuning::no-ranges`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::no-ranges",
    summary: "a tuning job has no hyperparameter ranges and no `autotune`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`hyperparameter_ranges` is missing or empty, and `autotune` is not `true`.",
        why: "a tuning job searches the ranges it is given; without any it has nothing to tune. The SDK's \
              `HyperparameterTuner` refuses it (\"Need to specify hyperparameter ranges or set autotune=True\"), \
              unless Autotune chooses the ranges itself.",
        example: r"```yaml
hyperparameter_ranges: {}   # error: give at least one range, or `autotune: true`
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let tuning = cx.tuning;
    if tuning.autotune == Some(true) || tuning.hyperparameter_ranges.as_ref().is_some_and(|r| !r.is_empty()) {
        return;
    }
    let help = "add a range, e.g. `learning_rate: {type: continuous, min_value: 0.00001, max_value: 0.01}`, \
                or set `autotune: true` to let SageMaker choose them";
    let finding = Finding::error(RULE.code, "the tuning job has no hyperparameter ranges to search").with_help(help);
    // An empty mapping is reported at its key; an absent one at the document.
    let finding = if cx.document.node("/hyperparameter_ranges").is_some() {
        finding.at_key("/hyperparameter_ranges").with_label("no ranges")
    } else {
        finding.at("").missing("/hyperparameter_ranges")
    };
    out.tuning.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn empty_or_absent_ranges_without_autotune_are_errors() {
        assert_eq!(here(&run(&RULE, &tuning("hyperparameter_ranges: {}\n"), None)), ["/hyperparameter_ranges"]);
        assert_eq!(here(&run(&RULE, &tuning(""), None)), [""]);
        assert!(run(&RULE, &tuning("autotune: true\n"), None).tuning.is_empty());
        let ranged = tuning("hyperparameter_ranges:\n  lr: {type: continuous, min_value: 0.1, max_value: 1}\n");
        assert!(run(&RULE, &ranged, None).tuning.is_empty());
    }
}
