//! `sagespec::service::training-plan-without-checkpoints`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::training-plan-without-checkpoints",
    summary: "a training plan job without `checkpoint_s3_uri`",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "`training_plan` without `checkpoint_s3_uri`.",
        why: "SageMaker starts terminating a plan's instances 30 minutes before its reserved capacity ends, and a job \
              interrupted between two reservations resumes only from a checkpoint; the guide recommends \
              checkpointing every plan job (SageMaker Developer Guide, \"Training plans utilization for SageMaker \
              training jobs\").",
        example: r"```yaml
training_plan: arn:aws:sagemaker:us-west-2:111122223333:training-plan/my-plan   # warning
# checkpoint_s3_uri: s3://my-bucket/checkpoints/
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    if manifest.training_plan.is_none() || manifest.checkpoint_s3_uri.is_some() {
        return;
    }
    out.push(
        Finding::warning(RULE.code, "a training plan job without checkpoints loses its progress when the plan ends")
            .at("/training_plan")
            .with_label("instances stop 30 minutes before the plan ends")
            .with_help("set `checkpoint_s3_uri` and save checkpoints from the script"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn plan_without_checkpoints_is_a_warning() {
        let plan = "training_plan: arn:aws:sagemaker:us-west-2:111122223333:training-plan/my-plan\n";
        assert_eq!(pointers(RULE.code, plan), ["/training_plan"]);
        assert!(pointers(RULE.code, &format!("{plan}checkpoint_s3_uri: s3://b/c/\n")).is_empty());
    }
}
