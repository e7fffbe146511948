//! `sagespec::distribution::instance-groups-without-estimator-groups`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::instance-groups-without-estimator-groups",
    summary: "distribution names instance groups but the job defines none",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`distribution.instance_groups` names groups, but the job has no top-level `instance_groups`.",
        why: "the SDK refuses it (facts §2.9: \"Instance groups not specified in the estimator !\"): the names refer \
              to the groups of a heterogeneous cluster.",
        example: r"```yaml
instance_type: ml.p4d.24xlarge
distribution:
  mpi: {enabled: true}
  instance_groups: [train_group]      # error: no such cluster
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if !view::written(cx, view::GROUP_NAMES) || view::written(cx, "/instance_groups") {
        return;
    }
    out.push(
        Finding::error(RULE.code, "distribution.instance_groups names instance groups, but the job defines no `instance_groups`")
            .at_key(view::GROUP_NAMES)
            .with_label("no such groups")
            .with_help("either remove distribution.instance_groups, or replace instance_type/instance_count with a top-level `instance_groups:` list of {instance_group_name, instance_type, instance_count}"),
    );
}
