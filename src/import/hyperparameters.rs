//! `HyperParameters` back into manifest keys: the inverse of `crate::lower::hyperparameters`
//! and `crate::lower::distribution`.
//!
//! Every value is decoded from the SDK's `json.dumps` encoding (facts §3.1); a value that
//! is not JSON cannot come from a manifest (sagespec encodes every value) and is an error
//! naming the key. The keys the SDK adds are taken out: the script-mode keys
//! (`sagemaker_program` → `entry_point`, `sagemaker_submit_directory` → `source_dir`,
//! `sagemaker_container_log_level` → `container_log_level`; `sagemaker_job_name` and
//! `sagemaker_region` must name the job and its region) and the distribution keys, from
//! which `distribution` is rebuilt (facts §2.2). What is left is the user's.

use indexmap::IndexMap;
use serde_json::{Map, Value as Json};

use crate::facts::reserved_hyperparameters::{distribution as dist, script};

use super::ImportError;

/// What the hyperparameters say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recovered {
    /// The user's hyperparameters, decoded, sorted by key (DescribeTrainingJob's map has
    /// no order to keep).
    pub user: IndexMap<String, Json>,
    /// `sagemaker_program`.
    pub program: Option<String>,
    /// `sagemaker_submit_directory`.
    pub submit_directory: Option<String>,
    /// `sagemaker_container_log_level`.
    pub container_log_level: Option<Json>,
    /// The `distribution` mapping, empty when the job has none.
    pub distribution: Map<String, Json>,
}

/// Decodes `hyperparameters` (the request's map) and takes the SDK's keys out. `job_name`
/// and `region` are what `sagemaker_job_name` and `sagemaker_region` must say.
pub fn recover(hyperparameters: &Map<String, Json>, job_name: &str, region: &str) -> Result<Recovered, ImportError> {
    let mut decoded: IndexMap<String, Json> = IndexMap::new();
    let mut keys: Vec<&String> = hyperparameters.keys().collect();
    keys.sort();
    for key in keys {
        let field = format!("HyperParameters.{key}");
        let text = hyperparameters[key]
            .as_str()
            .ok_or_else(|| ImportError::unexpressible(&field, "the value is not a string"))?;
        let value: Json = serde_json::from_str(text).map_err(|_| {
            ImportError::unexpressible(
                &field,
                format!(
                    "{text:?} is not JSON-encoded as the SDK encodes hyperparameters (sagespec always encodes them)"
                ),
            )
        })?;
        decoded.insert(key.clone(), value);
    }
    let program = take_string(&mut decoded, script::PROGRAM)?;
    let submit_directory = take_string(&mut decoded, script::SUBMIT_DIRECTORY)?;
    let container_log_level = decoded.shift_remove(script::CONTAINER_LOG_LEVEL);
    expect(&mut decoded, script::JOB_NAME, job_name, "TrainingJobName")?;
    expect(&mut decoded, script::REGION, region, "the job's region")?;
    let distribution = distribution(&mut decoded)?;
    Ok(Recovered { user: decoded, program, submit_directory, container_log_level, distribution })
}

fn take_string(decoded: &mut IndexMap<String, Json>, key: &str) -> Result<Option<String>, ImportError> {
    match decoded.shift_remove(key) {
        None => Ok(None),
        Some(Json::String(text)) => Ok(Some(text)),
        Some(other) => {
            Err(ImportError::unexpressible(&format!("HyperParameters.{key}"), format!("{other} is not a string")))
        }
    }
}

/// Takes out a key the SDK sets to a known value; another value cannot be expressed.
fn expect(decoded: &mut IndexMap<String, Json>, key: &str, wanted: &str, what: &str) -> Result<(), ImportError> {
    match decoded.shift_remove(key) {
        Some(Json::String(text)) if text == wanted => Ok(()),
        None => Ok(()),
        Some(other) => Err(ImportError::unexpressible(
            &format!("HyperParameters.{key}"),
            format!("{other} is not {what} ({wanted:?}); sagespec always sends {what} there"),
        )),
    }
}

/// Rebuilds `distribution` from the launcher keys (the inverse of
/// `Framework._distribution_configuration`, facts §2.2), in the manifest's key order.
fn distribution(decoded: &mut IndexMap<String, Json>) -> Result<Map<String, Json>, ImportError> {
    let mut take_bool = |key: &str| -> Result<Option<bool>, ImportError> {
        match decoded.shift_remove(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(b)),
            Some(other) => {
                Err(ImportError::unexpressible(&format!("HyperParameters.{key}"), format!("{other} is not a boolean")))
            }
        }
    };
    let parameter_server = take_bool(dist::PARAMETER_SERVER)?;
    let mpi = take_bool(dist::MPI)?;
    let dataparallel = take_bool(dist::DATAPARALLEL)?;
    let torch_distributed = take_bool(dist::TORCH_DISTRIBUTED)?;
    let mwms = take_bool(dist::MULTI_WORKER_MIRRORED)?;
    let processes = decoded.shift_remove(dist::MPI_PROCESSES_PER_HOST);
    let mpi_options = decoded.shift_remove(dist::MPI_CUSTOM_OPTIONS);
    let dp_options = decoded.shift_remove(dist::DATAPARALLEL_CUSTOM_OPTIONS);
    let mp_parameters = decoded.shift_remove(dist::MP_PARAMETERS);
    let groups = decoded.shift_remove(dist::INSTANCE_GROUPS);
    // Derived from the compute; the compiled request says whether it matches.
    decoded.shift_remove(dist::INSTANCE_TYPE);

    let toggle = |enabled: bool| Json::Object(Map::from_iter([("enabled".to_owned(), Json::Bool(enabled))]));
    let mut out = Map::new();
    let mut smdistributed = Map::new();
    if let Some(parameters) = mp_parameters {
        let mut mp = Map::new();
        mp.insert("enabled".into(), Json::Bool(true));
        if parameters.as_object().is_none_or(|p| !p.is_empty()) {
            mp.insert("parameters".into(), parameters);
        }
        smdistributed.insert("modelparallel".into(), Json::Object(mp));
    }
    match dataparallel {
        Some(true) => {
            let mut dp = Map::new();
            dp.insert("enabled".into(), Json::Bool(true));
            if let Some(options) = dp_options.filter(|o| o.as_str() != Some("")) {
                dp.insert("custom_mpi_options".into(), options);
            }
            smdistributed.insert("dataparallel".into(), Json::Object(dp));
        }
        Some(false) if smdistributed.is_empty() => {
            smdistributed.insert("dataparallel".into(), toggle(false));
        }
        _ => {}
    }
    if !smdistributed.is_empty() {
        out.insert("smdistributed".into(), Json::Object(smdistributed));
    }
    if let Some(enabled) = mpi {
        let mut m = Map::new();
        m.insert("enabled".into(), Json::Bool(enabled));
        if let Some(processes) = processes {
            m.insert("processes_per_host".into(), processes);
        }
        if let Some(options) = mpi_options.filter(|o| o.as_str() != Some("")) {
            m.insert("custom_mpi_options".into(), options);
        }
        out.insert("mpi".into(), Json::Object(m));
    }
    if let Some(enabled) = parameter_server {
        out.insert("parameter_server".into(), toggle(enabled));
    }
    if let Some(enabled) = torch_distributed {
        out.insert("torch_distributed".into(), toggle(enabled));
    }
    if let Some(enabled) = mwms {
        out.insert("multi_worker_mirrored_strategy".into(), toggle(enabled));
    }
    if let Some(groups) = groups {
        out.insert("instance_groups".into(), groups);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encoded(pairs: &[(&str, &str)]) -> Map<String, Json> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), Json::String((*v).to_owned()))).collect()
    }

    #[test]
    fn script_mode_keys_come_out_and_user_values_are_decoded() {
        let hp = encoded(&[
            ("sagemaker_submit_directory", "\"s3://b/j/source/sourcedir.tar.gz\""),
            ("sagemaker_program", "\"train.py\""),
            ("sagemaker_container_log_level", "10"),
            ("sagemaker_job_name", "\"j\""),
            ("sagemaker_region", "\"us-west-2\""),
            ("lr", "0.001"),
            ("layers", "[1, 2]"),
            ("name", "\"bert\""),
            ("version", "\"1.10\""),
        ]);
        let out = recover(&hp, "j", "us-west-2").expect("recovers");
        assert_eq!(out.program.as_deref(), Some("train.py"));
        assert_eq!(out.submit_directory.as_deref(), Some("s3://b/j/source/sourcedir.tar.gz"));
        assert_eq!(out.container_log_level, Some(json!(10)));
        assert_eq!(
            Json::Object(out.user.into_iter().collect()),
            json!({"layers": [1, 2], "lr": 0.001, "name": "bert", "version": "1.10"})
        );
        assert!(out.distribution.is_empty());
    }

    #[test]
    fn a_value_that_is_not_json_names_its_key() {
        let hp = encoded(&[("epochs", "ten")]);
        let error = recover(&hp, "j", "r").expect_err("not JSON");
        assert!(error.to_string().contains("HyperParameters.epochs"), "{error}");
    }

    #[test]
    fn another_job_name_cannot_be_expressed() {
        let hp = encoded(&[("sagemaker_job_name", "\"other\"")]);
        let error = recover(&hp, "j", "r").expect_err("differs");
        assert!(error.to_string().contains("HyperParameters.sagemaker_job_name"), "{error}");
    }

    #[test]
    fn distribution_is_rebuilt_from_the_launcher_keys() {
        let hp = encoded(&[
            ("sagemaker_mpi_enabled", "true"),
            ("sagemaker_mpi_num_of_processes_per_host", "8"),
            ("sagemaker_mpi_custom_mpi_options", "\"\""),
            ("sagemaker_distributed_dataparallel_enabled", "true"),
            ("sagemaker_instance_type", "\"ml.p4d.24xlarge\""),
            ("sagemaker_distributed_dataparallel_custom_mpi_options", "\"-x A\""),
            ("sagemaker_distribution_instance_groups", "[\"gpu\"]"),
        ]);
        let out = recover(&hp, "j", "r").expect("recovers");
        assert_eq!(
            Json::Object(out.distribution),
            json!({
                "smdistributed": {"dataparallel": {"enabled": true, "custom_mpi_options": "-x A"}},
                "mpi": {"enabled": true, "processes_per_host": 8},
                "instance_groups": ["gpu"]
            })
        );
        assert!(out.user.is_empty());
    }

    #[test]
    fn smp_v2_is_modelparallel_with_torch_distributed() {
        let hp = encoded(&[
            ("mp_parameters", "{\"hybrid_shard_degree\": 4}"),
            ("sagemaker_distributed_dataparallel_enabled", "false"),
            ("sagemaker_instance_type", "\"ml.p4d.24xlarge\""),
            ("sagemaker_torch_distributed_enabled", "true"),
        ]);
        let out = recover(&hp, "j", "r").expect("recovers");
        assert_eq!(
            Json::Object(out.distribution),
            json!({
                "smdistributed": {"modelparallel": {"enabled": true, "parameters": {"hybrid_shard_degree": 4}}},
                "torch_distributed": {"enabled": true}
            })
        );
    }
}
