//! `sagespec::service::spot-without-max-wait`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::spot-without-max-wait",
    summary: "`use_spot_instances: true` without `max_wait`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`use_spot_instances: true` without `max_wait`.",
        why: "managed spot training needs `MaxWaitTimeInSeconds`, the time SageMaker may wait for spot capacity plus \
              the run time (facts §1.7). The SDK only sends it when `max_wait` is given and checks nothing (facts \
              §3.4), so the job is refused by the service instead.",
        example: r"```yaml
use_spot_instances: true  # error: add max_wait
max_run: 3600
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    // A `max_wait` the schema rejected is absent here but written: it has its own finding.
    if manifest.use_spot_instances != Some(true) || cx.document.node("/max_wait").is_some() {
        return;
    }
    out.push(
        Finding::error(RULE.code, "managed spot training needs `max_wait`")
            .at("/use_spot_instances")
            .with_label("spot training without `max_wait`")
            .with_help(
                "add `max_wait`: the seconds SageMaker may wait for spot capacity plus the run \
                 time, at least `max_run` (default 86400), e.g. twice `max_run`",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn spot_without_max_wait_is_reported_at_use_spot_instances() {
        assert_eq!(pointers(RULE.code, "use_spot_instances: true\n"), ["/use_spot_instances"]);
    }

    #[test]
    fn spot_with_max_wait_or_no_spot_is_fine() {
        assert!(pointers(RULE.code, "use_spot_instances: true\nmax_wait: 90000\n").is_empty());
        assert!(pointers(RULE.code, "use_spot_instances: false\n").is_empty());
        assert!(pointers(RULE.code, "use_spot_instances: true\nmax_wait: -1\n").is_empty());
    }
}
