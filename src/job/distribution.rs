//! The resolved `distribution`: which strategy keys are present, with the SDK's defaults
//! filled in (`enabled` missing = false, `custom_mpi_options` missing = `""`) and its
//! rewrites applied (PyTorch's `pytorchddp` becomes `smdistributed.dataparallel`, facts
//! §2.1 step 3).
//!
//! Presence still matters after resolution (an `mpi` key with `enabled: false` emits
//! `sagemaker_mpi_enabled=false`; a missing one emits nothing), so a strategy is an
//! `Option` here: `None` means "the key is absent", never "use a default".
//!
//! With exactly one estimator instance group and no group named in
//! `distribution.instance_groups`, the SDK names that group itself (`fw_utils.
//! validate_distribution`: "if just one instance_group but it is not specified in
//! distribution, we set it for user"), so `sagemaker_distribution_instance_groups` is
//! sent. [`Distribution::resolve`] does the same; where no strategy can run on it, the
//! rule `distribution::single-instance-group-without-strategy` refuses the job first.

use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::job::Compute;
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
    /// Resolves the manifest's `distribution` for `framework` on `compute`.
    pub fn resolve(written: Option<&spec::Distribution>, framework: Framework, compute: &Compute) -> Self {
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
            instance_groups: instance_groups(written.instance_groups.as_deref(), compute),
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

/// The training group names the SDK sends (`fw_utils.validate_distribution`): the ones
/// written, or the only estimator group when none is written (an empty list counts as
/// none there, but is sent as written without estimator groups).
fn instance_groups(written: Option<&[String]>, compute: &Compute) -> Option<Vec<String>> {
    match (written, compute) {
        (None | Some([]), Compute::Groups(groups)) if groups.len() == 1 => Some(vec![groups[0].name.clone()]),
        (written, _) => written.map(<[String]>::to_vec),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::InstanceGroup;

    fn groups(names: &[&str]) -> Compute {
        Compute::Groups(
            names
                .iter()
                .map(|name| InstanceGroup {
                    name: (*name).to_owned(),
                    instance_type: "ml.p4d.24xlarge".into(),
                    instance_count: 2,
                })
                .collect(),
        )
    }

    fn written(names: Option<&[&str]>) -> spec::Distribution {
        spec::Distribution {
            instance_groups: names.map(|n| n.iter().map(|s| (*s).to_owned()).collect()),
            ..spec::Distribution::default()
        }
    }

    fn resolved_groups(names: Option<&[&str]>, compute: &Compute) -> Option<Vec<String>> {
        Distribution::resolve(Some(&written(names)), Framework::Pytorch, compute).instance_groups
    }

    /// `fw_utils.validate_distribution`: one estimator group and none named → that group.
    #[test]
    fn the_only_group_is_named_for_the_user() {
        assert_eq!(resolved_groups(None, &groups(&["train"])), Some(vec!["train".to_owned()]));
        assert_eq!(resolved_groups(Some(&[]), &groups(&["train"])), Some(vec!["train".to_owned()]));
        assert_eq!(resolved_groups(Some(&["train"]), &groups(&["train"])), Some(vec!["train".to_owned()]));
    }

    #[test]
    fn otherwise_the_names_are_kept_as_written() {
        assert_eq!(resolved_groups(None, &groups(&["a", "b"])), None);
        assert_eq!(resolved_groups(Some(&["b"]), &groups(&["a", "b"])), Some(vec!["b".to_owned()]));
        let single = Compute::Single { instance_type: "ml.p4d.24xlarge".into(), instance_count: 2 };
        assert_eq!(resolved_groups(None, &single), None);
        assert_eq!(resolved_groups(Some(&[]), &single), Some(Vec::new()));
    }

    #[test]
    fn no_distribution_names_no_group() {
        assert_eq!(Distribution::resolve(None, Framework::Pytorch, &groups(&["train"])).instance_groups, None);
    }
}
