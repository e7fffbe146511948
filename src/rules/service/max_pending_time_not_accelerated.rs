//! `sagespec::service::max-pending-time-not-accelerated`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::instance_types::ACCELERATED_FAMILY_PREFIXES;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::max-pending-time-not-accelerated",
    summary: "`max_pending_time_in_seconds` on instances that are not accelerated",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`max_pending_time_in_seconds` with an instance type (or an instance group) outside the accelerated \
               families `ml.p`, `ml.g` and `ml.trn`.",
        why: "the API documents `MaxPendingTimeInSeconds` for accelerated instance types only (facts §1.7).",
        example: r"```yaml
instance_type: ml.m5.xlarge
max_pending_time_in_seconds: 7200   # error: ml.m5 is not accelerated
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.manifest.max_pending_time_in_seconds.is_none() {
        return;
    }
    let accelerated = |t: &str| ACCELERATED_FAMILY_PREFIXES.iter().any(|prefix| t.starts_with(prefix));
    for placed in cx.compute.all().into_iter().filter(|p| !accelerated(p.instance_type)) {
        out.push(
            Finding::error(
                RULE.code,
                format!("`max_pending_time_in_seconds` does not apply to {}", placed.instance_type),
            )
            .at("/max_pending_time_in_seconds")
            .with_label("accelerated instance types only")
            .also(placed.pointer.clone(), "not an ml.p, ml.g or ml.trn instance")
            .with_help("remove `max_pending_time_in_seconds`, or train on an ml.p, ml.g or ml.trn instance type"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn pending_time_needs_accelerated_instances() {
        let on = |t: &str| {
            pointers(RULE.code, &format!("instance_type: {t}\ninstance_count: 1\nmax_pending_time_in_seconds: 7200\n"))
        };
        assert_eq!(on("ml.m5.xlarge"), ["/max_pending_time_in_seconds"]);
        assert!(on("ml.p5.48xlarge").is_empty());
        assert!(on("ml.trn1.32xlarge").is_empty());
    }
}
