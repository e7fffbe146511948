//! The resolved `distribution`: which strategy keys are present, with the SDK's defaults
//! filled in (`enabled` missing = false, `custom_mpi_options` missing = `""`) and its
//! rewrites applied (PyTorch's `pytorchddp` becomes `smdistributed.dataparallel`, facts
//! §2.1 step 3).
//!
//! Presence still matters after resolution (an `mpi` key with `enabled: false` emits
//! `sagemaker_mpi_enabled=false`; a missing one emits nothing), so a strategy is an
//! `Option` here: `None` means "the key is absent", never "use a default".

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::spec::{self, Framework};

/// The distribution strategies of a job.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Distribution {
    /// `instance_groups`: the group names the strategy runs on.
    pub instance_groups: Option<Vec<String>>,
    /// `parameter_server.enabled`.
    pub parameter_server: Option<bool>,
    /// `mpi`.
    pub mpi: Option<MpiLaunch>,
    /// `smdistributed` (including a rewritten `pytorchddp`).
    pub smdistributed: Option<SmDistributed>,
    /// `torch_distributed.enabled` (PyTorch only; TensorFlow ignores the key).
    pub torch_distributed: Option<bool>,
    /// `multi_worker_mirrored_strategy.enabled`.
    pub multi_worker_mirrored_strategy: Option<bool>,
}

/// `mpi`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MpiLaunch {
    /// `enabled`, default false.
    pub enabled: bool,
    /// `processes_per_host`; sent only when truthy (non-zero), as the SDK does.
    pub processes_per_host: Option<i64>,
    /// `custom_mpi_options`, default `""`.
    pub custom_mpi_options: String,
}

/// `smdistributed`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SmDistributed {
    /// `dataparallel`.
    pub dataparallel: Option<DataParallel>,
    /// `modelparallel`.
    pub modelparallel: Option<ModelParallel>,
}

/// `smdistributed.dataparallel`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataParallel {
    /// `enabled`, default false.
    pub enabled: bool,
    /// `custom_mpi_options`, default `""`.
    pub custom_mpi_options: String,
}

/// `smdistributed.modelparallel`.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelParallel {
    /// `enabled`, default false (for the hyperparameters; the image choice reads a
    /// missing `enabled` as true, which `crate::image` handles from the manifest).
    pub enabled: bool,
    /// `parameters`, default empty.
    pub parameters: IndexMap<String, Json>,
}

impl Distribution {
    /// Resolves the manifest's `distribution` for `framework`.
    pub fn resolve(written: Option<&spec::Distribution>, framework: Framework) -> Self {
        let Some(written) = written else {
            return Self::default();
        };
        let pytorch = framework == Framework::Pytorch;
        let smdistributed = match (&written.smdistributed, &written.pytorchddp) {
            (Some(sm), _) => Some(SmDistributed {
                dataparallel: sm.dataparallel.as_ref().map(data_parallel),
                modelparallel: sm.modelparallel.as_ref().map(|mp| ModelParallel {
                    enabled: mp.enabled.unwrap_or(false),
                    parameters: mp.parameters.clone().unwrap_or_default(),
                }),
            }),
            (None, Some(ddp)) if pytorch => {
                Some(SmDistributed { dataparallel: Some(data_parallel(ddp)), modelparallel: None })
            }
            (None, _) => None,
        };
        Self {
            instance_groups: written.instance_groups.clone(),
            parameter_server: written.parameter_server.as_ref().map(enabled),
            mpi: written.mpi.as_ref().map(|mpi| MpiLaunch {
                enabled: mpi.enabled.unwrap_or(false),
                processes_per_host: mpi.processes_per_host.filter(|n| *n != 0),
                custom_mpi_options: mpi.custom_mpi_options.clone().unwrap_or_default(),
            }),
            smdistributed,
            torch_distributed: written.torch_distributed.as_ref().filter(|_| pytorch).map(enabled),
            multi_worker_mirrored_strategy: written.multi_worker_mirrored_strategy.as_ref().map(enabled),
        }
    }

    /// Whether `mpi.enabled` is true (TensorFlow's `model_dir` depends on it).
    pub fn mpi_enabled(&self) -> bool {
        self.mpi.as_ref().is_some_and(|mpi| mpi.enabled)
    }

    /// Whether `parameter_server.enabled` is true.
    pub fn parameter_server_enabled(&self) -> bool {
        self.parameter_server == Some(true)
    }
}

fn enabled(toggle: &spec::Toggle) -> bool {
    toggle.enabled.unwrap_or(false)
}

fn data_parallel(written: &spec::DataParallel) -> DataParallel {
    DataParallel {
        enabled: written.enabled.unwrap_or(false),
        custom_mpi_options: written.custom_mpi_options.clone().unwrap_or_default(),
    }
}
