//! `sagespec::distribution::instance-groups-without-strategy`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::instance-groups-without-strategy",
    summary: "distribution names an instance group but enables neither mpi nor smdistributed dataparallel",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`distribution.instance_groups` names a group, but neither `mpi` nor SMDDP \
               (`smdistributed.dataparallel`, or `pytorchddp` on PyTorch) is enabled.",
        why: "the SDK refuses it when it builds the hyperparameters (facts §2.9: \"Don't set training instance \
              groups while no distribution strategies enabled!\"): only those launchers know how to run on one group \
              of a heterogeneous cluster. PyTorch's `torch_distributed` without `smdistributed` skips that step, so it \
              is allowed.",
        example: r"```yaml
distribution:
  mpi: {enabled: false}
  instance_groups: [train]            # error: enable mpi or smdistributed dataparallel
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(distribution) = view::distribution(cx) else {
        return;
    };
    if distribution.instance_groups.as_ref().is_none_or(Vec::is_empty) {
        return;
    }
    if !view::generic_configuration_runs(cx) {
        return; // PyTorch's torch_distributed path never reads the groups
    }
    let mpi = distribution.mpi.as_ref().is_some_and(|m| view::on(m.enabled));
    if mpi || view::dataparallel_on(cx).is_some() {
        return;
    }
    out.push(
        Finding::error(RULE.code, "distribution.instance_groups is set, but neither mpi nor smdistributed dataparallel is enabled")
            .at_key(view::GROUP_NAMES)
            .with_label("nothing runs on this group")
            .with_help("enable `mpi: {enabled: true}` or `smdistributed: {dataparallel: {enabled: true}}` under distribution, or remove distribution.instance_groups"),
    );
}
