//! `sagespec::service::max-wait-without-spot`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::max-wait-without-spot",
    summary: "`max_wait` is set but `use_spot_instances` is not true",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`max_wait` without `use_spot_instances: true`.",
        why: "`MaxWaitTimeInSeconds` only means something for managed spot training. The SDK sends it anyway and the \
              service refuses the job: \"Invalid MaxWaitTimeInSeconds. It is only supported when \
              EnableManagedSpotTraining is set to true\" (facts §1.7, §3.7).",
        example: r"```yaml
max_run: 3600
max_wait: 7200            # error: spot is not on
```
Add `use_spot_instances: true`, or drop `max_wait`.",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    if manifest.max_wait.is_none() || manifest.use_spot_instances == Some(true) {
        return;
    }
    // A `use_spot_instances` the schema rejected (not a boolean) has its own finding.
    let spot_written = cx.document.node("/use_spot_instances").is_some();
    if manifest.use_spot_instances.is_none() && spot_written {
        return;
    }
    let mut finding = Finding::error(RULE.code, "`max_wait` is only supported with managed spot training")
        .at("/max_wait")
        .with_label("needs `use_spot_instances: true`")
        .with_help(
            "set `use_spot_instances: true`, or remove `max_wait`; SageMaker refuses the job: \
             \"Invalid MaxWaitTimeInSeconds. It is only supported when EnableManagedSpotTraining is set to true\"",
        );
    if spot_written {
        finding = finding.also("/use_spot_instances", "spot training is off here");
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn max_wait_without_spot_is_reported_at_max_wait() {
        assert_eq!(pointers(RULE.code, "max_wait: 7200\n"), ["/max_wait"]);
        assert_eq!(pointers(RULE.code, "max_wait: 7200\nuse_spot_instances: false\n"), ["/max_wait"]);
    }

    #[test]
    fn max_wait_with_spot_is_fine() {
        assert!(pointers(RULE.code, "max_wait: 7200\nuse_spot_instances: true\n").is_empty());
        assert!(pointers(RULE.code, "use_spot_instances: false\n").is_empty());
    }
}
