//! `sagespec::distribution::torch-distributed-framework-version-unsupported`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::{
    TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS, TRAINIUM_SUPPORTED_TORCH_DISTRIBUTED_FRAMEWORK_VERSIONS,
    is_gpu_instance, is_trainium_instance,
};
use crate::rules::support::view;
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::torch-distributed-framework-version-unsupported",
    summary: "the PyTorch version does not support torch_distributed on this instance type",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "PyTorch with `torch_distributed` enabled and a `framework_version` outside the SDK's list for the \
               instance: the GPU list (1.13.1–2.8.0) on GPU instances, the Trainium list (1.11–2.0.0) on Trainium. \
               Exact strings, so the alias `\"2.0\"` is refused. Skipped when `image_uri` is given.",
        why: "the SDK refuses it (facts §2.4 D10/D11): older images have no `torchrun` launcher, and the Neuron \
              images exist only for the Trainium versions.",
        example: r#"```yaml
framework: pytorch
framework_version: "1.12.1"           # error: torch_distributed on GPU needs ≥ 1.13.1
instance_type: ml.p4d.24xlarge
distribution:
  torch_distributed: {enabled: true}
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if !view::is(cx, Framework::Pytorch) || !view::torch_distributed_on(cx) || view::has_image_uri(cx) {
        return;
    }
    let Some(version) = cx.manifest.framework_version.as_deref() else {
        return;
    };
    for placement in view::training_instance_types(cx) {
        let (kind, supported) = if is_gpu_instance(placement.instance_type) {
            ("GPU", TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS)
        } else if is_trainium_instance(placement.instance_type) {
            ("Trainium", TRAINIUM_SUPPORTED_TORCH_DISTRIBUTED_FRAMEWORK_VERSIONS)
        } else {
            continue; // torch-distributed-instance-type-unsupported reports it
        };
        if supported.contains(&version) {
            continue;
        }
        out.push(
            Finding::error(
                RULE.code,
                format!(
                    "PyTorch {version} does not support torch_distributed on {kind} instance {}",
                    placement.instance_type
                ),
            )
            .at("/framework_version")
            .with_label("no torch_distributed support in this version")
            .also(placement.pointer, format!("{kind} instance"))
            .also(view::TORCH_DISTRIBUTED, "torch_distributed enabled here")
            .with_help(format!(
                "set framework_version to one of the versions torch_distributed supports on {kind} (exact strings): {}",
                view::listed(supported)
            )),
        );
        return; // one finding at /framework_version is enough
    }
}
