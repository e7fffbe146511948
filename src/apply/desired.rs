//! From paths to [`DesiredJob`]s: discover and validate the manifests (as `validate`
//! does), compile each (`crate::lower::compile`), and keep what `plan` and `apply` need.
//!
//! The account id is asked for only when a manifest relies on the default bucket
//! `sagemaker-<region>-<account>` (compiling without it fails with `MissingAccount`);
//! [`desired_jobs`] then calls the `account` callback (STS, once per region) and compiles
//! again. This is the one place that turns `crate::lower`'s `Compiled` into a
//! [`DesiredJob`] ([`from_compiled`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::job::{JobName, ResolveError};
use crate::lower::{CompileError, CompileOptions, Compiled, Compiler};
use crate::parallel;
use crate::plan::{CodeUpload, DesiredJob};
use crate::spec::Manifest;

use super::JobError;

/// Compiles every validated manifest. `default_region` is `--region` or the AWS config
/// chain's; `account(region)` is called (at most once per region) when a manifest needs
/// the default bucket.
pub fn desired_jobs(
    manifests: &[(PathBuf, String, Box<Manifest>)],
    default_region: Option<&str>,
    account: &mut dyn FnMut(&str) -> Result<String, String>,
) -> (Vec<DesiredJob>, Vec<JobError>) {
    let compiler = Compiler::new(CompileOptions { region: default_region.map(ToOwned::to_owned), account_id: None });
    let first = parallel::map(manifests, |(path, _, manifest)| compiler.compile(manifest, base_dir(path)));
    let mut accounts: HashMap<String, Result<String, String>> = HashMap::new();
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    for ((path, display, manifest), outcome) in manifests.iter().zip(first) {
        let outcome = match outcome {
            Err(CompileError::Resolve(ResolveError::MissingAccount { region })) => {
                let account_id = accounts.entry(region.clone()).or_insert_with(|| account(&region)).clone();
                match account_id {
                    Ok(account_id) => {
                        let with_account = compiler.with_options(CompileOptions {
                            region: default_region.map(ToOwned::to_owned),
                            account_id: Some(account_id.clone()),
                        });
                        with_account.compile(manifest, base_dir(path)).map(|compiled| {
                            let bucket = default_bucket(&compiled.job.region, &account_id);
                            from_compiled(compiled, display, Some(bucket))
                        })
                    }
                    Err(message) => {
                        errors.push(JobError {
                            manifest: display.clone(),
                            job: None,
                            message: format!("the default bucket needs the account id: {message}"),
                        });
                        continue;
                    }
                }
            }
            other => other.map(|compiled| from_compiled(compiled, display, None)),
        };
        match outcome {
            Ok(job) => jobs.push(job),
            Err(error) => errors.push(JobError { manifest: display.clone(), job: None, message: error.to_string() }),
        }
    }
    (jobs, errors)
}

/// The SDK's default bucket name.
pub fn default_bucket(region: &str, account_id: &str) -> String {
    format!("sagemaker-{region}-{account_id}")
}

/// The glue between `crate::lower` and the plan: a compiled manifest as a desired job.
pub fn from_compiled(compiled: Compiled, manifest: &str, default_bucket: Option<String>) -> DesiredJob {
    let base_name = match &compiled.job.name {
        JobName::Hashed { base } => Some(base.clone()),
        JobName::Exact(_) => None,
    };
    let code = compiled.package.and_then(|package| {
        let (bucket, key) = split_s3_uri(&compiled.job.code.tarball_uri)?;
        Some(CodeUpload { bucket: bucket.to_owned(), key: key.to_owned(), bytes: package.bytes.clone() })
    });
    DesiredJob {
        name: compiled.job_name,
        base_name,
        manifest: manifest.to_owned(),
        region: compiled.job.region,
        input: compiled.input,
        code,
        default_bucket,
    }
}

/// `s3://bucket/key` → `(bucket, key)`.
fn split_s3_uri(uri: &str) -> Option<(&str, &str)> {
    uri.strip_prefix("s3://")?.split_once('/').filter(|(bucket, key)| !bucket.is_empty() && !key.is_empty())
}

fn base_dir(path: &Path) -> &Path {
    path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_uris_split_into_bucket_and_key() {
        assert_eq!(split_s3_uri("s3://b/k/sourcedir.tar.gz"), Some(("b", "k/sourcedir.tar.gz")));
        assert_eq!(split_s3_uri("s3://b/"), None);
        assert_eq!(split_s3_uri("https://b/k"), None);
    }
}
