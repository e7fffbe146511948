//! `sagespec::tuning::objective-not-a-metric`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::objective-not-a-metric",
    summary: "the objective metric is not one of the tuner's metric definitions",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`objective_metric_name` names no metric in the tuning manifest's `metric_definitions` (or there are \
               none, for a framework training job).",
        why: "with a framework or custom image the tuning job reads the objective from the training logs with the \
              regex of the metric of that name (developer guide, *Define metrics*); the training job's own \
              `metric_definitions` are dropped, only the tuner's are sent. Without a matching definition the \
              service refuses the request.",
        example: r"```yaml
objective_metric_name: val:f1      # error: not among the names below
metric_definitions:
- {name: val:acc, regex: 'val_acc=([0-9\.]+)'}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let tuning = cx.tuning;
    let Some(objective) = tuning.objective_metric_name.as_deref() else {
        return;
    };
    let names: Vec<&str> =
        tuning.metric_definitions.iter().flatten().filter_map(|metric| metric.name.as_deref()).collect();
    if names.contains(&objective) {
        return;
    }
    let finding = if names.is_empty() {
        // Without the tuner's definitions the objective can only be a built-in algorithm's;
        // a framework training job has none.
        if cx.training.is_none_or(|training| training.framework.is_none()) {
            return;
        }
        Finding::error(RULE.code, format!("the objective `{objective}` has no metric definition"))
            .at(RULE_POINTER)
            .with_label("no metric_definitions")
            .with_help(format!(
                "add `metric_definitions` with `name: {objective}` and the regex that finds it in the training logs \
                 (the training job's own metric_definitions are not sent)"
            ))
    } else {
        let listed = names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        Finding::error(RULE.code, format!("the objective `{objective}` is not one of the metric definitions"))
            .at(RULE_POINTER)
            .with_label("not a defined metric")
            .also("/metric_definitions", format!("defines {listed}"))
            .with_help(format!("name one of {listed}, or add a definition for `{objective}`"))
    };
    out.tuning.push(finding);
}

/// Where the finding goes.
const RULE_POINTER: &str = "/objective_metric_name";

#[cfg(test)]
mod tests {
    use super::super::testing::{TRAINING, here, run, tuning};
    use super::*;

    #[test]
    fn the_objective_is_a_defined_metric() {
        assert!(run(&RULE, &tuning(""), None).tuning.is_empty());
        let other = tuning("").replace("objective_metric_name: val:acc", "objective_metric_name: val:f1");
        assert_eq!(here(&run(&RULE, &other, None)), ["/objective_metric_name"]);
    }

    #[test]
    fn a_framework_job_needs_definitions() {
        let none = tuning("").replace("metric_definitions:\n- {name: val:acc, regex: 'acc=(.*)'}\n", "");
        assert!(run(&RULE, &none, None).tuning.is_empty());
        assert_eq!(here(&run(&RULE, &none, Some(TRAINING))), ["/objective_metric_name"]);
    }
}
