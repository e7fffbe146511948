//! `sagespec::distribution::instance-groups-oversubscribed`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::instance-groups-oversubscribed",
    summary: "distribution names more instance groups than the job defines",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`distribution.instance_groups` names more groups than the job's `instance_groups` defines.",
        why: "the SDK refuses it (facts §2.9: \"Train instance groups oversubscribed !\").",
        example: r"```yaml
instance_groups:
  - {instance_group_name: train, instance_type: ml.p4d.24xlarge, instance_count: 2}
distribution:
  mpi: {enabled: true}
  instance_groups: [train, data]      # error: only one group exists
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(names), Some(groups)) =
        (view::distribution(cx).and_then(|d| d.instance_groups.as_ref()), cx.manifest.instance_groups.as_ref())
    else {
        return;
    };
    if names.len() <= groups.len() {
        return;
    }
    out.push(
        Finding::error(
            RULE.code,
            format!(
                "distribution.instance_groups names {} groups, but the job defines only {}",
                names.len(),
                groups.len()
            ),
        )
        .at(view::GROUP_NAMES)
        .with_label("too many names")
        .also("/instance_groups", "the groups")
        .with_help("name exactly one of the job's instance groups: the one the distributed training runs on"),
    );
}
