//! `sagespec::manifest::instance-groups-with-instance-type`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::written;
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::manifest::instance-groups-with-instance-type",
    summary: "`instance_groups` is given together with `instance_type` or `instance_count`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`instance_groups` together with `instance_type` or `instance_count`.",
        why: "a heterogeneous cluster names the type and count of every group; the job-level pair would contradict \
              it. The SDK refuses with \"instance_count and instance_type cannot be set when instance_groups is \
              set\" (facts §2.9, `job.py`).",
        example: r"```yaml
instance_type: ml.p4d.24xlarge       # error: remove (the groups say it)
instance_groups:
  - {instance_group_name: train, instance_type: ml.p4d.24xlarge, instance_count: 2}
```",
    },
    check,
};

/// The job-level keys that `instance_groups` replaces.
const REPLACED_KEYS: &[&str] = &["instance_type", "instance_count"];

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if !written(cx, "instance_groups") {
        return;
    }
    for key in REPLACED_KEYS.iter().filter(|key| written(cx, key)) {
        out.push(
            Finding::error(RULE.code, format!("`{key}` cannot be set when `instance_groups` is set"))
                .at_key(format!("/{key}"))
                .with_label("replaced by instance_groups")
                .also("/instance_groups", "each group has its own instance_type and instance_count")
                .with_help(format!(
                    "remove `{key}` and give each group's type and count under `instance_groups`, or remove `instance_groups` for a cluster of one instance type"
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    const GROUPS: &str =
        "instance_groups:\n- {instance_group_name: g, instance_type: ml.m5.xlarge, instance_count: 1}\n";

    #[test]
    fn reports_each_job_level_key() {
        let found = run(&RULE, &format!("instance_type: ml.m5.xlarge\ninstance_count: 1\n{GROUPS}"));
        let pointers: Vec<&str> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(pointers, ["/instance_type", "/instance_count"]);
    }

    #[test]
    fn accepts_groups_alone_and_type_alone() {
        assert!(run(&RULE, GROUPS).is_empty());
        assert!(run(&RULE, "instance_type: ml.m5.xlarge\ninstance_count: 1\n").is_empty());
    }
}
