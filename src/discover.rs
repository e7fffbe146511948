//! Turning the paths a user gives into the manifests to check.
//!
//! A file is taken as given. A folder is walked (honouring `.gitignore`, like ripgrep) for
//! `*.yaml`, `*.yml` and `*.toml` files whose `apiVersion` starts with `sagespec/`, so
//! other YAML in a repository (CI configs, Helm charts) is left alone. The walk only
//! lists candidates ([`Manifest::walked`]); whoever reads a candidate asks
//! [`declares_sagespec`] of its bytes, so each file is read once, on the thread that
//! checks it.
//!
//! A folder that holds no manifest is an error ([`DiscoverError::NoManifests`]), so a
//! mistyped folder fails instead of passing with nothing checked. To know, the walk reads
//! the head of its candidates, in order, until one declares `sagespec/`: one extra read per
//! folder when it holds manifests (its first candidate usually is one).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::source::Format;

/// A manifest to check: its path on disk and the path shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Manifest {
    /// Path to read.
    pub path: PathBuf,
    /// Path to show (as the user wrote it, or relative to the folder they gave).
    pub display: String,
    /// Found by walking a folder rather than named: a manifest only if its bytes pass
    /// [`declares_sagespec`] (a named file is always one).
    pub walked: bool,
}

/// A path that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// The path does not exist or cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A file that is not YAML or TOML was named.
    #[error("{0}: not a manifest (expected a .yaml, .yml or .toml file)")]
    NotAManifest(String),
    /// A folder was named that holds no manifest.
    #[error(
        "{0}: no manifests in this folder (none of its .yaml, .yml or .toml files, outside .gitignore, \
         declares `apiVersion: sagespec/…`)"
    )]
    NoManifests(String),
}

/// The manifests named by `paths`, sorted, without duplicates.
pub fn manifests(paths: &[PathBuf]) -> Result<Vec<Manifest>, DiscoverError> {
    let mut found = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|source| DiscoverError::Io { path: shown.clone(), source })?;
        if meta.is_dir() {
            let before = found.len();
            walk(path, &mut found);
            if !found[before..].iter().any(|candidate| head_declares_sagespec(&candidate.path)) {
                return Err(DiscoverError::NoManifests(shown));
            }
        } else if Format::from_path(path).is_some() {
            found.push(Manifest { path: path.clone(), display: shown, walked: false });
        } else {
            return Err(DiscoverError::NotAManifest(shown));
        }
    }
    // Named before walked, so a file both named and found under a folder counts as named.
    found.sort();
    found.dedup_by(|later, earlier| later.path == earlier.path && later.display == earlier.display);
    Ok(found)
}

fn walk(root: &Path, found: &mut Vec<Manifest>) {
    for entry in ignore::WalkBuilder::new(root).build().flatten() {
        let path = entry.path();
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if is_file && Format::from_path(path).is_some() {
            found.push(Manifest { path: path.to_path_buf(), display: path.display().to_string(), walked: true });
        }
    }
}

/// Whether the file at `path` declares a `sagespec/` apiVersion in its first 64 KiB (as
/// [`declares_sagespec`] would say of its whole bytes); `false` when it cannot be read.
fn head_declares_sagespec(path: &Path) -> bool {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    std::fs::File::open(path)
        .and_then(|file| file.take(HEAD_BYTES as u64).read_to_end(&mut head))
        .is_ok_and(|_| declares_sagespec(&head))
}

/// How much of a file is searched for the `apiVersion` line.
const HEAD_BYTES: usize = 64 * 1024;

/// The folder a manifest's relative paths (`source_dir`, `training_job`, …) resolve
/// against: its own folder, `.` for a bare file name.
pub fn base_dir(path: &Path) -> &Path {
    path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Whether a reference written in a manifest (a list entry that may also be a plain name,
/// such as a warm-start parent) names a manifest file: it ends in `.yaml`, `.yml` or
/// `.toml`.
pub fn is_manifest_path(entry: &str) -> bool {
    [".yaml", ".yml", ".toml"].iter().any(|extension| entry.ends_with(extension))
}

/// Whether a file's bytes declare an `apiVersion` that starts with `sagespec/` (looked
/// for in the first 64 KiB, decoded leniently so a bad byte elsewhere does not hide it).
pub fn declares_sagespec(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    String::from_utf8_lossy(head).lines().any(api_version_is_sagespec)
}

/// Whether one line is `apiVersion: sagespec/…` (YAML) or `apiVersion = "sagespec/…"`
/// (TOML), quotes optional.
fn api_version_is_sagespec(line: &str) -> bool {
    let unquote = |s: &str| s.trim().trim_matches(['"', '\'']).to_owned();
    line.split_once([':', '='])
        .is_some_and(|(key, value)| unquote(key) == "apiVersion" && unquote(value).starts_with("sagespec/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_api_version_line_in_both_syntaxes() {
        assert!(api_version_is_sagespec("apiVersion: sagespec/v1"));
        assert!(api_version_is_sagespec("  \"apiVersion\" = \"sagespec/v1\""));
        assert!(api_version_is_sagespec("apiVersion: 'sagespec/v1'"));
        assert!(!api_version_is_sagespec("apiVersion: apps/v1"));
        assert!(!api_version_is_sagespec("kind: sagespec/v1"));
    }

    #[test]
    fn a_folder_without_a_manifest_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let write = |name: &str, text: &str| {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("empty/.keep", "");
        write("other/ci.yaml", "on: push\n");
        write("other/Cargo.toml", "[package]\nname = \"x\"\n");
        write("jobs/a-ci.yaml", "on: push\n");
        write("jobs/z-job.yaml", "apiVersion: sagespec/v1\nkind: TrainingJob\n");
        for folder in ["empty", "other"] {
            let path = root.join(folder);
            match manifests(std::slice::from_ref(&path)) {
                Err(DiscoverError::NoManifests(shown)) => assert_eq!(shown, path.display().to_string()),
                other => panic!("{folder}: expected NoManifests, got {other:?}"),
            }
        }
        // One manifest among other YAML is enough, wherever it sorts.
        let found = manifests(&[root.join("jobs")]).expect("jobs holds a manifest");
        assert_eq!(found.len(), 2, "both candidates are handed on: {found:?}");
        // Each path is judged on its own: a good folder does not excuse an empty one.
        let mixed = manifests(&[root.join("jobs"), root.join("other")]);
        assert!(matches!(mixed, Err(DiscoverError::NoManifests(ref shown)) if shown.ends_with("other")), "{mixed:?}");
        assert!(matches!(manifests(&[root.join("nowhere")]), Err(DiscoverError::Io { .. })));
    }

    #[test]
    fn a_declaration_is_found_in_bytes_that_are_not_all_utf8() {
        assert!(declares_sagespec(b"# \xff\napiVersion: sagespec/v1\nkind: TrainingJob\n"));
        assert!(!declares_sagespec(b"apiVersion: v1\nkind: ConfigMap\n"));
        let mut late = vec![b'#'; 70 * 1024];
        late.extend_from_slice(b"\napiVersion: sagespec/v1\n");
        assert!(!declares_sagespec(&late), "only the first 64 KiB are read");
    }
}
