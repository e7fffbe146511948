//! The account checks as operations (`crate::account`): `validate --online` is validate
//! plus the checks, with their findings in the files' reports; `plan` runs the checks
//! first ([`plan_checks`]) and stops on their errors.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::runtime::Runtime;

use crate::account::{self, ManifestFindings};
use crate::aws::{Aws, AwsOptions};
use crate::diagnostic::{FileReport, Finding};
use crate::discover::DiscoverError;

use super::validate::{Validated, validate_paths};

/// For `plan`: the account findings of the manifests under `paths`, one report per file
/// with findings; none when some manifest does not validate or a path cannot be used
/// (`plan` reports those itself).
pub fn plan_checks(paths: &[PathBuf], options: &AwsOptions, runtime: &Runtime) -> Vec<FileReport> {
    match validate_paths(paths) {
        Ok(validated) if !validated.has_errors => account::report::reports(check(&validated, options, runtime)),
        _ => Vec::new(),
    }
}

/// `validate --online`: [`validate_paths`], then the account checks of the valid
/// manifests, their findings added to the files' reports (and their errors to
/// `has_errors`).
pub fn validate_online(paths: &[PathBuf], options: &AwsOptions, runtime: &Runtime) -> Result<Validated, DiscoverError> {
    let mut validated = validate_paths(paths)?;
    let found = check(&validated, options, runtime);
    validated.has_errors |= found.iter().any(|found| found.findings.iter().any(Finding::is_error));
    account::report::merge(&mut validated.reports, found);
    Ok(validated)
}

/// Runs the account checks of the valid manifests of `validated` (no AWS client is made
/// when there are none).
fn check(validated: &Validated, options: &AwsOptions, runtime: &Runtime) -> Vec<ManifestFindings> {
    if validated.manifests.is_empty() {
        return Vec::new();
    }
    let aws = Arc::new(runtime.block_on(Aws::connect(options)));
    let checks = account::plan(&validated.manifests, aws.default_region().as_deref());
    runtime.block_on(account::run(aws, &checks))
}
