//! Rules on the training code: `entry_point`, `source_dir` and `dependencies` (facts §3.3).
//!
//! Local paths resolve against the manifest's folder ([`Context::base_dir`]); when the
//! manifest is checked as text only (no folder), the filesystem checks are skipped and
//! only the checks on the written values run. Only `std::fs` is used, following symlinks,
//! and paths may point anywhere (absolute or `../…`): only whether they exist matters.
//!
//! To add a rule: create a file here with a `pub const RULE`, list it in [`RULES`], and add
//! fixtures under `tests/fixtures/rules/code--<name>/` (with the code the fixtures need).
//!
//! [`Context::base_dir`]: super::Context::base_dir

use std::path::{Path, PathBuf};

use super::Rule;

pub mod dependency_not_found;
pub mod entry_point_is_s3_uri;
pub mod entry_point_not_found;
pub mod source_dir_not_found;
pub mod source_dir_not_tarball;

/// The code rules, in the order they run.
pub const RULES: &[Rule] = &[
    entry_point_is_s3_uri::RULE,
    source_dir_not_tarball::RULE,
    source_dir_not_found::RULE,
    entry_point_not_found::RULE,
    dependency_not_found::RULE,
];

/// The URI scheme of code that is already in S3.
const S3_SCHEME: &str = "s3://";

/// Whether a written path is an S3 URI rather than a local path.
fn is_s3_uri(path: &str) -> bool {
    path.starts_with(S3_SCHEME)
}

/// What a local path turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    /// Nothing there (or it cannot be read).
    Nothing,
    /// A regular file (possibly through a symlink).
    File,
    /// A folder (possibly through a symlink).
    Folder,
}

/// What is at `written` (a path relative to the manifest's folder, or absolute).
fn look_up(base_dir: &Path, written: &Path) -> Found {
    let path: PathBuf = base_dir.join(written);
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Found::Folder,
        Ok(_) => Found::File,
        Err(_) => Found::Nothing,
    }
}

/// Test support: check a small manifest in a folder and list what one rule found.
#[cfg(test)]
pub(crate) mod testing {
    use std::fs;
    use std::path::Path;

    use tempfile::TempDir;

    use crate::diagnostic::Finding;

    /// A complete, valid manifest without the code keys; tests append them.
    const BASE: &str = "apiVersion: sagespec/v1
kind: TrainingJob
job_name: code-rule-test
region: us-west-2
framework: pytorch
framework_version: \"2.2.0\"
py_version: py310
role: arn:aws:iam::111122223333:role/SageMakerRole
instance_type: ml.m5.xlarge
instance_count: 1
";

    /// A manifest folder holding `src/train.py`, `deps/mylib/__init__.py` and `notes.txt`.
    pub fn workspace() -> TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
        for (path, text) in [("src/train.py", "print('train')\n"), ("deps/mylib/__init__.py", ""), ("notes.txt", "")] {
            let path = dir.path().join(path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
            }
            fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        }
        dir
    }

    /// The findings with `code` for the base manifest plus `extra` (YAML lines).
    pub fn findings(code: &str, extra: &str, base_dir: Option<&Path>) -> Vec<Finding> {
        crate::rules::testing::findings_with_code(&format!("{BASE}{extra}"), code, base_dir)
    }

    /// The pointers of the findings with `code`, checked in `base_dir`.
    pub fn pointers(code: &str, extra: &str, base_dir: &Path) -> Vec<String> {
        findings(code, extra, Some(base_dir)).into_iter().map(|f| f.pointer).collect()
    }
}
