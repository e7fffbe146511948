//! `sagespec::distribution::single-instance-group-without-strategy`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::single-instance-group-without-strategy",
    summary: "a distribution on a single instance group enables neither mpi nor smdistributed dataparallel",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "the job has exactly one instance group, a `distribution` that names no group in \
               `distribution.instance_groups`, and neither `mpi` nor SMDDP (`smdistributed.dataparallel`, or \
               `pytorchddp` on PyTorch) enabled: for example `parameter_server` alone.",
        why: "with a single estimator group the SDK names that group in the distribution itself \
              (`fw_utils.validate_distribution`), then refuses the job when it builds the hyperparameters \
              (`Framework._distribution_configuration`: \"Don't set training instance groups while no distribution \
              strategies enabled!\"). PyTorch's `torch_distributed` without `smdistributed` skips that step, so it is \
              allowed.",
        example: r"```yaml
instance_groups:
  - {instance_group_name: train, instance_type: ml.c5.18xlarge, instance_count: 2}
distribution:                         # error: the SDK runs it on `train` and refuses
  parameter_server: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.manifest.instance_type.is_some() {
        return; // `instance_type` wins; the groups are refused by their own rule
    }
    let Some(group) = cx.manifest.instance_groups.as_deref().and_then(|groups| match groups {
        [only] => Some(only),
        _ => None,
    }) else {
        return;
    };
    let Some(distribution) = view::distribution(cx) else {
        return;
    };
    if distribution.instance_groups.as_ref().is_some_and(|names| !names.is_empty()) {
        return; // named: instance-groups-without-strategy decides
    }
    if view::written(cx, view::GROUP_NAMES) && distribution.instance_groups.is_none() {
        return; // the schema rejected the names; its finding says why
    }
    if !view::generic_configuration_runs(cx) {
        return; // PyTorch's torch_distributed path never reads the groups
    }
    let mpi = distribution.mpi.as_ref().is_some_and(|m| view::on(m.enabled));
    if mpi || view::dataparallel_on(cx).is_some() {
        return;
    }
    let name = group.instance_group_name.as_deref().map_or_else(String::new, |n| format!(" `{n}`"));
    out.push(
        Finding::error(
            RULE.code,
            format!(
                "the SDK runs this distribution on the only instance group{name}, which needs mpi or smdistributed dataparallel enabled"
            ),
        )
        .at_key("/distribution")
        .with_label("neither mpi nor smdistributed dataparallel is enabled")
        .also("/instance_groups/0", "the only instance group")
        .with_help(
            "enable `mpi: {enabled: true}` or `smdistributed: {dataparallel: {enabled: true}}` under distribution, or describe the cluster with `instance_type` and `instance_count` instead of one instance group",
        ),
    );
}
