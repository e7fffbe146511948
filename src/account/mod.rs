//! Account checks: what a valid manifest names in the AWS account exists, is where the job
//! runs, and is usable by it. `validate --online` and `plan` run them; plain `validate`
//! stays offline.
//!
//! ```text
//! valid manifests ──plan────▶ ManifestChecks (resources::Use: a Resource at a pointer)
//!                 ──run─────▶ each distinct Resource looked up once, concurrently (lookup, memo)
//!                 ──findings▶ per manifest, by family: buckets, fsx, network, role, kms, ecr
//!                 ──report──▶ FileReports at the manifests' values
//! ```
//!
//! The checks read TrainingJob manifests, and the TrainingJob each TuningJob names (its
//! training definition). A check the caller may not make, or whose call fails, is a
//! warning ([`codes::NOT_PERMITTED`], [`codes::CHECK_FAILED`]): it never fails a run.
//! AWS is reached only through [`crate::aws::AccountApi`] and [`crate::aws::Identity`].

pub mod codes;
pub mod lookup;
pub mod memo;
pub mod report;
pub mod resources;

mod buckets;
mod ecr;
mod fsx;
mod kms;
mod network;
mod role;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexSet;

use crate::aws::{AccountApi, Identity};
use crate::diagnostic::Finding;
use crate::ops::validate::Valid;
use crate::spec::{Manifest, TuningManifest};

use lookup::{Lookups, Outcome, Unchecked};
use resources::{Purpose, Resource, Use};

/// The checks of one manifest file.
#[derive(Clone, Debug)]
pub struct ManifestChecks {
    /// Its path on disk.
    pub path: PathBuf,
    /// Its path as shown to the user.
    pub display: String,
    /// The resources it uses.
    pub uses: Vec<Use>,
}

/// What the checks found in one manifest file.
#[derive(Clone, Debug)]
pub struct ManifestFindings {
    /// Its path on disk.
    pub path: PathBuf,
    /// Its path as shown to the user.
    pub display: String,
    /// The findings, in the order of its resources.
    pub findings: Vec<Finding>,
}

/// The checks of `manifests`: each TrainingJob, and each training job a TuningJob names
/// (once per file, however many tuning jobs name it). A manifest without a region (its
/// own, or `default_region`) is left out: it cannot be compiled either.
pub fn plan(manifests: &[Valid], default_region: Option<&str>) -> Vec<ManifestChecks> {
    let mut seen = HashSet::new();
    let mut checks = Vec::new();
    let mut add = |path: &Path, display: String, manifest: &Manifest, fallback: Option<&str>| {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let Some(region) = manifest.region.as_deref().or(fallback) else { return };
        if seen.insert(canonical) {
            checks.push(ManifestChecks { path: path.to_path_buf(), display, uses: resources::uses(manifest, region) });
        }
    };
    for valid in manifests {
        if let Some(training) = valid.manifest.downcast::<Manifest>() {
            add(&valid.path, valid.display.clone(), training, default_region);
        }
        if let Some(tuning) = valid.manifest.downcast::<TuningManifest>() {
            let region = tuning.region.as_deref().or(default_region);
            for (_, referenced) in &valid.references {
                if let Some(training) = referenced.manifest.downcast::<Manifest>() {
                    add(&referenced.path, referenced.path.display().to_string(), training, region);
                }
            }
        }
    }
    checks
}

/// Runs `checks`: every distinct resource is looked up once, all concurrently (at most
/// [`lookup::IN_FLIGHT`] calls at a time), then each manifest's findings are read off
/// the answers. Returns the findings of each manifest, in the order of `checks`.
pub async fn run<A>(api: Arc<A>, checks: &[ManifestChecks]) -> Vec<ManifestFindings>
where
    A: AccountApi + Identity + 'static,
{
    let lookups = Arc::new(Lookups::new(api));
    let distinct: IndexSet<&Resource> =
        checks.iter().flat_map(|check| check.uses.iter().map(|u| &u.resource)).collect();
    let mut tasks = tokio::task::JoinSet::new();
    for resource in distinct {
        let (lookups, resource) = (Arc::clone(&lookups), resource.clone());
        tasks.spawn(async move {
            let outcome = lookups.outcome(&resource).await;
            (resource, outcome)
        });
    }
    let mut outcomes: HashMap<Resource, Outcome> = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok((resource, outcome)) = joined {
            outcomes.insert(resource, outcome);
        }
    }
    checks
        .iter()
        .map(|check| {
            // A resource without an outcome (its task panicked) is left unchecked, silently.
            let checked: Vec<(&Use, &Outcome)> =
                check.uses.iter().filter_map(|used| Some((used, outcomes.get(&used.resource)?))).collect();
            ManifestFindings { findings: findings(&checked), path: check.path.clone(), display: check.display.clone() }
        })
        .collect()
}

/// The findings of one manifest, from the outcome of each resource it uses.
fn findings(checked: &[(&Use, &Outcome)]) -> Vec<Finding> {
    let job_vpc = network::job_vpc(checked);
    let mut found = Vec::new();
    for (used, outcome) in checked {
        let answer = match outcome {
            Ok(answer) => answer,
            Err(unchecked) => {
                found.push(not_checked(used, unchecked));
                continue;
            }
        };
        match &used.purpose {
            Purpose::Bucket(purpose) => found.extend(buckets::bucket(used, *purpose, answer)),
            Purpose::InputPrefix => found.extend(buckets::prefix(used, answer)),
            Purpose::FileSystem { .. } => found.extend(fsx::file_system(used, answer, job_vpc)),
            Purpose::Subnet | Purpose::SecurityGroup => found.extend(network::missing(used, answer)),
            Purpose::Role => found.extend(role::role(used, answer)),
            Purpose::KmsKey(key) => found.extend(kms::key(used, key, answer)),
            Purpose::Image => found.extend(ecr::image(used, answer)),
        }
    }
    found.extend(network::vpc_mismatches(checked));
    found
}

/// The warning for a check that did not happen.
fn not_checked(used: &Use, unchecked: &Unchecked) -> Finding {
    if unchecked.is_permission() {
        Finding::warning(
            codes::NOT_PERMITTED,
            format!("cannot check this value: the caller may not call {}", unchecked.action),
        )
        .at(&used.pointer)
        .with_label(format!("needs {}", unchecked.action))
        .with_help(format!(
            "allow {} to the identity sagespec runs as (docs/github-actions.md lists every action the checks need)",
            unchecked.action
        ))
    } else {
        Finding::warning(codes::CHECK_FAILED, format!("cannot check this value: {}", unchecked.error))
            .at(&used.pointer)
            .with_label("not checked")
    }
}

#[cfg(test)]
mod tests;
