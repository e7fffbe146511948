//! The hyperparameters the SageMaker Python SDK adds to every job, beside the user's own:
//! they share the API's 100-key budget, and a user key with one of these names is
//! overwritten by the SDK.
//!
//! Source: `reference/sagemaker-facts.md` §3.1 (script mode keys,
//! sagemaker 2.257.7 `estimator.py` `_script_mode_hyperparam_update`) and §2.2 (what each
//! distribution strategy adds, `Framework._distribution_configuration`, PyTorch and
//! TensorFlow estimators). Each [`Reserved`] entry says when the SDK adds its keys.

use crate::spec::{Framework, Manifest, ModelDir};

/// Script-mode hyperparameter names (sagemaker 2.257.7 `model.py` constants).
pub mod script {
    /// `DIR_PARAM_NAME`: where the code tarball is.
    pub const SUBMIT_DIRECTORY: &str = "sagemaker_submit_directory";
    /// `SCRIPT_PARAM_NAME`: the entry point.
    pub const PROGRAM: &str = "sagemaker_program";
    /// `CONTAINER_LOG_LEVEL_PARAM_NAME`.
    pub const CONTAINER_LOG_LEVEL: &str = "sagemaker_container_log_level";
    /// `JOB_NAME_PARAM_NAME`.
    pub const JOB_NAME: &str = "sagemaker_job_name";
    /// `SAGEMAKER_REGION_PARAM_NAME`.
    pub const REGION: &str = "sagemaker_region";
    /// TensorFlow's model directory.
    pub const MODEL_DIR: &str = "model_dir";
}

/// Hyperparameter names of the SDK's launchers (`EstimatorBase` and `PyTorch` constants,
/// sagemaker 2.257.7 `estimator.py`, `pytorch/estimator.py`).
pub mod distribution {
    /// `EstimatorBase.LAUNCH_PS_ENV_NAME`.
    pub const PARAMETER_SERVER: &str = "sagemaker_parameter_server_enabled";
    /// `EstimatorBase.LAUNCH_MPI_ENV_NAME`.
    pub const MPI: &str = "sagemaker_mpi_enabled";
    /// `EstimatorBase.MPI_NUM_PROCESSES_PER_HOST`.
    pub const MPI_PROCESSES_PER_HOST: &str = "sagemaker_mpi_num_of_processes_per_host";
    /// `EstimatorBase.MPI_CUSTOM_MPI_OPTIONS`.
    pub const MPI_CUSTOM_OPTIONS: &str = "sagemaker_mpi_custom_mpi_options";
    /// The SMP parameters (`fw_utils.get_mp_parameters`).
    pub const MP_PARAMETERS: &str = "mp_parameters";
    /// `EstimatorBase.LAUNCH_SM_DDP_ENV_NAME`.
    pub const DATAPARALLEL: &str = "sagemaker_distributed_dataparallel_enabled";
    /// `EstimatorBase.INSTANCE_TYPE` (= `PyTorch.INSTANCE_TYPE_ENV_NAME`).
    pub const INSTANCE_TYPE: &str = "sagemaker_instance_type";
    /// `EstimatorBase.SM_DDP_CUSTOM_MPI_OPTIONS`.
    pub const DATAPARALLEL_CUSTOM_OPTIONS: &str = "sagemaker_distributed_dataparallel_custom_mpi_options";
    /// `EstimatorBase.LAUNCH_MWMS_ENV_NAME`.
    pub const MULTI_WORKER_MIRRORED: &str = "sagemaker_multi_worker_mirrored_strategy_enabled";
    /// The instance groups a strategy runs on.
    pub const INSTANCE_GROUPS: &str = "sagemaker_distribution_instance_groups";
    /// `PyTorch.LAUNCH_TORCH_DISTRIBUTED_ENV_NAME`.
    pub const TORCH_DISTRIBUTED: &str = "sagemaker_torch_distributed_enabled";
}

/// Keys the SDK adds, and when.
pub struct Reserved {
    /// Whether the SDK adds these keys to this manifest's job.
    pub when: fn(&Manifest) -> bool,
    /// The keys.
    pub keys: &'static [&'static str],
}

/// Every group of keys the SDK adds, in the order it adds them.
pub const RESERVED: &[Reserved] = &[
    // Script mode, every framework job (facts §3.1).
    Reserved {
        when: |_| true,
        keys: &[
            script::SUBMIT_DIRECTORY,
            script::PROGRAM,
            script::CONTAINER_LOG_LEVEL,
            script::JOB_NAME,
            script::REGION,
        ],
    },
    Reserved {
        when: |m| generic_strategies(m) && has(m, |d| d.parameter_server.is_some()),
        keys: &[distribution::PARAMETER_SERVER],
    },
    Reserved {
        when: |m| generic_strategies(m) && has(m, |d| d.mpi.is_some()),
        keys: &[distribution::MPI, distribution::MPI_CUSTOM_OPTIONS],
    },
    // Only when `processes_per_host` is truthy.
    Reserved {
        when: |m| {
            generic_strategies(m)
                && has(m, |d| d.mpi.as_ref().and_then(|mpi| mpi.processes_per_host).is_some_and(|n| n != 0))
        },
        keys: &[distribution::MPI_PROCESSES_PER_HOST],
    },
    // Any `smdistributed` key, enabled or not (`pytorchddp` is rewritten to it on PyTorch).
    Reserved { when: |m| smdistributed(m), keys: &[distribution::DATAPARALLEL, distribution::INSTANCE_TYPE] },
    Reserved { when: dataparallel_enabled, keys: &[distribution::DATAPARALLEL_CUSTOM_OPTIONS] },
    Reserved {
        when: |m| {
            has(m, |d| {
                d.smdistributed
                    .as_ref()
                    .and_then(|s| s.modelparallel.as_ref())
                    .is_some_and(|mp| mp.enabled == Some(true))
            })
        },
        keys: &[distribution::MP_PARAMETERS],
    },
    Reserved { when: torch_distributed, keys: &[distribution::TORCH_DISTRIBUTED] },
    Reserved { when: |m| torch_distributed(m) && m.instance_type.is_some(), keys: &[distribution::INSTANCE_TYPE] },
    Reserved {
        when: |m| generic_strategies(m) && has(m, |d| d.multi_worker_mirrored_strategy.is_some()),
        keys: &[distribution::MULTI_WORKER_MIRRORED],
    },
    Reserved {
        when: |m| has(m, |d| d.instance_groups.as_ref().is_some_and(|g| !g.is_empty())),
        keys: &[distribution::INSTANCE_GROUPS],
    },
    // TensorFlow, unless `model_dir: false` (facts §2.2).
    Reserved {
        when: |m| m.framework == Some(Framework::Tensorflow) && m.model_dir != Some(ModelDir::Flag(false)),
        keys: &[script::MODEL_DIR],
    },
];

/// The reserved keys the SDK adds to this manifest's job, each once, in order.
pub fn reserved_keys(manifest: &Manifest) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for key in RESERVED.iter().filter(|r| (r.when)(manifest)).flat_map(|r| r.keys) {
        if !keys.contains(key) {
            keys.push(key);
        }
    }
    keys
}

fn has(manifest: &Manifest, test: impl Fn(&crate::spec::Distribution) -> bool) -> bool {
    manifest.distribution.as_ref().is_some_and(test)
}

fn is_pytorch(manifest: &Manifest) -> bool {
    manifest.framework == Some(Framework::Pytorch)
}

/// `smdistributed` is present, or `pytorchddp` on PyTorch (rewritten to it).
fn smdistributed(manifest: &Manifest) -> bool {
    has(manifest, |d| d.smdistributed.is_some() || (is_pytorch(manifest) && d.pytorchddp.is_some()))
}

fn dataparallel_enabled(manifest: &Manifest) -> bool {
    has(manifest, |d| {
        let pytorchddp = if is_pytorch(manifest) { d.pytorchddp.as_ref() } else { None };
        d.smdistributed
            .as_ref()
            .and_then(|s| s.dataparallel.as_ref())
            .or(pytorchddp)
            .is_some_and(|dp| dp.enabled == Some(true))
    })
}

/// `torch_distributed` enabled on PyTorch (TensorFlow ignores it).
fn torch_distributed(manifest: &Manifest) -> bool {
    is_pytorch(manifest) && has(manifest, |d| d.torch_distributed.as_ref().is_some_and(|t| t.enabled == Some(true)))
}

/// Whether `mpi`, `parameter_server` and `multi_worker_mirrored_strategy` are lowered:
/// an enabled `torch_distributed` drops them, unless `smdistributed` is present too.
fn generic_strategies(manifest: &Manifest) -> bool {
    !torch_distributed(manifest) || smdistributed(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(yaml: &str) -> Vec<&'static str> {
        let document = crate::source::parse(yaml, crate::source::Format::Yaml).expect("test manifest");
        let manifest: Manifest = serde_json::from_value(document.to_json()).expect("manifest shape");
        reserved_keys(&manifest)
    }

    #[test]
    fn script_mode_adds_five() {
        assert_eq!(keys("framework: pytorch\n").len(), 5);
    }

    #[test]
    fn dataparallel_matches_the_recorded_request() {
        // tests/conformance/cases/hyperparameters_override_reserved
        let found = keys("framework: pytorch\ndistribution: {smdistributed: {dataparallel: {enabled: true}}}\n");
        assert_eq!(
            found[5..],
            [
                "sagemaker_distributed_dataparallel_enabled",
                "sagemaker_instance_type",
                "sagemaker_distributed_dataparallel_custom_mpi_options"
            ]
        );
    }

    #[test]
    fn torch_distributed_drops_mpi() {
        let found = keys(
            "framework: pytorch\ninstance_type: ml.p4d.24xlarge\ndistribution: {torch_distributed: {enabled: true}, mpi: {enabled: true}}\n",
        );
        assert_eq!(found[5..], ["sagemaker_torch_distributed_enabled", "sagemaker_instance_type"]);
    }

    #[test]
    fn tensorflow_adds_model_dir_unless_false() {
        assert!(keys("framework: tensorflow\n").contains(&"model_dir"));
        assert!(!keys("framework: tensorflow\nmodel_dir: false\n").contains(&"model_dir"));
        assert!(!keys("framework: pytorch\n").contains(&"model_dir"));
    }

    #[test]
    fn mpi_with_processes_adds_three() {
        let found = keys("framework: pytorch\ndistribution: {mpi: {enabled: true, processes_per_host: 8}}\n");
        assert_eq!(found.len(), 8);
    }
}
