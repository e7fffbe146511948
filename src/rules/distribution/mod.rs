//! Rules on `distribution:`: the SDK's checks (facts §2.4 D2–D20, W1, §2.5 SMP parameters,
//! §2.9 instance groups) and the ones it dropped or never had (the SMDDP instance-type
//! list, `enabled` that is not a boolean, `pytorchddp` outside PyTorch).
//!
//! One rule per file; [`view`](crate::rules::support::view) answers the questions they share (which strategies are
//! on after the SDK's rewrites, which instance types they run on). The SDK's constants
//! live in `crate::facts::distribution`.

use super::Rule;

pub mod dataparallel_framework_version_unsupported;
pub mod dataparallel_not_enabled;
pub mod dataparallel_py_version_unsupported;
pub mod dataparallel_without_instance_type;
pub mod enabled_not_boolean;
pub mod instance_groups_oversubscribed;
pub mod instance_groups_without_estimator_groups;
pub mod instance_groups_without_strategy;
pub mod invalid_modelparallel_parameter;
pub mod multi_worker_mirrored_not_tensorflow;
pub mod multi_worker_mirrored_version_too_old;
pub mod multi_worker_mirrored_with_incompatible_strategy;
pub mod multiple_smdistributed_strategies;
pub mod parameter_server_multi_gpu;
pub mod pytorchddp_with_smdistributed;
pub mod pytorchddp_without_pytorch;
pub mod single_instance_group_without_strategy;
pub mod smdistributed_incompatible_image;
pub mod smdistributed_unsupported_instance_type;
pub mod torch_distributed_entry_point_not_python;
pub mod torch_distributed_framework_version_unsupported;
pub mod torch_distributed_py_version_unsupported;
pub mod torch_distributed_unsupported_instance_type;
pub mod training_instance_group_ambiguous;
pub mod trainium_strategy_unsupported;
pub mod unknown_instance_group;

/// The distribution rules, in the order they run: the shape of `distribution` first,
/// then instance groups, then each strategy against the framework, versions, instances
/// and image.
pub const RULES: &[Rule] = &[
    enabled_not_boolean::RULE,
    dataparallel_not_enabled::RULE,
    multiple_smdistributed_strategies::RULE,
    pytorchddp_with_smdistributed::RULE,
    pytorchddp_without_pytorch::RULE,
    instance_groups_without_estimator_groups::RULE,
    instance_groups_oversubscribed::RULE,
    training_instance_group_ambiguous::RULE,
    unknown_instance_group::RULE,
    instance_groups_without_strategy::RULE,
    single_instance_group_without_strategy::RULE,
    trainium_strategy_unsupported::RULE,
    dataparallel_without_instance_type::RULE,
    dataparallel_framework_version_unsupported::RULE,
    dataparallel_py_version_unsupported::RULE,
    smdistributed_unsupported_instance_type::RULE,
    smdistributed_incompatible_image::RULE,
    torch_distributed_py_version_unsupported::RULE,
    torch_distributed_framework_version_unsupported::RULE,
    torch_distributed_unsupported_instance_type::RULE,
    torch_distributed_entry_point_not_python::RULE,
    multi_worker_mirrored_not_tensorflow::RULE,
    multi_worker_mirrored_version_too_old::RULE,
    multi_worker_mirrored_with_incompatible_strategy::RULE,
    parameter_server_multi_gpu::RULE,
    invalid_modelparallel_parameter::RULE,
];

#[cfg(test)]
mod tests;
