//! `sagespec::tuning::tuned-and-static`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, ranges};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::tuned-and-static",
    summary: "a tuned hyperparameter is also set in the training job",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "a `hyperparameter_ranges` name that is also a key of the training job's `hyperparameters`.",
        why: "the range wins: the static value is removed from the training definition (as the SDK removes it), \
              so the value written in the training job is not what the tuning job's training jobs get. Often \
              intended (the training job alone uses the static value), so a warning.",
        example: r"```yaml
# train.yaml: hyperparameters: {lr: 0.01}
hyperparameter_ranges:
  lr: {type: continuous, min_value: 0.0001, max_value: 0.1}   # warning: replaces lr: 0.01
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Some(statics) = cx.training.and_then(|training| training.hyperparameters.as_ref()) else {
        return;
    };
    for range in ranges(cx.tuning) {
        let Some(value) = statics.get(range.name) else {
            continue;
        };
        out.tuning.push(
            Finding::warning(
                RULE.code,
                format!("`{}` is tuned here and also set to {value} in the training job", range.name),
            )
            .at_key(range.pointer.clone())
            .with_label(format!("replaces the training job's {value}"))
            .with_help(
                "the tuning job's training jobs get the tuned values, not the training job's; remove the range, or \
                 ignore this if the static value is meant for the training job alone",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{TRAINING, here, run, tuning};
    use super::*;

    #[test]
    fn a_range_over_a_static_hyperparameter_is_a_warning() {
        let training = format!("{TRAINING}hyperparameters: {{lr: 0.01, epochs: 3}}\n");
        let text = tuning("hyperparameter_ranges:\n  lr: {type: continuous, min_value: 0.001, max_value: 0.1}\n");
        let found = run(&RULE, &text, Some(&training));
        assert_eq!(here(&found), ["/hyperparameter_ranges/lr"]);
        assert!(!found.tuning[0].is_error());
        assert!(run(&RULE, &text, Some(TRAINING)).tuning.is_empty());
    }
}
