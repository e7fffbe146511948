//! `sagespec::tuning::instance-groups`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::instance-groups",
    summary: "a tuned training job runs on instance groups",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a training job with `instance_groups` (a heterogeneous cluster) named by a TuningJob without \
               `instance_configs`. Reported in the training job's file, at `instance_groups`.",
        why: "a tuning job's training definition has no instance groups: its `HyperParameterTuningResourceConfig` \
              takes one instance type and count. The SDK sends `None` for both and botocore refuses the request.",
        example: r"```yaml
# train.yaml, tuned by a TuningJob
instance_groups:      # error: use instance_type and instance_count
- {instance_group_name: train, instance_type: ml.g5.2xlarge, instance_count: 1}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Some(training) = cx.training else {
        return;
    };
    if training.instance_groups.as_ref().is_none_or(Vec::is_empty) || cx.tuning.instance_configs.is_some() {
        return;
    }
    out.training.push(
        Finding::error(RULE.code, "a tuning job cannot run its training jobs on instance groups")
            .at_key("/instance_groups")
            .with_label("not in a tuning job's training definition")
            .with_help(
                "give the training job `instance_type` and `instance_count` instead, or give the TuningJob `instance_configs`",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{TRAINING, run, there, tuning};
    use super::*;

    #[test]
    fn instance_groups_need_instance_configs() {
        let training = TRAINING.replace(
            "instance_type: ml.m5.xlarge\ninstance_count: 1\n",
            "instance_groups:\n- {instance_group_name: a, instance_type: ml.m5.xlarge, instance_count: 1}\n",
        );
        assert_eq!(there(&run(&RULE, &tuning(""), Some(&training))), ["/instance_groups"]);
        let configs = tuning("instance_configs:\n- {instance_type: ml.m5.xlarge, instance_count: 1}\n");
        assert!(run(&RULE, &configs, Some(&training)).training.is_empty());
        assert!(run(&RULE, &tuning(""), Some(TRAINING)).training.is_empty());
    }
}
