//! Import: existing training jobs → `TrainingJob` manifests (`sagespec import`, issue 16).
//!
//! For each job name, [`CONCURRENCY`] at a time: DescribeTrainingJob and ListTags (through
//! [`SageMakerApi::describe_training_input`], which rebuilds the `CreateTrainingJob`
//! input), the body the AWS SDK serializes for that input (`crate::lower::wire`, the same
//! capture `compile` prints), then [`crate::import`] maps it to a manifest and proves it
//! compiles back to the same request. With `code`, the job's `sourcedir.tar.gz` is
//! downloaded (GetObject) and unpacked into `<out>/code/<job>/`, and `source_dir` points
//! there. The manifest is written to `<out>/<job>.yaml`.
//!
//! One failing job never stops the others. Nothing the user has is overwritten without
//! `force`: an existing manifest or code folder is an error for that job, checked before
//! anything is asked; the manifest is created with `create_new`, so a file that appears
//! meanwhile is not lost either. Nothing here prints.

use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::apply::{CONCURRENCY, bounded};
use crate::aws::{AwsError, ObjectStore, SageMakerApi};
use crate::import::{ImportError, Imported, import, with_local_code};
use crate::lower::wire::capture_body;

/// The folder, under the output folder, that `--code` unpacks each job's code into.
pub const CODE_DIR: &str = "code";

/// The largest code tarball `--code` downloads (the limit the repack puts on a model
/// tarball, `crate::repack`): a larger one is an error for that job, not memory.
pub const MAX_CODE_TARBALL_BYTES: usize = 1 << 30;

/// What an import run needs besides the job names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The region the jobs are in.
    pub region: String,
    /// Where manifests (and `code/`) are written.
    pub out_dir: PathBuf,
    /// Download and unpack each job's code, and point `source_dir` at it.
    pub code: bool,
    /// Overwrite existing manifests and code folders.
    pub force: bool,
}

/// One imported job.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    /// The manifest written.
    pub manifest: PathBuf,
    /// The code folder, with `code`.
    pub code_dir: Option<PathBuf>,
    /// What the user should know (see [`Imported::notes`]).
    pub notes: Vec<String>,
    /// Error findings `validate` reports for the written manifest (`code: message`).
    pub findings: Vec<String>,
}

/// Why one job was not imported.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Not a training job name (nor a safe file name).
    #[error("not a training job name (letters, digits and hyphens, at most 63)")]
    BadName,
    /// No job has that name.
    #[error("no training job of that name in {0}")]
    NotFound(String),
    /// A file or folder is in the way.
    #[error("{} exists; pass --force to overwrite it", .0.display())]
    Exists(PathBuf),
    /// An AWS call failed.
    #[error(transparent)]
    Aws(#[from] AwsError),
    /// The job cannot be written as a manifest.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Reading the code or writing files failed.
    #[error("{0}")]
    Io(String),
}

/// Imports `names` (each once, in the order given); one outcome per distinct name, in
/// that order.
pub async fn import_jobs<A>(
    api: &Arc<A>,
    names: &[String],
    settings: &Settings,
) -> Vec<(String, Result<Written, Failure>)>
where
    A: SageMakerApi + ObjectStore + 'static,
{
    let mut distinct: Vec<String> = Vec::new();
    for name in names {
        if !distinct.contains(name) {
            distinct.push(name.clone());
        }
    }
    if let Err(error) = fs::create_dir_all(&settings.out_dir) {
        let message = format!("cannot create {}: {error}", settings.out_dir.display());
        return distinct.into_iter().map(|name| (name, Err(Failure::Io(message.clone())))).collect();
    }
    let settings = Arc::new(settings.clone());
    let outcomes = bounded(distinct.clone(), CONCURRENCY, |name| {
        let api = Arc::clone(api);
        let settings = Arc::clone(&settings);
        async move { import_one(api, name, settings).await }
    })
    .await;
    distinct
        .into_iter()
        .zip(outcomes)
        .map(|(name, outcome)| (name, outcome.unwrap_or_else(|| Err(Failure::Io("the import task was lost".into())))))
        .collect()
}

/// Whether `name` can be a training job name (the API's pattern, 1–63 characters), and so
/// a file name with nothing but letters, digits and hyphens.
pub fn is_job_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
}

async fn import_one<A>(api: Arc<A>, name: String, settings: Arc<Settings>) -> Result<Written, Failure>
where
    A: SageMakerApi + ObjectStore + 'static,
{
    if !is_job_name(&name) {
        return Err(Failure::BadName);
    }
    let manifest_path = settings.out_dir.join(format!("{name}.yaml"));
    let code_dir = settings.out_dir.join(CODE_DIR).join(&name);
    if !settings.force {
        for path in [Some(&manifest_path), settings.code.then_some(&code_dir)].into_iter().flatten() {
            if path.exists() {
                return Err(Failure::Exists(path.clone()));
            }
        }
    }
    let input = api
        .describe_training_input(&settings.region, &name)
        .await?
        .ok_or_else(|| Failure::NotFound(settings.region.clone()))?;
    let region = settings.region.clone();
    let imported = blocking(move || {
        let body = capture_body(input, &region).map_err(|error| Failure::Io(error.to_string()))?;
        let request: Json = serde_json::from_slice(&body).map_err(|error| Failure::Io(error.to_string()))?;
        Ok(import(&request, &region)?)
    })
    .await?;
    let Imported { yaml, findings, notes, .. } = imported.clone();
    if !settings.code {
        write_new(&manifest_path, &yaml, settings.force)?;
        return Ok(Written { manifest: manifest_path, code_dir: None, notes, findings });
    }
    let (bucket, key) = crate::job::split_s3_object(&imported.tarball)
        .ok_or_else(|| Failure::Io(format!("the code {} is not an s3://bucket/key URI", imported.tarball)))?;
    let tarball = api.get_object(&settings.region, bucket, key, MAX_CODE_TARBALL_BYTES).await?;
    let out_dir = settings.out_dir.clone();
    let force = settings.force;
    let unpack_to = code_dir.clone();
    let (yaml, findings) = blocking(move || {
        unpack(&tarball, &unpack_to, force)?;
        let source_dir = format!("{CODE_DIR}/{name}");
        Ok(with_local_code(&imported, &source_dir, &out_dir)?)
    })
    .await?;
    write_new(&manifest_path, &yaml, settings.force)?;
    Ok(Written { manifest: manifest_path, code_dir: Some(code_dir), notes, findings })
}

/// Runs `work` off the async workers (it captures request bodies on a runtime of its own,
/// and reads and writes files).
async fn blocking<R: Send + 'static>(work: impl FnOnce() -> Result<R, Failure> + Send + 'static) -> Result<R, Failure> {
    tokio::task::spawn_blocking(work).await.map_err(|error| Failure::Io(format!("the import task failed: {error}")))?
}

/// Writes `text` to `path`: only if no file is there unless `force`.
fn write_new(path: &Path, text: &str, force: bool) -> Result<(), Failure> {
    let io = |error: std::io::Error| match error.kind() {
        std::io::ErrorKind::AlreadyExists => Failure::Exists(path.to_path_buf()),
        _ => Failure::Io(format!("cannot write {}: {error}", path.display())),
    };
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)
}

/// Unpacks a `sourcedir.tar.gz` into `dir`: into a staging folder beside it first, moved
/// into place only when complete. The `tar` crate refuses entries that would land outside
/// the folder (absolute paths, `..`).
fn unpack(tarball: &[u8], dir: &Path, force: bool) -> Result<(), Failure> {
    let io = |what: &str, error: std::io::Error| Failure::Io(format!("{what}: {error}"));
    let parent = dir.parent().ok_or_else(|| Failure::Io(format!("{} has no parent folder", dir.display())))?;
    fs::create_dir_all(parent).map_err(|e| io(&format!("cannot create {}", parent.display()), e))?;
    let file_name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staging = parent.join(format!(".{file_name}.partial"));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| io(&format!("cannot remove {}", staging.display()), e))?;
    }
    fs::create_dir_all(&staging).map_err(|e| io(&format!("cannot create {}", staging.display()), e))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(tarball));
    archive.set_preserve_permissions(false);
    archive.set_overwrite(true);
    if let Err(error) = archive.unpack(&staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(io("cannot unpack sourcedir.tar.gz", error));
    }
    if dir.exists() {
        if !force {
            let _ = fs::remove_dir_all(&staging);
            return Err(Failure::Exists(dir.to_path_buf()));
        }
        fs::remove_dir_all(dir).map_err(|e| io(&format!("cannot remove {}", dir.display()), e))?;
    }
    fs::rename(&staging, dir).map_err(|e| io(&format!("cannot move the code to {}", dir.display()), e))
}

#[cfg(test)]
mod tests;
