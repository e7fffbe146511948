//! Deterministic code packaging: `sourcedir.tar.gz` from `source_dir` (or the lone entry
//! point) plus `dependencies`, its sha256, and the content-addressed S3 key it lives at.
//!
//! What goes in, as the SageMaker Python SDK does it (`fw_utils.tar_and_upload_dir`,
//! `utils.create_tar_file`, facts §3.3):
//!
//! - with a local `source_dir`, the folder's *contents* at the archive root;
//! - without one, only the entry point file, under its file name;
//! - each dependency under its own name (`deps/mylib` → `mylib/…`) at the root.
//!
//! What sagespec does differently, on purpose:
//!
//! - **Reproducible bytes.** Entries are sorted by path, mtimes, uids and gids are zero,
//!   owner names empty, modes normalised (`0o755` for folders and executables, `0o644`
//!   for other files, `0o777` for links), and the gzip header carries no name and no
//!   time. The same tree gives the same bytes on any machine, so the tarball's sha256 can
//!   name it. (The SDK's tarball changes with every checkout.)
//! - **Exclusions.** [`DEFAULT_EXCLUDES`] (`.git/`, `__pycache__/`) are never packed, and
//!   a [`IGNORE_FILE`] in any packed folder adds gitignore-syntax patterns for that folder
//!   (read by the `ignore` crate; the file itself is not packed). No other ignore file
//!   (`.gitignore`, global excludes, parent folders) is read, so the result never depends
//!   on where the checkout lives.
//! - **Credentials are refused, not skipped.** A file that matches [`CREDENTIAL_PATTERNS`]
//!   (`.env`, `*.pem`, `*.key`, `*.p12`, `*.pfx`, `id_rsa*` and the other SSH key names,
//!   anything under `.aws/` or `.ssh/`, `.netrc`, `.pgpass`) fails packing with
//!   [`PackageError::Credential`], which names the file. Silently leaving it out would
//!   hide a mistake; packing it would ship a secret. The way out is explicit, in the
//!   [`IGNORE_FILE`] of the folder that holds it (or of any folder above it, up to the
//!   packed root): a plain line (`secrets/dev.pem`) leaves the file out, a negated line
//!   (`!secrets/dev.pem`) packs it on purpose. Only a negation that matches the file
//!   counts as that purpose; the nearest [`IGNORE_FILE`] with a matching line decides.
//! - **Safety.** A symbolic link that points outside its packed folder (absolutely, or
//!   through `..`, or by resolving there) is refused, as are two entries with one path.
//!   Links inside the folder are kept as links, as Python's `tarfile` does.
//! - **Content-addressed key.** The tarball is stored at
//!   `s3://<bucket>/<prefix>/sagespec/code/<sha256>/sourcedir.tar.gz` ([`code_s3_uri`])
//!   instead of the SDK's `<prefix>/<job name>/source/sourcedir.tar.gz`, so the key does
//!   not depend on the job name (which is itself derived from the code's hash).
//!
//! To change what is excluded by default, edit [`DEFAULT_EXCLUDES`]; the layout of the key
//! lives in [`code_s3_uri`] alone.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use flate2::{Compression, GzBuilder};
use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use sha2::{Digest, Sha256};

use crate::spec::Manifest;

/// File name of the code tarball, as the SDK names it.
pub const TARBALL_NAME: &str = "sourcedir.tar.gz";

/// Per-folder ignore file, in gitignore syntax.
pub const IGNORE_FILE: &str = ".sagespecignore";

/// Patterns (gitignore syntax) that are never packed, silently: VCS data and bytecode caches.
pub const DEFAULT_EXCLUDES: &[&str] = &[".git/", "__pycache__/"];

/// Patterns (gitignore syntax) of files that commonly hold credentials. Packing refuses a
/// file that matches one unless an [`IGNORE_FILE`] negation (`!path`) allows it on purpose.
pub const CREDENTIAL_PATTERNS: &[&str] = &[
    ".env",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "id_rsa*",
    "id_dsa*",
    "id_ecdsa*",
    "id_ed25519*",
    ".aws/",
    ".ssh/",
    ".netrc",
    ".pgpass",
];

/// The folder under the code prefix that holds sagespec's content-addressed tarballs.
pub const CODE_KEY_FOLDER: &str = "sagespec/code";

/// Gzip compression level. Part of the tarball's identity: changing it changes every hash.
const GZIP_LEVEL: u32 = 6;
/// Gzip header OS byte: "unknown", so the host OS does not leak into the bytes.
const GZIP_OS_UNKNOWN: u8 = 255;

/// What to pack.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sources {
    /// The folder whose contents go to the archive root, or the single file that does.
    pub root: Root,
    /// Folders (or files) packed under their own names at the archive root.
    pub dependencies: Vec<PathBuf>,
}

/// The main part of the archive.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Root {
    /// A local `source_dir`: its contents are packed.
    Folder(PathBuf),
    /// No `source_dir`: only the entry point file is packed, under its file name.
    File(PathBuf),
}

impl Sources {
    /// What a manifest packs, with local paths resolved against `base_dir`; `None` when
    /// the code is an `s3://` tarball (used as given) or there is no entry point.
    pub fn from_manifest(manifest: &Manifest, base_dir: &Path) -> Option<Self> {
        let root = match (&manifest.source_dir, &manifest.entry_point) {
            (Some(dir), _) if is_s3(dir) => return None,
            (Some(dir), _) => Root::Folder(base_dir.join(dir)),
            (None, Some(entry_point)) => Root::File(base_dir.join(entry_point)),
            (None, None) => return None,
        };
        let dependencies = manifest.dependencies.iter().flatten().map(|dependency| base_dir.join(dependency)).collect();
        Some(Self { root, dependencies })
    }
}

/// Whether a `source_dir` names an S3 tarball rather than a local folder.
pub fn is_s3(source_dir: &str) -> bool {
    source_dir.to_ascii_lowercase().starts_with("s3://")
}

/// A packed tarball.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    /// The `sourcedir.tar.gz` bytes.
    pub bytes: Vec<u8>,
    /// Lowercase hex sha256 of [`Package::bytes`].
    pub sha256: String,
    /// Archive paths, in archive order (folders without a trailing slash).
    pub paths: Vec<String>,
}

/// Why code could not be packed.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {source}", path = .path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Walking a folder failed (unreadable entry, bad `.sagespecignore`).
    #[error("cannot pack {path}: {message}", path = .path.display())]
    Walk {
        /// The folder being walked.
        path: PathBuf,
        /// What the walker reported.
        message: String,
    },
    /// A symbolic link points outside the folder it is packed from.
    #[error("refusing to pack {link}: the symbolic link points outside {root} (to {target})", link = .link.display(), root = .root.display(), target = .target.display())]
    LinkOutside {
        /// The link.
        link: PathBuf,
        /// Where it points, as written.
        target: PathBuf,
        /// The folder it must stay inside.
        root: PathBuf,
    },
    /// Two packed files or folders would have the same path in the archive.
    #[error("two entries would be packed as `{0}` (a dependency named like a file of source_dir?)")]
    Duplicate(String),
    /// A file looks like a credential ([`CREDENTIAL_PATTERNS`]) and no [`IGNORE_FILE`]
    /// negation allows it.
    #[error(
        "refusing to pack {path}: it looks like a credential file (matches `{pattern}`); to leave it out, add the line \
         `{relative}` to {ignore}; to pack it on purpose, add the line `!{relative}` there",
        path = .path.display(),
        ignore = .ignore_file.display()
    )]
    Credential {
        /// The file.
        path: PathBuf,
        /// The credential pattern it matches.
        pattern: String,
        /// Its path relative to the packed folder, as a `.sagespecignore` line names it.
        relative: String,
        /// The `.sagespecignore` of the packed folder.
        ignore_file: PathBuf,
    },
    /// A path has no usable name (e.g. `..` as a dependency) or is not UTF-8.
    #[error("cannot pack {path}: the path has no UTF-8 file name", path = .0.display())]
    BadName(PathBuf),
}

impl PackageError {
    /// Whether the failure is the file system's (exit status 2) rather than the code's.
    pub fn is_io(&self) -> bool {
        matches!(self, Self::Io { .. } | Self::Walk { .. })
    }
}

/// Packs `sources` into a reproducible `sourcedir.tar.gz`.
pub fn pack(sources: &Sources) -> Result<Package, PackageError> {
    let mut entries = Vec::new();
    match &sources.root {
        Root::Folder(folder) => collect_folder(folder, &[], &mut entries)?,
        Root::File(file) => collect_single(file, &mut entries)?,
    }
    for dependency in &sources.dependencies {
        collect_single(dependency, &mut entries)?;
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(pair) = entries.windows(2).find(|pair| pair[0].path == pair[1].path) {
        return Err(PackageError::Duplicate(pair[0].path.join("/")));
    }
    let bytes = write_archive(&entries)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let paths = entries.iter().map(|e| e.path.join("/")).collect();
    Ok(Package { bytes, sha256, paths })
}

/// Packs made during one run, by [`Sources`]: manifests that share code (a monorepo's jobs
/// often share one `source_dir`) pack it once. Safe to share between threads; two threads
/// asking for the same sources wait for one pack. Failures are not kept, so each manifest
/// reports its own. The files are read once per run: a change to them during the run is
/// not seen, as with any build that reads its inputs once.
#[derive(Debug, Default)]
pub struct PackCache {
    packs: Mutex<HashMap<Sources, Arc<PackSlot>>>,
}

/// One entry of a [`PackCache`]: empty until packed; its lock is held while packing.
type PackSlot = Mutex<Option<Arc<Package>>>;

impl PackCache {
    /// The package of `sources`, packed on first use.
    pub fn pack(&self, sources: &Sources) -> Result<Arc<Package>, PackageError> {
        let slot = {
            let mut packs = self.packs.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(packs.entry(sources.clone()).or_default())
        };
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(package) = slot.as_ref() {
            return Ok(Arc::clone(package));
        }
        let package = Arc::new(pack(sources)?);
        *slot = Some(Arc::clone(&package));
        Ok(package)
    }
}

/// The content-addressed S3 URI of a tarball with hash `sha256` under `s3://bucket/prefix`:
/// `s3://<bucket>/<prefix>/sagespec/code/<sha256>/sourcedir.tar.gz` (no prefix → none).
pub fn code_s3_uri(bucket: &str, key_prefix: &str, sha256: &str) -> String {
    let prefix = key_prefix.trim_matches('/');
    if prefix.is_empty() {
        format!("s3://{bucket}/{CODE_KEY_FOLDER}/{sha256}/{TARBALL_NAME}")
    } else {
        format!("s3://{bucket}/{prefix}/{CODE_KEY_FOLDER}/{sha256}/{TARBALL_NAME}")
    }
}

/// One archive member (also built by [`crate::repack`]).
#[derive(Debug)]
pub(crate) struct Entry {
    /// Path components inside the archive.
    pub(crate) path: Vec<String>,
    /// Where it is read from (for messages when it is not a file).
    pub(crate) source: PathBuf,
    pub(crate) kind: Kind,
}

#[derive(Debug)]
pub(crate) enum Kind {
    Folder,
    File {
        executable: bool,
    },
    Link {
        target: PathBuf,
    },
    /// A file whose contents are already in memory (a member of another archive).
    Bytes {
        contents: Vec<u8>,
        executable: bool,
    },
    /// The archive's root folder, written as the SageMaker Python SDK's repack writes it
    /// (`tarfile.add(dir, arcname="/")`): a folder entry named `/`. Only [`crate::repack`]
    /// writes it.
    Root,
}

/// Mode bits written for each kind of entry.
const FOLDER_MODE: u32 = 0o755;
const EXECUTABLE_MODE: u32 = 0o755;
const FILE_MODE: u32 = 0o644;
const LINK_MODE: u32 = 0o777;

/// A dependency, or the lone entry point: packed under its own name.
pub(crate) fn collect_single(path: &Path, entries: &mut Vec<Entry>) -> Result<(), PackageError> {
    let name = file_name(path)?;
    let metadata = fs::metadata(path).map_err(|source| io_error(path, source))?;
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        let credentials = credential_matcher(parent)?;
        check_credential(&credentials, parent, path, metadata.is_dir())?;
    }
    if metadata.is_dir() {
        entries.push(Entry { path: vec![name.clone()], source: path.to_path_buf(), kind: Kind::Folder });
        collect_folder(path, &[name], entries)
    } else {
        let executable = is_executable(&metadata);
        entries.push(Entry { path: vec![name], source: path.to_path_buf(), kind: Kind::File { executable } });
        Ok(())
    }
}

/// The contents of `folder`, under `prefix` in the archive, minus excluded paths.
pub(crate) fn collect_folder(folder: &Path, prefix: &[String], entries: &mut Vec<Entry>) -> Result<(), PackageError> {
    if !fs::metadata(folder).map_err(|source| io_error(folder, source))?.is_dir() {
        return Err(io_error(folder, io::Error::new(io::ErrorKind::NotADirectory, "not a folder")));
    }
    let excludes = matcher(folder, DEFAULT_EXCLUDES)?;
    let credentials = credential_matcher(folder)?;
    let mut walker = WalkBuilder::new(folder);
    walker.standard_filters(false).follow_links(false).add_custom_ignore_filename(IGNORE_FILE).filter_entry(
        move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            entry.depth() == 0 || !excludes.matched(entry.path(), is_dir).is_ignore()
        },
    );
    for item in walker.build() {
        let entry =
            item.map_err(|error| PackageError::Walk { path: folder.to_path_buf(), message: error.to_string() })?;
        if entry.depth() == 0 || entry.file_name() == IGNORE_FILE {
            continue;
        }
        let relative =
            entry.path().strip_prefix(folder).map_err(|_| PackageError::BadName(entry.path().to_path_buf()))?;
        let mut path = prefix.to_vec();
        for component in relative.components() {
            let text =
                component.as_os_str().to_str().ok_or_else(|| PackageError::BadName(entry.path().to_path_buf()))?;
            path.push(text.to_owned());
        }
        let metadata = fs::symlink_metadata(entry.path()).map_err(|source| io_error(entry.path(), source))?;
        let kind = if metadata.file_type().is_symlink() {
            let target = fs::read_link(entry.path()).map_err(|source| io_error(entry.path(), source))?;
            check_link_inside(folder, entry.path(), &target)?;
            Kind::Link { target }
        } else if metadata.is_dir() {
            Kind::Folder
        } else {
            Kind::File { executable: is_executable(&metadata) }
        };
        if !metadata.is_dir() {
            check_credential(&credentials, folder, entry.path(), false)?;
        }
        entries.push(Entry { path, source: entry.path().to_path_buf(), kind });
    }
    Ok(())
}

/// A matcher of gitignore `patterns` rooted at `folder`.
fn matcher(folder: &Path, patterns: &[&str]) -> Result<Gitignore, PackageError> {
    let mut builder = GitignoreBuilder::new(folder);
    for pattern in patterns {
        builder
            .add_line(None, pattern)
            .map_err(|error| PackageError::Walk { path: folder.to_path_buf(), message: error.to_string() })?;
    }
    builder.build().map_err(|error| PackageError::Walk { path: folder.to_path_buf(), message: error.to_string() })
}

/// The [`CREDENTIAL_PATTERNS`] matcher for a folder.
fn credential_matcher(folder: &Path) -> Result<Gitignore, PackageError> {
    matcher(folder, CREDENTIAL_PATTERNS)
}

/// Refuses `path` (inside `root`) when it matches [`CREDENTIAL_PATTERNS`], unless an
/// [`IGNORE_FILE`] between its folder and `root` negates it. The nearest ignore file with
/// a line that matches decides; only a negation (`!…`) lets the file through.
fn check_credential(credentials: &Gitignore, root: &Path, path: &Path, is_dir: bool) -> Result<(), PackageError> {
    let ignore::Match::Ignore(glob) = credentials.matched_path_or_any_parents(path, is_dir) else {
        return Ok(());
    };
    let mut folder = path.parent();
    while let Some(dir) = folder.filter(|dir| dir.starts_with(root)) {
        let ignore_file = dir.join(IGNORE_FILE);
        if ignore_file.is_file() {
            let mut builder = GitignoreBuilder::new(dir);
            if let Some(error) = builder.add(&ignore_file) {
                return Err(PackageError::Walk { path: ignore_file, message: error.to_string() });
            }
            let rules = builder
                .build()
                .map_err(|error| PackageError::Walk { path: ignore_file.clone(), message: error.to_string() })?;
            match rules.matched_path_or_any_parents(path, is_dir) {
                ignore::Match::Whitelist(_) => return Ok(()),
                ignore::Match::Ignore(_) => break,
                ignore::Match::None => {}
            }
        }
        if dir == root {
            break;
        }
        folder = dir.parent();
    }
    let relative = path.strip_prefix(root).unwrap_or(path);
    let relative = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    Err(PackageError::Credential {
        path: path.to_path_buf(),
        pattern: glob.original().to_owned(),
        relative,
        ignore_file: root.join(IGNORE_FILE),
    })
}

/// Refuses a link whose target leaves `root`: absolute targets, targets that climb out
/// through `..` (read lexically from the link's folder), and targets that resolve outside.
fn check_link_inside(root: &Path, link: &Path, target: &Path) -> Result<(), PackageError> {
    let outside = || PackageError::LinkOutside {
        link: link.to_path_buf(),
        target: target.to_path_buf(),
        root: root.to_path_buf(),
    };
    let parent = link.parent().and_then(|p| p.strip_prefix(root).ok()).ok_or_else(outside)?;
    let mut depth: usize = parent.components().filter(|c| matches!(c, Component::Normal(_))).count();
    for component in target.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => depth = depth.checked_sub(1).ok_or_else(outside)?,
            Component::RootDir | Component::Prefix(_) => return Err(outside()),
        }
    }
    if let (Ok(resolved), Ok(real_root)) = (fs::canonicalize(link), fs::canonicalize(root))
        && !resolved.starts_with(&real_root)
    {
        return Err(outside());
    }
    Ok(())
}

/// Writes the sorted entries as a gzip-compressed tar with normalised headers.
pub(crate) fn write_archive(entries: &[Entry]) -> Result<Vec<u8>, PackageError> {
    let gzip =
        GzBuilder::new().mtime(0).operating_system(GZIP_OS_UNKNOWN).write(Vec::new(), Compression::new(GZIP_LEVEL));
    let mut archive = tar::Builder::new(gzip);
    archive.follow_symlinks(false);
    for entry in entries {
        let path = entry.path.join("/");
        let mut header = tar::Header::new_gnu();
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        let written = match &entry.kind {
            Kind::Folder => {
                header.set_entry_type(tar::EntryType::Directory);
                header.set_mode(FOLDER_MODE);
                header.set_size(0);
                archive.append_data(&mut header, &path, io::empty())
            }
            Kind::File { executable } => {
                let mut contents = Vec::new();
                fs::File::open(&entry.source)
                    .and_then(|mut file| file.read_to_end(&mut contents))
                    .map_err(|source| io_error(&entry.source, source))?;
                header.set_entry_type(tar::EntryType::Regular);
                header.set_mode(if *executable { EXECUTABLE_MODE } else { FILE_MODE });
                header.set_size(contents.len() as u64);
                archive.append_data(&mut header, &path, contents.as_slice())
            }
            Kind::Link { target } => {
                header.set_entry_type(tar::EntryType::Symlink);
                header.set_mode(LINK_MODE);
                header.set_size(0);
                archive.append_link(&mut header, &path, target)
            }
            Kind::Bytes { contents, executable } => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_mode(if *executable { EXECUTABLE_MODE } else { FILE_MODE });
                header.set_size(contents.len() as u64);
                archive.append_data(&mut header, &path, contents.as_slice())
            }
            Kind::Root => {
                // `set_path` refuses `/`, so the name is written into the header itself.
                header.set_entry_type(tar::EntryType::Directory);
                header.set_mode(FOLDER_MODE);
                header.set_size(0);
                header.as_old_mut().name[0] = b'/';
                header.set_cksum();
                archive.append(&header, io::empty())
            }
        };
        written.map_err(|source| io_error(&entry.source, source))?;
    }
    let gzip = archive.into_inner().map_err(|source| io_error(Path::new(TARBALL_NAME), source))?;
    gzip.finish().map_err(|source| io_error(Path::new(TARBALL_NAME), source))
}

fn file_name(path: &Path) -> Result<String, PackageError> {
    path.file_name()
        .and_then(|name| name.to_str())
        .map(str::to_owned)
        .ok_or_else(|| PackageError::BadName(path.to_path_buf()))
}

fn io_error(path: &Path, source: io::Error) -> PackageError {
    PackageError::Io { path: path.to_path_buf(), source }
}

#[cfg(unix)]
fn is_executable(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_: &fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, relative: &str, contents: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        fs::write(path, contents).expect("write");
    }

    fn folder(root: &Path) -> Sources {
        Sources { root: Root::Folder(root.to_path_buf()), dependencies: Vec::new() }
    }

    #[test]
    fn the_cache_packs_each_sources_once_and_keeps_no_failure() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "a/train.py", "print(1)");
        write(root, "b/train.py", "print(2)");
        let cache = PackCache::default();
        let first = cache.pack(&folder(&root.join("a"))).expect("packs");
        // Changed on disk after the first pack: the run keeps the bytes it packed.
        write(root, "a/train.py", "print(3)");
        let again = cache.pack(&folder(&root.join("a"))).expect("packs");
        assert!(Arc::ptr_eq(&first, &again), "the same sources are packed once");
        let other = cache.pack(&folder(&root.join("b"))).expect("packs");
        assert_ne!(first.sha256, other.sha256);

        let missing = folder(&root.join("missing"));
        assert!(cache.pack(&missing).is_err());
        write(root, "missing/train.py", "x");
        assert!(cache.pack(&missing).is_ok(), "a failure is not remembered");
    }

    #[test]
    fn key_is_content_addressed_under_the_code_prefix() {
        assert_eq!(code_s3_uri("b", "", "ab"), "s3://b/sagespec/code/ab/sourcedir.tar.gz");
        assert_eq!(code_s3_uri("b", "/up/loads/", "ab"), "s3://b/up/loads/sagespec/code/ab/sourcedir.tar.gz");
    }

    #[test]
    fn caches_are_left_out_and_sagespecignore_is_honoured() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "train.py", "print(1)");
        write(root, ".git/config", "x");
        write(root, "pkg/__pycache__/a.pyc", "x");
        write(root, "data/big.bin", "x");
        write(root, "pkg/mod.py", "x");
        write(root, ".aws/credentials", "x");
        write(root, IGNORE_FILE, "data/\n.aws/\n");
        let package = pack(&folder(root)).expect("packs");
        assert_eq!(package.paths, vec!["pkg", "pkg/mod.py", "train.py"]);
    }

    #[test]
    fn credential_files_are_refused_by_name() {
        for file in
            [".env", "key.pem", "tls/server.key", "cert.p12", ".ssh/id_rsa", "id_ed25519.pub", ".aws/credentials"]
        {
            let dir = tempfile::tempdir().expect("tempdir");
            write(dir.path(), "train.py", "x");
            write(dir.path(), file, "secret");
            match pack(&folder(dir.path())) {
                Err(PackageError::Credential { relative, .. }) => assert_eq!(relative, file),
                other => panic!("{file}: expected a credential refusal, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_negation_packs_a_credential_on_purpose_and_a_nested_one_counts_too() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "train.py", "x");
        write(root, "secrets/dev.pem", "x");
        write(root, "secrets/prod.pem", "x");
        write(root, IGNORE_FILE, "!secrets/dev.pem\n");
        let refused = pack(&folder(root)).expect_err("prod.pem is not allowed");
        assert!(refused.to_string().contains("secrets/prod.pem"), "{refused}");
        write(root, "secrets/.sagespecignore", "!prod.pem\n");
        let package = pack(&folder(root)).expect("packs");
        assert_eq!(package.paths, vec!["secrets", "secrets/dev.pem", "secrets/prod.pem", "train.py"]);
    }

    #[test]
    fn a_credential_dependency_or_entry_point_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "src/train.py", "x");
        write(dir.path(), "home/.aws/credentials", "x");
        let sources = Sources {
            root: Root::File(dir.path().join("src/train.py")),
            dependencies: vec![dir.path().join("home/.aws")],
        };
        assert!(matches!(pack(&sources), Err(PackageError::Credential { .. })));
        write(dir.path(), "src/deploy.pem", "x");
        let sources = Sources { root: Root::File(dir.path().join("src/deploy.pem")), dependencies: Vec::new() };
        assert!(matches!(pack(&sources), Err(PackageError::Credential { .. })));
    }

    #[test]
    fn dependencies_go_under_their_own_name_and_the_lone_entry_point_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "src/train.py", "x");
        write(root, "src/other.py", "x");
        write(root, "deps/mylib/__init__.py", "x");
        let sources =
            Sources { root: Root::File(root.join("src/train.py")), dependencies: vec![root.join("deps/mylib")] };
        let package = pack(&sources).expect("packs");
        assert_eq!(package.paths, vec!["mylib", "mylib/__init__.py", "train.py"]);
    }

    #[test]
    fn a_dependency_named_like_a_source_file_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "src/mylib/a.py", "x");
        write(root, "deps/mylib/b.py", "x");
        let sources = Sources { root: Root::Folder(root.join("src")), dependencies: vec![root.join("deps/mylib")] };
        assert!(matches!(pack(&sources), Err(PackageError::Duplicate(path)) if path == "mylib"));
    }

    #[cfg(unix)]
    #[test]
    fn links_outside_the_folder_are_refused_and_inside_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("src");
        write(&root, "train.py", "x");
        write(dir.path(), "secret.txt", "x");
        std::os::unix::fs::symlink("train.py", root.join("main.py")).expect("link");
        assert!(pack(&folder(&root)).is_ok());
        std::os::unix::fs::symlink("../secret.txt", root.join("leak.txt")).expect("link");
        assert!(matches!(pack(&folder(&root)), Err(PackageError::LinkOutside { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn absolute_links_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "train.py", "x");
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("h")).expect("link");
        assert!(matches!(pack(&folder(dir.path())), Err(PackageError::LinkOutside { .. })));
    }

    #[test]
    fn headers_are_normalised() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a/train.py", "print(1)");
        let package = pack(&folder(dir.path())).expect("packs");
        assert_eq!(&package.bytes[4..10], &[0, 0, 0, 0, 0, 255], "gzip mtime 0, OS unknown");
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(package.bytes.as_slice()));
        for entry in archive.entries().expect("entries") {
            let header = entry.expect("entry").header().clone();
            assert_eq!(header.mtime().ok(), Some(0));
            assert_eq!(header.uid().ok(), Some(0));
            assert_eq!(header.gid().ok(), Some(0));
            let mode = header.mode().expect("mode");
            assert!(mode == FOLDER_MODE || mode == FILE_MODE, "mode {mode:o}");
        }
        assert_eq!(package.sha256, hex::encode(Sha256::digest(&package.bytes)));
    }
}
