//! `sagespec::service::training-plan-with-spot`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::training-plan-with-spot",
    summary: "a training plan (reserved capacity) together with spot instances",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "`training_plan` together with `use_spot_instances: true`.",
        why: "a training plan runs the job on capacity reserved and paid for in advance (SageMaker Developer Guide, \
              \"Training plans utilization for SageMaker training jobs\"); managed spot training asks for EC2's spare \
              capacity instead. The two ask for different capacity, and the guide documents neither together. A \
              warning, not an error: no API rule that refuses the pair is documented.",
        example: r"```yaml
training_plan: arn:aws:sagemaker:us-west-2:111122223333:training-plan/my-plan
use_spot_instances: true     # warning: reserved capacity is not spot capacity
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    if manifest.training_plan.is_none() || manifest.use_spot_instances != Some(true) {
        return;
    }
    out.push(
        Finding::warning(RULE.code, "a training plan's reserved capacity is not spot capacity")
            .at("/use_spot_instances")
            .with_label("asks for spot capacity")
            .also("/training_plan", "reserved capacity")
            .with_help("remove `use_spot_instances` (and `max_wait`) to run on the plan's reserved instances"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn plan_with_spot_is_a_warning() {
        let plan = "training_plan: arn:aws:sagemaker:us-west-2:111122223333:training-plan/my-plan\n";
        assert_eq!(
            pointers(RULE.code, &format!("{plan}use_spot_instances: true\nmax_wait: 90000\n")),
            ["/use_spot_instances"]
        );
        assert!(pointers(RULE.code, plan).is_empty());
    }
}
