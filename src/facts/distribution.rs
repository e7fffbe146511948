//! Distribution facts: the SageMaker Python SDK's constants for `distribution=`, as data.
//!
//! Source: `reference/sagemaker-facts.md` §2.3–§2.5, which quotes sagemaker 2.257.7
//! `sagemaker/fw_utils.py` (the `*_SUPPORTED_*` constants, `_is_gpu_instance`,
//! `_is_trainium_instance`, `validate_mp_config`) and `sagemaker/estimator.py`
//! (`Framework.UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM`, `_validate_mwms_config`).
//! The distribution rules (`crate::rules::distribution`) and the lowering read these
//! tables; to follow a new SDK release, edit a table here, not an `if` in a rule.
//!
//! Version lists are matched as exact strings, as the SDK does: `"1.13"` is not
//! `"1.13.1"`.

use crate::spec::Framework;

/// The keys allowed under `distribution.smdistributed`.
///
/// Source: `fw_utils.SMDISTRIBUTED_SUPPORTED_STRATEGIES`.
pub const SMDISTRIBUTED_SUPPORTED_STRATEGIES: &[&str] = &["dataparallel", "modelparallel"];

/// Instance types the SageMaker data-parallel library (SMDDP) supports.
///
/// Source: `fw_utils.SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES` without `local_gpu` (local
/// mode is not a training instance type), which matches the archived developer guide's
/// list. The SDK stopped checking it in v2.221.1; sagespec still does.
pub const SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES: &[&str] =
    &["ml.p3.16xlarge", "ml.p3dn.24xlarge", "ml.p4d.24xlarge", "ml.p4de.24xlarge"];

/// The text whose presence in an instance type makes the SDK refuse any `smdistributed`
/// strategy unless `torch_distributed` is enabled (substring match, as the SDK does).
///
/// Source: `estimator.py` (`"SMModelParallel and SMDataParallel currently do not support
/// p5 instances."`), facts §2.4 D16.
pub const SMDISTRIBUTED_P5_INSTANCE_MARKER: &str = "p5.48xlarge";

/// Instance types `smdistributed` accepts in addition to
/// [`SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES`] when `torch_distributed` is enabled (the
/// `torchrun` launcher with SMDDP as the collective backend).
///
/// Source: facts §2.4 D16 (the only way p5 passes the smdistributed check).
pub const SM_DATAPARALLEL_TORCH_DISTRIBUTED_INSTANCE_TYPES: &[&str] = &["ml.p5.48xlarge"];

/// PyTorch versions SMDDP accepts (exact string match on `framework_version`).
///
/// Source: `fw_utils.SM_DATAPARALLEL_SUPPORTED_FRAMEWORK_VERSIONS["pytorch"]`. `2.1.2` is
/// listed but has no image in the image config.
pub const SM_DATAPARALLEL_PYTORCH_VERSIONS: &[&str] = &[
    "1.6", "1.6.0", "1.7", "1.7.1", "1.8", "1.8.0", "1.8.1", "1.9", "1.9.0", "1.9.1", "1.10", "1.10.0", "1.10.2",
    "1.11", "1.11.0", "1.12", "1.12.0", "1.12.1", "1.13.1", "2.0.0", "2.0.1", "2.1.0", "2.1.2", "2.2.0",
];

/// TensorFlow versions SMDDP accepts (exact string match on `framework_version`).
///
/// Source: `fw_utils.SM_DATAPARALLEL_SUPPORTED_FRAMEWORK_VERSIONS["tensorflow"]`; TF ≥ 2.12
/// is excluded on purpose. `2.9.1` is listed but has no image in the image config.
pub const SM_DATAPARALLEL_TENSORFLOW_VERSIONS: &[&str] = &[
    "2.3", "2.3.1", "2.3.2", "2.4", "2.4.1", "2.4.3", "2.5", "2.5.0", "2.5.1", "2.6", "2.6.0", "2.6.2", "2.6.3", "2.7",
    "2.7.1", "2.8", "2.8.0", "2.9", "2.9.1", "2.9.2", "2.10", "2.10.1", "2.11", "2.11.0",
];

/// PyTorch versions `torch_distributed` accepts on GPU instances (no short aliases).
///
/// Source: `fw_utils.TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS`.
pub const TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS: &[&str] = &[
    "1.13.1", "2.0.0", "2.0.1", "2.1.0", "2.1.2", "2.2.0", "2.3.0", "2.3.1", "2.4.1", "2.5.1", "2.6.0", "2.7.1",
    "2.8.0",
];

/// PyTorch versions `torch_distributed` accepts on Trainium instances.
///
/// Source: `fw_utils.TRAINIUM_SUPPORTED_TORCH_DISTRIBUTED_FRAMEWORK_VERSIONS`.
pub const TRAINIUM_SUPPORTED_TORCH_DISTRIBUTED_FRAMEWORK_VERSIONS: &[&str] =
    &["1.11", "1.11.0", "1.12", "1.12.0", "1.12.1", "1.13.1", "2.0.0"];

/// The only `distribution` keys allowed on Trainium instances.
///
/// Source: `fw_utils.TRAINIUM_SUPPORTED_DISTRIBUTION_STRATEGIES`.
pub const TRAINIUM_SUPPORTED_DISTRIBUTION_STRATEGIES: &[&str] = &["torch_distributed"];

/// P-family instance types with a single GPU, which the parameter-server warning skips.
///
/// Source: `fw_utils.SINGLE_GPU_INSTANCE_TYPES`.
pub const SINGLE_GPU_INSTANCE_TYPES: &[&str] = &["ml.p2.xlarge", "ml.p3.2xlarge"];

/// Image tags `smdistributed` cannot run on (substring match on `image_uri`) unless
/// `torch_distributed` is enabled.
///
/// Source: `estimator.Framework.UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM`.
pub const UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM: &[&str] = &["2.0.1-gpu-py310-cu121"];

/// The text a `py_version` must contain for SMDDP and `torch_distributed` (`"py3" in
/// py_version`).
///
/// Source: `fw_utils._validate_smdataparallel_args`, `validate_torch_distributed_distribution`.
pub const DISTRIBUTED_PY_VERSION_MARKER: &str = "py3";

/// The pseudo instance type of local mode with GPUs, which the SDK counts as GPU.
///
/// Source: `fw_utils._is_gpu_instance`.
pub const LOCAL_GPU_INSTANCE_TYPE: &str = "local_gpu";

/// Frameworks `multi_worker_mirrored_strategy` runs on.
///
/// Source: `estimator._validate_mwms_config` (`dict_keys(['tensorflow'])`).
pub const MWMS_SUPPORTED_FRAMEWORKS: &[Framework] = &[Framework::Tensorflow];

/// The oldest TensorFlow version with `multi_worker_mirrored_strategy` (PEP 440 compare).
///
/// Source: `estimator._validate_mwms_config`.
pub const MWMS_MIN_TENSORFLOW_VERSION: &str = "2.9";

/// `distribution` keys that cannot be written next to `multi_worker_mirrored_strategy`,
/// enabled or not.
///
/// Source: `estimator._validate_mwms_config`.
pub const MWMS_INCOMPATIBLE_STRATEGIES: &[&str] = &["smdistributed", "parameter_server"];

/// The SMDDP framework versions for `framework` (exact strings).
pub const fn sm_dataparallel_versions(framework: Framework) -> &'static [&'static str] {
    match framework {
        Framework::Pytorch => SM_DATAPARALLEL_PYTORCH_VERSIONS,
        Framework::Tensorflow => SM_DATAPARALLEL_TENSORFLOW_VERSIONS,
    }
}

/// What the value of one SMP v1 parameter must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MpValue {
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// An integer of at least 1 (`The number of {key} must be a positive integer.`).
    PositiveInteger,
    /// `true` or `false` (`{key} must be a value in: [True, False].`).
    Boolean,
    /// A string.
    Text,
    /// A number from 0.0 to 1.0 inclusive.
    Fraction,
    /// A port number: an integer of at least 0 (`Invalid port number {v}.`).
    Port,
    /// Any value; only its relations are checked.
    Any,
}

/// One SMP v1 parameter the SDK checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MpParameter {
    /// Key under `smdistributed.modelparallel.parameters`.
    pub name: &'static str,
    /// What its value must be.
    pub value: MpValue,
}

/// A rule between two SMP v1 parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MpRelation {
    /// `key` may only be given when `other` is given too.
    Requires {
        /// The dependent parameter.
        key: &'static str,
        /// The parameter it needs.
        other: &'static str,
    },
    /// `key: false` requires `other`.
    RequiredWhenFalse {
        /// The switch.
        key: &'static str,
        /// The parameter needed when the switch is off.
        other: &'static str,
    },
    /// `key` must be less than `other` (both integers).
    LessThan {
        /// The smaller value.
        key: &'static str,
        /// The bound.
        other: &'static str,
    },
    /// `key` and `other` cannot both be `true`.
    Exclusive {
        /// One switch.
        key: &'static str,
        /// The other switch.
        other: &'static str,
    },
}

/// The SMP v1 parameters `validate_mp_config` checks, in its order. Other keys (e.g. SMP
/// v2's `hybrid_shard_degree`) pass unchecked.
///
/// Source: `fw_utils.validate_mp_config`, facts §2.5.
pub const SMP_V1_PARAMETERS: &[MpParameter] = &[
    MpParameter { name: "pipeline", value: MpValue::OneOf(&["simple", "interleaved", "_only_forward"]) },
    MpParameter { name: "placement_strategy", value: MpValue::OneOf(&["spread", "cluster"]) },
    MpParameter { name: "optimize", value: MpValue::OneOf(&["speed", "memory"]) },
    MpParameter { name: "microbatches", value: MpValue::PositiveInteger },
    MpParameter { name: "partitions", value: MpValue::PositiveInteger },
    MpParameter { name: "active_microbatches", value: MpValue::PositiveInteger },
    MpParameter { name: "auto_partition", value: MpValue::Boolean },
    MpParameter { name: "contiguous", value: MpValue::Boolean },
    MpParameter { name: "load_partition", value: MpValue::Boolean },
    MpParameter { name: "horovod", value: MpValue::Boolean },
    MpParameter { name: "ddp", value: MpValue::Boolean },
    MpParameter { name: "deterministic_server", value: MpValue::Boolean },
    MpParameter { name: "partition_file", value: MpValue::Text },
    MpParameter { name: "memory_weight", value: MpValue::Fraction },
    MpParameter { name: "ddp_port", value: MpValue::Port },
    MpParameter { name: "ddp_dist_backend", value: MpValue::Any },
    MpParameter { name: "default_partition", value: MpValue::Any },
];

/// The relations between SMP v1 parameters `validate_mp_config` checks.
///
/// Source: `fw_utils.validate_mp_config`, facts §2.5.
pub const SMP_V1_RELATIONS: &[MpRelation] = &[
    MpRelation::RequiredWhenFalse { key: "auto_partition", other: "default_partition" },
    MpRelation::LessThan { key: "default_partition", other: "partitions" },
    MpRelation::Requires { key: "ddp_port", other: "ddp" },
    MpRelation::Requires { key: "ddp_dist_backend", other: "ddp" },
    MpRelation::Exclusive { key: "horovod", other: "ddp" },
];

/// The SMP v1 parameter named `name`, if the SDK checks it.
pub fn smp_v1_parameter(name: &str) -> Option<&'static MpParameter> {
    SMP_V1_PARAMETERS.iter().find(|p| p.name == name)
}

/// The instance family of an instance type, as the SDK reads it: group 1 of
/// `^ml[._]([a-z\d\-]+)\.?\w*$`, e.g. `p4d` for `ml.p4d.24xlarge`. `None` when the type
/// does not have that shape (e.g. `local_gpu`).
pub fn instance_family(instance_type: &str) -> Option<&str> {
    let rest = instance_type.strip_prefix("ml")?;
    let rest = rest.strip_prefix(['.', '_'])?;
    let end = rest.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')).unwrap_or(rest.len());
    let (family, tail) = rest.split_at(end);
    // Backing off the greedy group never helps: a shorter group leaves a `\w*` tail that
    // still has to swallow the same rest.
    let tail = tail.strip_prefix('.').unwrap_or(tail);
    let tail_matches = tail.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!family.is_empty() && tail_matches).then_some(family)
}

/// Whether the SDK counts `instance_type` as a GPU instance: its family starts with `p`
/// or `g`, or it is `local_gpu`.
pub fn is_gpu_instance(instance_type: &str) -> bool {
    instance_type == LOCAL_GPU_INSTANCE_TYPE
        || instance_family(instance_type).is_some_and(|f| f.starts_with(['p', 'g']))
}

/// Whether `instance_type` is a Trainium instance: its family starts with `trn`.
pub fn is_trainium_instance(instance_type: &str) -> bool {
    instance_family(instance_type).is_some_and(|f| f.starts_with("trn"))
}

/// Whether the SDK warns that a parameter server on `instance_type` runs one worker per
/// host: `local_gpu`, or a P-family type that is not in [`SINGLE_GPU_INSTANCE_TYPES`].
/// (The SDK does not count G-family types here.)
pub fn is_multi_gpu_parameter_server_host(instance_type: &str) -> bool {
    instance_type == LOCAL_GPU_INSTANCE_TYPE
        || (instance_family(instance_type).is_some_and(|f| f.starts_with('p'))
            && !SINGLE_GPU_INSTANCE_TYPES.contains(&instance_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distinct(list: &[&str]) -> usize {
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        sorted.len()
    }

    #[test]
    fn tables_have_the_sizes_of_the_fact_sheet() {
        assert_eq!(distinct(SM_DATAPARALLEL_PYTORCH_VERSIONS), 24);
        assert_eq!(distinct(SM_DATAPARALLEL_TENSORFLOW_VERSIONS), 24);
        assert_eq!(distinct(TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS), 13);
        assert_eq!(distinct(TRAINIUM_SUPPORTED_TORCH_DISTRIBUTED_FRAMEWORK_VERSIONS), 7);
        assert_eq!(distinct(SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES), 4);
        assert_eq!(SMP_V1_PARAMETERS.len(), 17);
    }

    #[test]
    fn version_lists_are_exact_strings() {
        assert!(!SM_DATAPARALLEL_PYTORCH_VERSIONS.contains(&"1.13"));
        assert!(SM_DATAPARALLEL_PYTORCH_VERSIONS.contains(&"1.13.1"));
        assert!(!SM_DATAPARALLEL_TENSORFLOW_VERSIONS.contains(&"2.3.0"));
        assert!(!SM_DATAPARALLEL_TENSORFLOW_VERSIONS.contains(&"2.12.0"));
        assert!(!TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS.contains(&"2.0"));
        assert_eq!(sm_dataparallel_versions(Framework::Tensorflow).last(), Some(&"2.11.0"));
    }

    #[test]
    fn smddp_instance_types_are_valid_training_types() {
        for it in
            SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES.iter().chain(SM_DATAPARALLEL_TORCH_DISTRIBUTED_INSTANCE_TYPES)
        {
            assert!(crate::facts::instance_types::is_training_instance_type(it), "{it}");
        }
    }

    #[test]
    fn families_follow_the_sdk_regex() {
        assert_eq!(instance_family("ml.p4d.24xlarge"), Some("p4d"));
        assert_eq!(instance_family("ml_g5.xlarge"), Some("g5"));
        assert_eq!(instance_family("ml.p6-b200.48xlarge"), Some("p6-b200"));
        assert_eq!(instance_family("ml.trn1n.32xlarge"), Some("trn1n"));
        assert_eq!(instance_family("ml.c5"), Some("c5"));
        assert_eq!(instance_family("local_gpu"), None);
        assert_eq!(instance_family("ml.P3.2xlarge"), None);
        assert_eq!(instance_family("ml."), None);
        assert_eq!(instance_family("ml.p3.2xlarge.extra"), None);
        assert_eq!(instance_family("ml.p4d.24x-large"), None);
        assert_eq!(instance_family("ml.p4d_24xlarge"), Some("p4d"));
    }

    #[test]
    fn gpu_and_trainium_tests() {
        assert!(is_gpu_instance("ml.g5.48xlarge"));
        assert!(is_gpu_instance("ml.p3.2xlarge"));
        assert!(is_gpu_instance("local_gpu"));
        assert!(!is_gpu_instance("ml.m5.xlarge"));
        assert!(!is_gpu_instance("ml.trn1.32xlarge"));
        assert!(is_trainium_instance("ml.trn1.32xlarge"));
        assert!(is_trainium_instance("ml.trn2.48xlarge"));
        assert!(!is_trainium_instance("ml.t3.medium"));
    }

    #[test]
    fn parameter_server_warning_hosts() {
        assert!(is_multi_gpu_parameter_server_host("ml.p3.16xlarge"));
        assert!(!is_multi_gpu_parameter_server_host("ml.p3.2xlarge"));
        assert!(!is_multi_gpu_parameter_server_host("ml.g5.48xlarge"));
        assert!(!is_multi_gpu_parameter_server_host("ml.c5.xlarge"));
    }
}
