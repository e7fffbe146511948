//! `sagespec::tuning::keep-static-unknown`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;
use crate::schema::did_you_mean;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::keep-static-unknown",
    summary: "`hyperparameters_to_keep_static` names a hyperparameter the training job does not have",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a name in `hyperparameters_to_keep_static` that is not a static hyperparameter of the training job \
               (its `hyperparameters`, less the tuned ones, plus the keys the SDK adds).",
        why: "only static hyperparameters can be kept static; the SDK refuses any other name (\"Names in \
              hyperparameters_to_keep_static must be members of estimator's hyperparameters\").",
        example: r"```yaml
autotune: true
hyperparameters_to_keep_static: [epoch]   # error: the training job has `epochs`
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let (Some(keep), Some(training)) = (&cx.tuning.hyperparameters_to_keep_static, cx.training) else {
        return;
    };
    let statics = super::too_many_hyperparameters::static_names(training, cx.tuning);
    for (i, name) in keep.iter().enumerate() {
        if statics.iter().any(|known| known == name) {
            continue;
        }
        let help = match did_you_mean(name, statics.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`? name a key of the training job's `hyperparameters`"),
            None => "name a key of the training job's `hyperparameters` (tuned ones are not static)".to_owned(),
        };
        out.tuning.push(
            Finding::error(RULE.code, format!("`{name}` is not a static hyperparameter of the training job"))
                .at(format!("/hyperparameters_to_keep_static/{i}"))
                .with_label("not a static hyperparameter")
                .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{TRAINING, here, run, tuning};
    use super::*;

    #[test]
    fn names_must_be_static_hyperparameters() {
        let training = format!("{TRAINING}hyperparameters: {{epochs: 3}}\n");
        let text = tuning("autotune: true\nhyperparameters_to_keep_static: [epochs, sagemaker_program, nope]\n");
        assert_eq!(here(&run(&RULE, &text, Some(&training))), ["/hyperparameters_to_keep_static/2"]);
        assert!(run(&RULE, &text, None).tuning.is_empty());
    }
}
