//! `sagespec::tuning::no-ranges`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;
use crate::source::document::Value;

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
    // Ranges the schema rejected (more than 30, or not a mapping) are left out of the typed
    // manifest; the schema reports them, and they are not "no ranges".
    let nothing_written = match cx.document.node("/hyperparameter_ranges").map(|node| &node.value) {
        None | Some(Value::Null) => true,
        Some(Value::Map(entries)) => entries.is_empty(),
        Some(_) => false,
    };
    if !nothing_written {
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

    #[test]
    fn ranges_the_schema_rejected_are_not_missing() {
        let many: Vec<String> =
            (0..31).map(|i| format!("p{i}: {{type: continuous, min_value: 0, max_value: 1}}")).collect();
        let text = tuning(&format!("hyperparameter_ranges:\n  {}\n", many.join("\n  ")));
        assert!(run(&RULE, &text, None).tuning.is_empty());
        assert!(run(&RULE, &tuning("hyperparameter_ranges: 5\n"), None).tuning.is_empty());
        assert_eq!(here(&run(&RULE, &tuning("hyperparameter_ranges:\n"), None)), ["/hyperparameter_ranges"]);
    }
}
