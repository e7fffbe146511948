//! `sagespec::distribution::torch-distributed-unsupported-instance-type`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::{is_gpu_instance, is_trainium_instance};
use crate::rules::support::view;
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::torch-distributed-unsupported-instance-type",
    summary: "torch_distributed on an instance type that is neither GPU nor Trainium",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "PyTorch with `torch_distributed` enabled on an instance type that is neither GPU (`ml.p*`, `ml.g*`) \
               nor Trainium (`ml.trn*`), e.g. `ml.m5.xlarge`. Skipped when `image_uri` is given, as in the SDK.",
        why: "the SDK refuses it (facts §2.4 D12: \"Currently torch_distributed is supported only for GPU and \
              Trainium instances\").",
        example: r"```yaml
framework: pytorch
instance_type: ml.m5.xlarge           # error: use a GPU or Trainium type
distribution:
  torch_distributed: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if !view::is(cx, Framework::Pytorch) || !view::torch_distributed_on(cx) || view::has_image_uri(cx) {
        return;
    }
    for placement in view::training_instance_types(cx) {
        if is_gpu_instance(placement.instance_type) || is_trainium_instance(placement.instance_type) {
            continue;
        }
        out.push(
            Finding::error(
                RULE.code,
                format!("torch_distributed does not support instance type {}: it is neither GPU nor Trainium", placement.instance_type),
            )
            .at(placement.pointer)
            .with_label("CPU instance")
            .also(view::TORCH_DISTRIBUTED, "torch_distributed enabled here")
            .with_help("use a GPU instance type (ml.p*, ml.g*, e.g. `ml.p4d.24xlarge`) or a Trainium one (ml.trn*, e.g. `ml.trn1.32xlarge`); for CPU training, remove torch_distributed or use `mpi`"),
        );
    }
}
