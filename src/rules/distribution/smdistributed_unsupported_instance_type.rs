//! `sagespec::distribution::smdistributed-unsupported-instance-type`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::compute::Placed;
use crate::diagnostic::Finding;
use crate::facts::distribution::{
    SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES, SM_DATAPARALLEL_TORCH_DISTRIBUTED_INSTANCE_TYPES,
    SMDISTRIBUTED_P5_INSTANCE_MARKER,
};
use crate::rules::support::view;
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::smdistributed-unsupported-instance-type",
    summary: "the instance type is not supported by the SageMaker distributed libraries",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an instance type the SageMaker distributed libraries do not support:\n\
               - any `smdistributed` key (enabled or not, and `pytorchddp` on PyTorch) on a type containing \
               `p5.48xlarge`, unless `torch_distributed` is enabled, checked on every instance group (facts §2.4 \
               D16);\n\
               - SMDDP enabled on a training instance type outside the library's list (`ml.p3.16xlarge`, \
               `ml.p3dn.24xlarge`, `ml.p4d.24xlarge`, `ml.p4de.24xlarge`, plus `ml.p5.48xlarge` with \
               `torch_distributed`).\n\
               \n\
               One instance type gets at most one finding.",
        why: "the SDK refuses the first (\"SMModelParallel and SMDataParallel currently do not support p5 \
              instances\"). It checked the second until v2.221.1 and the archived developer guide still lists the \
              four types as required; since then a job on, say, `ml.g5.48xlarge` is accepted and only fails, or \
              silently runs without the library's speed-up, on the instances. sagespec keeps the check.",
        example: r"```yaml
instance_type: ml.g5.48xlarge         # error: use ml.p4d.24xlarge, …
distribution:
  smdistributed:
    dataparallel: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(smdistributed) = view::smdistributed_written(cx) else {
        return;
    };
    let torch_distributed = view::torch_distributed_on(cx);
    let dataparallel = view::dataparallel_on(cx);
    let training = view::training_instance_types(cx);
    for placement in view::all_instance_types(cx) {
        if !torch_distributed && placement.instance_type.contains(SMDISTRIBUTED_P5_INSTANCE_MARKER) {
            out.push(p5_refused(cx, &placement, smdistributed));
        } else if let Some(dataparallel) = dataparallel
            && training.contains(&placement)
            && !supported(placement.instance_type, torch_distributed)
        {
            out.push(not_in_list(cx, &placement, dataparallel));
        }
    }
}

fn supported(instance_type: &str, torch_distributed: bool) -> bool {
    SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES.contains(&instance_type)
        || (torch_distributed && SM_DATAPARALLEL_TORCH_DISTRIBUTED_INSTANCE_TYPES.contains(&instance_type))
}

fn p5_refused(cx: &Context<'_>, placement: &Placed<'_>, smdistributed: &str) -> Finding {
    let instead = if view::is(cx, Framework::Pytorch) {
        format!(
            "enable `torch_distributed` next to it (distribution.torch_distributed.enabled: true), or use one of {}",
            view::listed(SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES)
        )
    } else {
        format!("use one of {}", view::listed(SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES))
    };
    Finding::error(
        RULE.code,
        format!("smdistributed does not support {} unless torch_distributed is enabled", placement.instance_type),
    )
    .at(placement.pointer.clone())
    .with_label("p5 instance")
    .also(smdistributed, "smdistributed configured here")
    .with_help(format!("{instead}; the SDK refuses smdistributed on p5 even when it is disabled"))
}

fn not_in_list(cx: &Context<'_>, placement: &Placed<'_>, dataparallel: &str) -> Finding {
    let mut types = view::listed(SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES);
    if view::is(cx, Framework::Pytorch) {
        let with_torchrun = view::listed(SM_DATAPARALLEL_TORCH_DISTRIBUTED_INSTANCE_TYPES);
        types = format!("{types}, or {with_torchrun} with `torch_distributed` enabled");
    }
    Finding::error(
        RULE.code,
        format!("smdistributed dataparallel does not support instance type {}", placement.instance_type),
    )
    .at(placement.pointer.clone())
    .with_label("not a data-parallel instance type")
    .also(dataparallel, "data parallelism enabled here")
    .with_help(format!(
        "use one of the instance types the data-parallel library supports: {types}; or drop smdistributed dataparallel and use `torch_distributed` (PyTorch DDP) on this type"
    ))
}
