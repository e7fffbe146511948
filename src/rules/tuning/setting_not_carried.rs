//! `sagespec::tuning::setting-not-carried`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;
use crate::facts::tuning::NOT_CARRIED;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::setting-not-carried",
    summary: "a training job setting a tuning job's training definition cannot carry",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "a training job named by a TuningJob sets `debugger_hook_config`, `profiler_config`, \
               `tensorboard_output_config`, `enable_remote_debug`, `enable_infra_check`, \
               `keep_alive_period_in_seconds`, `enable_sagemaker_metrics`, `metric_definitions`, `rules`, \
               `training_plan`, `instance_placement_config`, `enable_session_tag_chaining`, \
               `training_repository_access_mode` or `experiment_config`. Reported in the training job's file, at the \
               key.",
        why: "the API's `HyperParameterTrainingJobDefinition` has no place for them, and the SDK's \
              `HyperparameterTuner` drops them without a word: the tuning job's training jobs run without the \
              debugger hook, profiler, TensorBoard output, remote debugging, infra check or warm pool, and the \
              tuner's `metric_definitions` replace the training job's. The request is still valid, and the \
              settings apply when the training job runs alone, so a warning.",
        example: r"```yaml
# train.yaml, tuned by a TuningJob
profiler_config:                 # warning: a tuning job runs without it
  s3_output_path: s3://bucket/profiler
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Some(training) = cx.training else {
        return;
    };
    for setting in NOT_CARRIED.iter().filter(|setting| (setting.set)(training)) {
        out.training.push(
            Finding::warning(RULE.code, format!("a tuning job drops `{}`", setting.key))
                .at_key(format!("/{}", setting.key))
                .with_label("not in a tuning job's training definition")
                .with_help(format!(
                    "the tuning job's training jobs run without it (`{}` has no place in the tuning job's training \
                     definition); it still applies when this training job runs alone",
                    setting.api
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{TRAINING, run, there, tuning};
    use super::*;

    #[test]
    fn each_dropped_setting_is_a_warning_at_its_key() {
        let training = format!(
            "{TRAINING}keep_alive_period_in_seconds: 600\nenable_remote_debug: true\nenable_infra_check: false\n"
        );
        let found = run(&RULE, &tuning(""), Some(&training));
        assert_eq!(there(&found), ["/keep_alive_period_in_seconds", "/enable_remote_debug"]);
        assert!(found.training.iter().all(|f| !f.is_error()));
        assert!(run(&RULE, &tuning(""), Some(TRAINING)).training.is_empty());
    }
}
