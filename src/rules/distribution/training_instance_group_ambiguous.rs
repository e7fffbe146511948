//! `sagespec::distribution::training-instance-group-ambiguous`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::training-instance-group-ambiguous",
    summary: "with several instance groups, distribution must name exactly one",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a heterogeneous cluster with more than one group, a `distribution`, and not exactly one group named \
               in `distribution.instance_groups`.",
        why: "the SDK refuses it (facts §2.9: \"Distribution should only contain one instance group name !\"): the \
              distributed strategy runs on exactly one group; with a single group the SDK picks it, with several it \
              cannot guess.",
        example: r"```yaml
instance_groups:
  - {instance_group_name: train, instance_type: ml.p4d.24xlarge, instance_count: 2}
  - {instance_group_name: data, instance_type: ml.c5.18xlarge, instance_count: 2}
distribution:                         # error: add `instance_groups: [train]`
  mpi: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(groups) = cx.manifest.instance_groups.as_ref().filter(|g| g.len() > 1) else {
        return;
    };
    if view::keys(cx, "/distribution").is_empty() {
        return; // `distribution: {}` is not validated by the SDK
    }
    if view::written(cx, view::GROUP_NAMES) && view::distribution(cx).is_none_or(|d| d.instance_groups.is_none()) {
        return; // the schema rejected the names; its finding says why
    }
    let named = view::distribution(cx).and_then(|d| d.instance_groups.as_ref()).map_or(0, Vec::len);
    if named == 1 || named > groups.len() {
        return; // fine, or instance-groups-oversubscribed reports it
    }
    let defined: Vec<&str> = groups.iter().filter_map(|g| g.instance_group_name.as_deref()).collect();
    let finding = if named == 0 {
        Finding::error(
            RULE.code,
            "the job has several instance groups, but distribution does not say which one it runs on",
        )
        .at_key("/distribution")
        .with_label("no `instance_groups` here")
    } else {
        Finding::error(
            RULE.code,
            format!("distribution.instance_groups names {named} groups, but a strategy runs on exactly one"),
        )
        .at(view::GROUP_NAMES)
        .with_label("more than one group")
    };
    out.push(finding.also("/instance_groups", "several groups").with_help(format!(
        "add `instance_groups: [<name>]` under distribution with exactly one of {}",
        view::listed(&defined)
    )));
}
