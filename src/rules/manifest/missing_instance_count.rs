//! `sagespec::manifest::missing-instance-count`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::written;
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::manifest::missing-instance-count",
    summary: "`instance_type` is given without `instance_count`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`instance_type` without `instance_count` (and no `instance_groups`).",
        why: "the SDK has no default count and refuses with \"instance_count and instance_type must be set if \
              instance_groups is not set\" (facts §2.9, `job.py` `_prepare_resource_config`). Guessing 1 could \
              silently turn a multi-node job into a single-node one.",
        example: r"```yaml
instance_type: ml.p4d.24xlarge   # error: add `instance_count: 1`
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    // With `instance_groups`, `instance-groups-with-instance-type` reports the type.
    if !written(cx, "instance_type") || written(cx, "instance_count") || written(cx, "instance_groups") {
        return;
    }
    out.push(
        Finding::error(RULE.code, "`instance_type` is given without `instance_count`")
            .at("")
            .missing("/instance_count")
            .also("/instance_type", "how many of these?")
            .with_help(
                "add `instance_count: 1` (or the number of instances to train on); the SageMaker SDK requires both `instance_type` and `instance_count`",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn reports_a_type_without_a_count() {
        let found = run(&RULE, "instance_type: ml.m5.xlarge\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "");
    }

    #[test]
    fn accepts_a_type_with_a_count_and_leaves_groups_to_another_rule() {
        assert!(run(&RULE, "instance_type: ml.m5.xlarge\ninstance_count: 1\n").is_empty());
        assert!(run(&RULE, "instance_type: ml.m5.xlarge\ninstance_count: 0\n").is_empty());
        assert!(run(&RULE, "instance_type: ml.m5.xlarge\ninstance_groups: []\n").is_empty());
        assert!(run(&RULE, "framework: pytorch\n").is_empty());
    }
}
