//! What the distribution rules share: which strategies a manifest turns on, after the
//! SDK's own rewrites, and which instance types they run on.
//!
//! Every question is answered the way the SDK answers it (facts §2.1, §2.6):
//! a strategy is enabled only by `enabled: true`; on PyTorch a `pytorchddp` block stands
//! for `smdistributed.dataparallel`; with `instance_groups` the per-instance-type checks
//! run for each training group.

use crate::compute::Placed;
use crate::rules::Context;
use crate::source::document::{Node, Value};
use crate::spec::{DataParallel, Distribution, Framework};

/// Where `smdistributed.dataparallel` lives.
pub const SMDDP: &str = "/distribution/smdistributed/dataparallel";
/// Where `smdistributed` lives.
pub const SMDISTRIBUTED: &str = "/distribution/smdistributed";
/// Where `pytorchddp` lives.
pub const PYTORCHDDP: &str = "/distribution/pytorchddp";
/// Where `torch_distributed` lives.
pub const TORCH_DISTRIBUTED: &str = "/distribution/torch_distributed";
/// Where `multi_worker_mirrored_strategy` lives.
pub const MWMS: &str = "/distribution/multi_worker_mirrored_strategy";
/// Where the distribution's `instance_groups` (group names) live.
pub const GROUP_NAMES: &str = "/distribution/instance_groups";

/// The typed `distribution`, if any.
pub fn distribution<'a>(cx: &Context<'a>) -> Option<&'a Distribution> {
    cx.manifest.distribution.as_ref()
}

/// Whether `enabled` is `true`. A missing `enabled` is false, as in the SDK; a
/// non-boolean one was removed by the schema and has its own finding.
pub fn on(enabled: Option<bool>) -> bool {
    enabled == Some(true)
}

/// Whether the manifest's framework is `framework`.
pub fn is(cx: &Context<'_>, framework: Framework) -> bool {
    cx.manifest.framework == Some(framework)
}

/// Whether a value is written at `pointer` (`key:` with no value counts as unset).
pub fn written(cx: &Context<'_>, pointer: &str) -> bool {
    cx.document.node(pointer).is_some_and(|n| n.value != Value::Null)
}

/// The keys of the mapping written at `pointer`, in source order.
pub fn keys<'a>(cx: &Context<'a>, pointer: &str) -> Vec<&'a str> {
    match cx.document.node(pointer).map(|n: &'a Node| &n.value) {
        Some(Value::Map(entries)) => entries.iter().map(|e| e.key.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// Whether `image_uri` is written (even when the schema rejected its value).
pub fn has_image_uri(cx: &Context<'_>) -> bool {
    written(cx, "/image_uri")
}

/// Whether `torch_distributed` is enabled.
pub fn torch_distributed_on(cx: &Context<'_>) -> bool {
    distribution(cx).and_then(|d| d.torch_distributed.as_ref()).is_some_and(|t| on(t.enabled))
}

/// Whether the SDK builds the generic distribution hyperparameters
/// (`Framework._distribution_configuration`, which refuses instance groups without mpi or
/// SMDDP): always, except on PyTorch with `torch_distributed` enabled and no
/// `smdistributed` (`PyTorch._pytorch_distribution_configuration` skips it).
pub fn generic_configuration_runs(cx: &Context<'_>) -> bool {
    !(is(cx, Framework::Pytorch) && torch_distributed_on(cx) && smdistributed_written(cx).is_none())
}

/// The SMDDP block the SDK acts on and its pointer: `smdistributed.dataparallel`, or on
/// PyTorch a `pytorchddp` without `smdistributed` (the SDK rewrites it to the former).
pub fn dataparallel<'a>(cx: &Context<'a>) -> Option<(&'a DataParallel, &'static str)> {
    let distribution = distribution(cx)?;
    if let Some(block) = distribution.smdistributed.as_ref().and_then(|s| s.dataparallel.as_ref()) {
        return Some((block, SMDDP));
    }
    let rewritten = is(cx, Framework::Pytorch) && !written(cx, SMDISTRIBUTED);
    distribution.pytorchddp.as_ref().filter(|_| rewritten).map(|block| (block, PYTORCHDDP))
}

/// The pointer of the SMDDP block when it is enabled.
pub fn dataparallel_on(cx: &Context<'_>) -> Option<&'static str> {
    dataparallel(cx).filter(|(block, _)| on(block.enabled)).map(|(_, pointer)| pointer)
}

/// The pointer of the `smdistributed` key the SDK sees, enabled or not: the written one,
/// or on PyTorch a `pytorchddp` it rewrites into one.
pub fn smdistributed_written(cx: &Context<'_>) -> Option<&'static str> {
    if written(cx, SMDISTRIBUTED) {
        Some(SMDISTRIBUTED)
    } else if is(cx, Framework::Pytorch) && written(cx, PYTORCHDDP) {
        Some(PYTORCHDDP)
    } else {
        None
    }
}

/// Every instance type of the job with its pointer: `instance_type`, or each group's.
pub fn all_instance_types<'a>(cx: &Context<'a>) -> Vec<Placed<'a>> {
    cx.compute.all()
}

/// The instance types the strategies run on, as the SDK picks them
/// ([`crate::compute::Compute::training`]).
pub fn training_instance_types<'a>(cx: &Context<'a>) -> Vec<Placed<'a>> {
    let names = distribution(cx).and_then(|d| d.instance_groups.as_deref()).unwrap_or_default();
    cx.compute.training(names)
}

/// `a`, `b` and `c` → "`a`, `b`, `c`", for help texts.
pub fn listed(values: &[&str]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

/// A pointer as the dotted path users read in help texts: `distribution.mpi.enabled`.
pub fn dotted(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}
