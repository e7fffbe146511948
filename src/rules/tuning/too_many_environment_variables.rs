//! `sagespec::tuning::too-many-environment-variables`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;
use crate::facts::tuning::MAX_TUNING_ENVIRONMENT_VARIABLES;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::too-many-environment-variables",
    summary: "a tuned training job has more than 48 environment variables",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a training job named by a TuningJob with more than 48 `environment` variables. Reported in the \
               training job's file, at `environment`.",
        why: "a tuning job's training definition holds at most 48 environment variables (API model \
              `HyperParameterTrainingJobEnvironmentMap`), where `CreateTrainingJob` allows 100. The training job \
              validates on its own; the SDK sends its 49 variables to the tuning API, which refuses them.",
        example: r"```yaml
# train.yaml, tuned by a TuningJob
environment:          # error with 49 or more variables
  VAR_00: '0'
  # …
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Some(environment) = cx.training.and_then(|training| training.environment.as_ref()) else {
        return;
    };
    if environment.len() <= MAX_TUNING_ENVIRONMENT_VARIABLES {
        return;
    }
    out.training.push(
        Finding::error(
            RULE.code,
            format!(
                "{} environment variables: a tuning job's training definition allows at most {MAX_TUNING_ENVIRONMENT_VARIABLES}",
                environment.len()
            ),
        )
        .at_key("/environment")
        .with_label(format!("{} variables, tuned", environment.len()))
        .with_help(format!(
            "remove {} (a training job alone allows 100, a tuning job {MAX_TUNING_ENVIRONMENT_VARIABLES}); pass settings as hyperparameters or a config file in source_dir",
            environment.len() - MAX_TUNING_ENVIRONMENT_VARIABLES
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{TRAINING, run, there, tuning};
    use super::*;
    use std::fmt::Write as _;

    fn training(variables: usize) -> String {
        let mut text = format!("{TRAINING}environment:\n");
        for i in 0..variables {
            writeln!(text, "  VAR_{i}: '{i}'").expect("writing to a String");
        }
        text
    }

    #[test]
    fn at_most_48_variables_in_the_training_file() {
        assert!(run(&RULE, &tuning(""), Some(&training(48))).training.is_empty());
        assert_eq!(there(&run(&RULE, &tuning(""), Some(&training(49)))), ["/environment"]);
    }
}
