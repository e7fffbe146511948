//! The hyperparameters a distribution adds, in the SDK's order (facts §2.2):
//! `Framework._distribution_configuration` for every framework, wrapped by PyTorch's
//! `_pytorch_distribution_configuration` for `torch_distributed`.
//!
//! Generic order: `instance_groups`, `parameter_server`, `mpi` (enabled, processes per
//! host if non-zero, custom options, `mp_parameters`), `smdistributed` (`mp_parameters`,
//! dataparallel enabled, instance type, dataparallel custom options when enabled),
//! `multi_worker_mirrored_strategy`. With PyTorch's `torch_distributed` enabled, the
//! generic keys are kept only when `smdistributed` is present; then
//! `sagemaker_torch_distributed_enabled` and the instance type follow.

use serde_json::{Value as Json, json};

use crate::facts::reserved_hyperparameters::distribution as keys;
use crate::job::{Compute, Distribution};

/// The distribution's hyperparameters, unencoded, in the SDK's order. A key may repeat
/// (the SDK assigns some twice); the first position wins, the last value.
pub fn hyperparameters(distribution: &Distribution, compute: &Compute) -> Vec<(&'static str, Json)> {
    let instance_type = crate::compute::Compute::of_job(compute).instance_type().map_or(Json::Null, |t| json!(t));
    match distribution.torch_distributed {
        Some(true) => {
            let mut out =
                if distribution.smdistributed.is_some() { generic(distribution, &instance_type) } else { Vec::new() };
            out.push((keys::TORCH_DISTRIBUTED, json!(true)));
            if !instance_type.is_null() {
                out.push((keys::INSTANCE_TYPE, instance_type));
            }
            out
        }
        _ => generic(distribution, &instance_type),
    }
}

/// `Framework._distribution_configuration`.
fn generic(distribution: &Distribution, instance_type: &Json) -> Vec<(&'static str, Json)> {
    let mut out = Vec::new();
    if let Some(groups) = &distribution.instance_groups {
        out.push((keys::INSTANCE_GROUPS, json!(groups)));
    }
    if let Some(enabled) = distribution.parameter_server {
        out.push((keys::PARAMETER_SERVER, json!(enabled)));
    }
    let mp_parameters = distribution
        .smdistributed
        .as_ref()
        .and_then(|sm| sm.modelparallel.as_ref())
        .filter(|mp| mp.enabled && !mp.parameters.is_empty())
        .map(|mp| Json::Object(mp.parameters.iter().map(|(k, v)| (k.clone(), v.clone())).collect()));
    if let Some(mpi) = &distribution.mpi {
        out.push((keys::MPI, json!(mpi.enabled)));
        if let Some(processes) = mpi.processes_per_host {
            out.push((keys::MPI_PROCESSES_PER_HOST, json!(processes)));
        }
        out.push((keys::MPI_CUSTOM_OPTIONS, json!(mpi.custom_mpi_options)));
        if let Some(parameters) = &mp_parameters {
            out.push((keys::MP_PARAMETERS, parameters.clone()));
        }
    }
    if let Some(sm) = &distribution.smdistributed {
        if let Some(parameters) = mp_parameters {
            out.push((keys::MP_PARAMETERS, parameters));
        }
        let dataparallel = sm.dataparallel.as_ref().filter(|dp| dp.enabled);
        out.push((keys::DATAPARALLEL, json!(dataparallel.is_some())));
        out.push((keys::INSTANCE_TYPE, instance_type.clone()));
        if let Some(dp) = dataparallel {
            out.push((keys::DATAPARALLEL_CUSTOM_OPTIONS, json!(dp.custom_mpi_options)));
        }
    }
    if let Some(enabled) = distribution.multi_worker_mirrored_strategy {
        out.push((keys::MULTI_WORKER_MIRRORED, json!(enabled)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::{DataParallel, MpiLaunch, SmDistributed};

    fn single() -> Compute {
        Compute::Single { instance_type: "ml.p4d.24xlarge".into(), instance_count: 2 }
    }

    fn names(pairs: &[(&'static str, Json)]) -> Vec<&'static str> {
        pairs.iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn torch_distributed_without_smdistributed_drops_mpi() {
        let distribution = Distribution {
            torch_distributed: Some(true),
            mpi: Some(MpiLaunch { enabled: true, processes_per_host: Some(8), custom_mpi_options: String::new() }),
            ..Distribution::default()
        };
        assert_eq!(
            names(&hyperparameters(&distribution, &single())),
            vec![keys::TORCH_DISTRIBUTED, keys::INSTANCE_TYPE]
        );
    }

    #[test]
    fn disabled_dataparallel_has_no_custom_options_and_groups_give_null_type() {
        let distribution = Distribution {
            smdistributed: Some(SmDistributed {
                dataparallel: Some(DataParallel { enabled: false, custom_mpi_options: "-x".into() }),
                modelparallel: None,
            }),
            ..Distribution::default()
        };
        let out = hyperparameters(&distribution, &Compute::Groups(Vec::new()));
        assert_eq!(out, vec![(keys::DATAPARALLEL, json!(false)), (keys::INSTANCE_TYPE, Json::Null)]);
    }
}
