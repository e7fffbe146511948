//! `sagespec::tuning::too-many-hyperparameters`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule, ranges};
use crate::diagnostic::Finding;
use crate::facts::reserved_hyperparameters::reserved_keys;
use crate::facts::tuning::{CLASS_METADATA_KEYS, MAX_TUNING_HYPERPARAMETERS, estimator_class};
use crate::spec::{Manifest, TuningManifest};

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::too-many-hyperparameters",
    summary: "static, tuned and the SDK's hyperparameters exceed a tuning job's 100",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "the training job's hyperparameters, the tuned ones, the SDK's script-mode and distribution keys and \
               the two class metadata keys a tuning job adds come to more than 100. Reported in the training job's \
               file.",
        why: "a tuning job allows at most 100 static plus tunable hyperparameters (developer guide, *Define \
              hyperparameter ranges*; `StaticHyperParameters` holds at most 100). The SDK adds \
              `sagemaker_estimator_class_name` and `sagemaker_estimator_module` to every framework tuning job, \
              beside the keys it adds to every training job, and does not count.",
        example: r"```yaml
# train.yaml, tuned by a TuningJob
hyperparameters:      # error with 93 or more keys: the SDK adds 5 + 2
  layer_0: 64
  # …
```",
    },
    check,
};

/// The static hyperparameter names of the training job as tuned by `tuning`: its own less
/// the tuned ones, then the keys the SDK adds (script mode, distribution, class metadata).
pub fn static_names(training: &Manifest, tuning: &TuningManifest) -> Vec<String> {
    let tuned: Vec<&str> = ranges(tuning).map(|range| range.name).collect();
    let mut names: Vec<String> = training
        .hyperparameters
        .iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .filter(|k| !tuned.contains(&k.as_str()))
        .collect();
    let class = training.framework.and_then(estimator_class).map(|_| CLASS_METADATA_KEYS).unwrap_or_default();
    for key in reserved_keys(training).into_iter().chain(class) {
        if !names.iter().any(|name| name == key) {
            names.push(key.to_owned());
        }
    }
    names
}

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Some(training) = cx.training else {
        return;
    };
    let Some(user) = &training.hyperparameters else {
        return;
    };
    let statics = static_names(training, cx.tuning);
    let tuned = ranges(cx.tuning).count();
    let total = statics.len() + tuned;
    if total <= MAX_TUNING_HYPERPARAMETERS {
        return;
    }
    let here = user.keys().filter(|key| statics.contains(key)).count();
    let added = statics.len() - here;
    out.training.push(
        Finding::error(
            RULE.code,
            format!(
                "tuned, this job has {total} hyperparameters ({here} static here, {tuned} tuned, {added} the SDK adds); a tuning job allows at most {MAX_TUNING_HYPERPARAMETERS}"
            ),
        )
        .at_key("/hyperparameters")
        .with_label(format!("{} keys", user.len()))
        .with_help(format!(
            "remove {} (or tune fewer); a tuning job adds {} to the training job's keys",
            total - MAX_TUNING_HYPERPARAMETERS,
            CLASS_METADATA_KEYS.join(" and ")
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{TRAINING, run, there, tuning};
    use super::*;
    use std::fmt::Write as _;

    fn training(keys: usize) -> String {
        let mut text = format!("{TRAINING}hyperparameters:\n");
        for i in 0..keys {
            writeln!(text, "  k{i}: {i}").expect("writing to a String");
        }
        text
    }

    #[test]
    fn counts_static_tuned_and_the_sdk_keys() {
        let text = tuning("hyperparameter_ranges:\n  lr: {type: continuous, min_value: 0.1, max_value: 1}\n");
        // 92 + 1 tuned + 5 script mode + 2 class metadata = 100.
        assert!(run(&RULE, &text, Some(&training(92))).training.is_empty());
        assert_eq!(there(&run(&RULE, &text, Some(&training(93)))), ["/hyperparameters"]);
        // A tuned key that is also static counts once.
        let tuned_static = text.replace("  lr:", "  k0:");
        assert!(run(&RULE, &tuned_static, Some(&training(93))).training.is_empty());
    }
}
