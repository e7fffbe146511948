//! `sagespec::manifest::missing-instance-type`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::written;
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::manifest::missing-instance-type",
    summary: "neither `instance_type` nor `instance_groups` is given",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "neither `instance_type` nor `instance_groups` is given.",
        why: "the job needs instances. The SDK refuses with \"instance_groups must be set if instance_type is not \
              set\" while resolving the image, or with \"instance_count and instance_type must be set if \
              instance_groups is not set\" (facts §2.9, `job.py`).",
        example: r"```yaml
framework: pytorch
instance_count: 2            # error: add `instance_type: ml.p4d.24xlarge`
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if written(cx, "instance_type") || written(cx, "instance_groups") {
        return;
    }
    let mut finding = Finding::error(RULE.code, "the job has no instances: give `instance_type` or `instance_groups`")
        .at("")
        .missing("/instance_type")
        .missing("/instance_groups")
        .with_help(
            "add `instance_type: ml.p4d.24xlarge` (any TrainingInstanceType) and `instance_count: 1`, or `instance_groups` for a heterogeneous cluster",
        );
    if written(cx, "instance_count") {
        finding = finding.also("/instance_count", "a count, but of which instance type?");
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn reports_a_job_without_instances() {
        let found = run(&RULE, "framework: pytorch\ninstance_count: 2\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "");
        assert_eq!(found[0].labels.len(), 1);
    }

    #[test]
    fn accepts_a_type_or_groups() {
        assert!(run(&RULE, "instance_type: ml.m5.xlarge\n").is_empty());
        assert!(run(&RULE, "instance_type: ml.not-a-type\n").is_empty());
        let groups = "instance_groups:\n- {instance_group_name: g, instance_type: ml.m5.xlarge, instance_count: 1}\n";
        assert!(run(&RULE, groups).is_empty());
    }
}
