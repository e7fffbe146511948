//! `HyperParameters`, byte for byte as the SDK's framework estimators send them (facts
//! §3.1): every value is `json.dumps`-encoded ([`crate::encode::python_json`]); the user's
//! keys come first, in their order; then the script-mode keys, the distribution keys and
//! TensorFlow's `model_dir`, in the SDK's order. The SDK adds its keys with `dict.update`,
//! so a user key named like a reserved one keeps its position but takes the SDK's value.

use indexmap::IndexMap;
use serde_json::{Value as Json, json};

use crate::encode::python_json;
use crate::job::{Job, TfModelDir};

use super::distribution;
use crate::facts::reserved_hyperparameters::script as keys;

/// `sagemaker_submit_directory` under network isolation: the code channel's file
/// (`EstimatorBase._script_mode_hyperparam_update` callers, facts §3.1).
pub const NETWORK_ISOLATION_SUBMIT_DIRECTORY: &str = "/opt/ml/input/data/code/sourcedir.tar.gz";

/// TensorFlow's `model_dir` when MPI is enabled (`TensorFlow._default_s3_path`).
pub const TF_MPI_MODEL_DIR: &str = "/opt/ml/model";

/// The encoded hyperparameters of `job` when it is named `job_name`, in the SDK's order.
pub fn encoded(job: &Job, job_name: &str) -> IndexMap<String, String> {
    let mut out: IndexMap<String, String> =
        job.hyperparameters.iter().map(|(key, value)| (key.clone(), python_json(value))).collect();
    let submit_directory =
        if job.enable_network_isolation { NETWORK_ISOLATION_SUBMIT_DIRECTORY } else { job.code.tarball_uri.as_str() };
    let script_mode = [
        (keys::SUBMIT_DIRECTORY, json!(submit_directory)),
        (keys::PROGRAM, json!(job.code.program)),
        (keys::CONTAINER_LOG_LEVEL, json!(job.container_log_level)),
        (keys::JOB_NAME, json!(job_name)),
        (keys::REGION, json!(job.region)),
    ];
    let model_dir = match &job.model_dir {
        TfModelDir::Omitted => None,
        TfModelDir::Given(path) => Some(path.clone()),
        TfModelDir::Default { mpi_enabled: true } => Some(TF_MPI_MODEL_DIR.to_owned()),
        TfModelDir::Default { mpi_enabled: false } => {
            Some(s3_path_join(&[&job.output.s3_output_path, job_name, "model"]))
        }
    };
    let reserved = script_mode
        .into_iter()
        .chain(distribution::hyperparameters(&job.distribution, &job.compute))
        .chain(model_dir.map(|dir| (keys::MODEL_DIR, Json::String(dir))));
    for (key, value) in reserved {
        out.insert(key.to_owned(), python_json(&value));
    }
    out
}

/// `sagemaker.s3.s3_path_join`: joins with `/`, collapsing repeated slashes (but not the
/// `//` of `s3://`) and dropping a trailing slash.
pub fn s3_path_join(parts: &[&str]) -> String {
    let joined = parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("/");
    let (scheme, rest) = joined.split_once("://").map_or(("", joined.as_str()), |(s, r)| (s, r));
    let mut path = String::with_capacity(joined.len());
    for c in rest.chars() {
        if !(c == '/' && path.ends_with('/')) {
            path.push(c);
        }
    }
    let path = path.trim_end_matches('/');
    if scheme.is_empty() { path.to_owned() } else { format!("{scheme}://{path}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_paths_join_like_the_sdk() {
        assert_eq!(s3_path_join(&["s3://b/", "j", "model"]), "s3://b/j/model");
        assert_eq!(s3_path_join(&["s3://b/out/", "/j/", "model"]), "s3://b/out/j/model");
        assert_eq!(s3_path_join(&["s3://b", "", "model"]), "s3://b/model");
    }
}
