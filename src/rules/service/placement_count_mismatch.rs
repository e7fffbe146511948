//! `sagespec::service::placement-count-mismatch`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::placement-count-mismatch",
    summary: "placement specifications whose instance counts do not add up to `instance_count`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`instance_placement_config.placement_specifications` whose `instance_count`s do not add up to the \
               job's `instance_count`.",
        why: "each specification places that many of the job's instances together on one UltraServer (SageMaker API \
              Reference, `PlacementSpecification`); counts that add up to more or fewer instances than the job has \
              cannot all be placed as written.",
        example: r"```yaml
instance_count: 4
instance_placement_config:
  placement_specifications:       # error: 2 + 1 = 3, not 4
  - {ultra_server_id: us-1, instance_count: 2}
  - {ultra_server_id: us-2, instance_count: 1}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    let (Some(instance_count), Some(specifications)) = (
        manifest.instance_count,
        manifest.instance_placement_config.as_ref().and_then(|c| c.placement_specifications.as_ref()),
    ) else {
        return;
    };
    if specifications.is_empty() || specifications.iter().any(|s| s.instance_count.is_none()) {
        return;
    }
    let placed: i64 = specifications.iter().filter_map(|s| s.instance_count).sum();
    if placed == instance_count {
        return;
    }
    out.push(
        Finding::error(
            RULE.code,
            format!("the placement specifications place {placed} instances; the job has {instance_count}"),
        )
        .at_key("/instance_placement_config/placement_specifications")
        .with_label(format!("{placed} instances in all"))
        .also("/instance_count", format!("{instance_count} instances"))
        .with_help("make the specifications' `instance_count`s add up to `instance_count`"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn counts_must_add_up() {
        let yaml = |n: i64| {
            format!(
                "instance_type: ml.p6e-gb200.36xlarge\ninstance_count: {n}\ninstance_placement_config:\n  placement_specifications:\n  - {{ultra_server_id: a, instance_count: 2}}\n  - {{ultra_server_id: b, instance_count: 1}}\n"
            )
        };
        assert_eq!(pointers(RULE.code, &yaml(4)), ["/instance_placement_config/placement_specifications"]);
        assert!(pointers(RULE.code, &yaml(3)).is_empty());
    }
}
