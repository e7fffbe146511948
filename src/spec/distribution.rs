//! `distribution:`, nested exactly as the SDK's `distribution=` argument.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

/// Distributed training strategies. Several may be combined where the SDK allows it.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// SageMaker's distributed libraries: `dataparallel` (SMDDP) or `modelparallel` (SMP).
    pub smdistributed: Option<SmDistributed>,
    /// MPI launcher (`mpirun`).
    pub mpi: Option<Mpi>,
    /// TensorFlow parameter servers.
    pub parameter_server: Option<Toggle>,
    /// `torchrun` launcher (PyTorch, GPU or Trainium).
    pub torch_distributed: Option<Toggle>,
    /// Alias of `smdistributed.dataparallel` (the SDK rewrites it). PyTorch only.
    pub pytorchddp: Option<DataParallel>,
    /// TensorFlow `MultiWorkerMirroredStrategy` (TF ≥ 2.9).
    pub multi_worker_mirrored_strategy: Option<Toggle>,
    /// Heterogeneous cluster: the instance group the strategy runs on.
    #[schemars(length(min = 1), inner(length(min = 1, max = 64)))]
    pub instance_groups: Option<Vec<String>>,
}

/// `smdistributed:`: exactly one SageMaker distributed library.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SmDistributed {
    /// SageMaker distributed data parallel (SMDDP).
    pub dataparallel: Option<DataParallel>,
    /// SageMaker model parallel (SMP v1 with `mpi`, SMP v2 with `torch_distributed`).
    pub modelparallel: Option<ModelParallel>,
}

/// A strategy that is only switched on or off.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Toggle {
    /// Turns the strategy on. Must be `true` or `false`.
    pub enabled: Option<bool>,
}

/// `smdistributed.dataparallel` (and `pytorchddp`).
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataParallel {
    /// Turns SMDDP on. Must be `true`: the SDK silently runs without the library otherwise.
    pub enabled: Option<bool>,
    /// Extra `mpirun` options.
    #[schemars(example = &"-verbose -x NCCL_DEBUG=VERSION")]
    pub custom_mpi_options: Option<String>,
}

/// `smdistributed.modelparallel`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelParallel {
    /// Turns SMP on.
    pub enabled: Option<bool>,
    /// SMP configuration, passed to the job as the `mp_parameters` hyperparameter.
    pub parameters: Option<IndexMap<String, serde_json::Value>>,
}

/// `mpi:`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mpi {
    /// Turns the MPI launcher on.
    pub enabled: Option<bool>,
    /// Processes per host, usually the number of GPUs.
    #[schemars(range(min = 1), example = 8)]
    pub processes_per_host: Option<i64>,
    /// Extra `mpirun` options.
    pub custom_mpi_options: Option<String>,
}
