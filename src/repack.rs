//! The deterministic, content-addressed repack of a `model.tar.gz` with inference code, as
//! SageMaker Python SDK v2 lays it out, for `kind: Model` (`design/manifest.md` §6).
//!
//! What the SDK does (2.257.7, `utils.repack_model` and `utils._create_or_update_code_dir`;
//! `reference/sdk-tuning-deploy-facts.md`, "Repack"): it extracts the model archive, writes
//! the code into its `code/` folder, and archives the folder again with
//! `tarfile.add(model_dir, arcname="/")`. So the new archive holds:
//!
//! - a root folder entry named `/` (Python's `tarfile` reads it back as `""`);
//! - every member of the original archive, as extracted: `./` prefixes gone, a folder
//!   entry for every folder (also those the original only implied), a later member with
//!   the name of an earlier one replacing it;
//! - `code/`: with a `source_dir`, the original `code/` is removed and the **whole**
//!   `source_dir` takes its place (`shutil.rmtree` + `copytree`); with only an entry
//!   point, that file is copied into `code/` (created when missing), and whatever else
//!   the original `code/` holds stays;
//! - each dependency under `code/lib/`: a folder as `code/lib/<name>/…` (a folder of that
//!   name already there is an error, as `copytree` refuses it), a file as
//!   `code/lib/<name>` (replacing one already there, as `copy2` does).
//!
//! The code is read as [`crate::package`] reads it for the code tarball (the same
//! [`Sources`], exclusions, credential refusal and link checks), so the code the Model
//! kind hashes is the code repacked.
//!
//! What sagespec does differently, on purpose:
//!
//! - **Reproducible bytes**, as [`crate::package`] writes them: entries sorted by path
//!   (the order of the SDK's sorted directory walk), mtimes, uids and gids zero, modes
//!   normalised (`0o755` folders and executables, `0o644` files, `0o777` links), gzip
//!   header without name or time. The same model and code give the same bytes, so the
//!   sha256 can name the upload.
//! - **Bounded and refusing**, where the SDK relies on `tarfile`'s `data` filter: the
//!   archive is read in memory, so it is refused when larger than [`Limits`] (compressed,
//!   unpacked, or in entries); members with absolute paths (but the root folder `/`) or
//!   `..`, links that leave the archive, links through links, devices and FIFOs are
//!   refused with [`RepackError`]; a hard link becomes a copy of the file it names (what
//!   extraction would make of it). Nothing here panics on a corrupt archive.
//!
//! Pure: no AWS. Downloading the artifact and uploading the result belong to `apply`.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use flate2::read::MultiGzDecoder;
use sha2::{Digest, Sha256};

use crate::package::{self, Entry, Kind, Package, PackageError, Root, Sources};

/// The folder of the model archive that holds the inference code (the SDK's `code_dir`).
pub const CODE_FOLDER: &str = "code";
/// The folder under [`CODE_FOLDER`] that holds the dependencies (the SDK's `lib_dir`).
pub const LIB_FOLDER: &str = "lib";

/// How much of a model archive is read before it is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest compressed archive, in bytes.
    pub compressed_bytes: u64,
    /// The largest unpacked archive (the tar stream), in bytes.
    pub unpacked_bytes: u64,
    /// The most members.
    pub entries: usize,
}

impl Limits {
    /// The limits [`repack`] uses: 1 GiB compressed, 2 GiB unpacked, 100 000 members. The
    /// archive and its result are held in memory; larger models should bring their code
    /// inside the artifact.
    pub const DEFAULT: Self = Self { compressed_bytes: 1 << 30, unpacked_bytes: 2 << 30, entries: 100_000 };
}

/// Why a model archive could not be repacked.
#[derive(Debug, thiserror::Error)]
pub enum RepackError {
    /// The archive is larger than [`Limits`] allows.
    #[error("the model archive is too large to repack: {what} over the limit of {limit}")]
    TooLarge {
        /// What is over (`"… bytes compressed"`, `"… bytes unpacked"`, `"more members"`).
        what: String,
        /// The limit.
        limit: u64,
    },
    /// The bytes are not a gzip-compressed tar archive.
    #[error("the model archive is not a readable .tar.gz: {0}")]
    Corrupt(String),
    /// A member would land outside the archive's folder, or is not a file, folder or link.
    #[error("the model archive has an entry that cannot be repacked safely, `{path}`: {reason}")]
    Unsafe {
        /// The member's name, as written in the archive.
        path: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// Two things would take one path (a dependency folder already in `code/lib/`, a file
    /// where a folder must be).
    #[error("the repacked archive would hold two things at `{0}`")]
    Conflict(String),
    /// The code could not be read.
    #[error(transparent)]
    Code(#[from] PackageError),
}

/// Repacks `model` (the bytes of a `model.tar.gz`) with the code `code`, within
/// [`Limits::DEFAULT`].
pub fn repack(model: &[u8], code: &Sources) -> Result<Package, RepackError> {
    repack_with(model, code, &Limits::DEFAULT)
}

/// [`repack`] within `limits`.
pub fn repack_with(model: &[u8], code: &Sources, limits: &Limits) -> Result<Package, RepackError> {
    if model.len() as u64 > limits.compressed_bytes {
        return Err(RepackError::TooLarge {
            what: format!("{} bytes compressed", model.len()),
            limit: limits.compressed_bytes,
        });
    }
    let mut members = read_members(model, limits)?;
    add_code(&mut members, code)?;
    add_folders(&mut members)?;
    let mut entries: Vec<Entry> = members.into_values().collect();
    entries.insert(0, Entry { path: Vec::new(), source: PathBuf::from("/"), kind: Kind::Root });
    let bytes = package::write_archive(&entries)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let paths = entries.iter().skip(1).map(|entry| entry.path.join("/")).collect();
    Ok(Package { bytes, sha256, paths })
}

/// The archive's members by path, as extraction would leave them.
type Members = BTreeMap<Vec<String>, Entry>;

/// A reader that stops with an error, and raises its flag, past `left` bytes.
struct Bounded<R> {
    inner: R,
    left: u64,
    exceeded: Rc<Cell<bool>>,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        let Some(left) = self.left.checked_sub(read as u64) else {
            self.exceeded.set(true);
            return Err(io::Error::other("the unpacked size limit was reached"));
        };
        self.left = left;
        Ok(read)
    }
}

fn read_members(model: &[u8], limits: &Limits) -> Result<Members, RepackError> {
    if !model.starts_with(&[0x1f, 0x8b]) {
        return Err(RepackError::Corrupt("it does not start with the gzip signature".into()));
    }
    let exceeded = Rc::new(Cell::new(false));
    let reader =
        Bounded { inner: MultiGzDecoder::new(model), left: limits.unpacked_bytes, exceeded: Rc::clone(&exceeded) };
    let mut archive = tar::Archive::new(reader);
    let too_large = || RepackError::TooLarge { what: "more bytes unpacked".into(), limit: limits.unpacked_bytes };
    let corrupt = |error: io::Error| if exceeded.get() { too_large() } else { RepackError::Corrupt(error.to_string()) };
    let mut members = Members::new();
    let mut count = 0usize;
    for entry in archive.entries().map_err(corrupt)? {
        let mut entry = entry.map_err(corrupt)?;
        count += 1;
        if count > limits.entries {
            return Err(RepackError::TooLarge { what: "more members".into(), limit: limits.entries as u64 });
        }
        let raw_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let entry_type = entry.header().entry_type();
        let Some(path) = member_path(&raw_name)? else {
            // The root folder (`/`, `./`, `.`): the folder extraction fills.
            if entry_type.is_dir() {
                continue;
            }
            return Err(RepackError::Unsafe { path: raw_name, reason: "a file cannot be the archive's root folder" });
        };
        let source = PathBuf::from(&raw_name);
        let kind = if entry_type.is_dir() {
            Kind::Folder
        } else if entry_type.is_file() || entry_type == tar::EntryType::Continuous {
            let executable = entry.header().mode().is_ok_and(|mode| mode & 0o111 != 0);
            let mut contents = Vec::new();
            entry.read_to_end(&mut contents).map_err(corrupt)?;
            Kind::Bytes { contents, executable }
        } else if entry_type.is_symlink() {
            let target = link_target(&entry, &raw_name)?;
            if !link_stays_inside(&path, &target) {
                return Err(RepackError::Unsafe { path: raw_name, reason: "the link points outside the archive" });
            }
            Kind::Link { target }
        } else if entry_type.is_hard_link() {
            let target = link_target(&entry, &raw_name)?;
            let target_path = target
                .to_str()
                .and_then(|text| member_path(text).ok().flatten())
                .ok_or(RepackError::Unsafe { path: raw_name.clone(), reason: "the hard link names no member" })?;
            match members.get(&target_path).map(|linked| &linked.kind) {
                Some(Kind::Bytes { contents, executable }) => {
                    Kind::Bytes { contents: contents.clone(), executable: *executable }
                }
                _ => {
                    return Err(RepackError::Unsafe {
                        path: raw_name,
                        reason: "the hard link names no earlier file of the archive",
                    });
                }
            }
        } else {
            return Err(RepackError::Unsafe {
                path: raw_name,
                reason: "only files, folders and links can be repacked",
            });
        };
        // A later member replaces an earlier one, as extraction does.
        members.insert(path.clone(), Entry { path, source, kind });
    }
    // Read the stream to its end, so gzip checks its CRC and length (the tar reader stops
    // at the end-of-archive blocks).
    io::copy(&mut archive.into_inner(), &mut io::sink()).map_err(corrupt)?;
    Ok(members)
}

fn link_target<R: Read>(entry: &tar::Entry<'_, R>, raw_name: &str) -> Result<PathBuf, RepackError> {
    match entry.link_name() {
        Ok(Some(target)) => Ok(target.into_owned()),
        _ => Err(RepackError::Unsafe { path: raw_name.to_owned(), reason: "the link has no target" }),
    }
}

/// A member's path components; `None` for the root folder. Absolute paths and `..` are
/// refused.
fn member_path(raw: &str) -> Result<Option<Vec<String>>, RepackError> {
    let unsafe_path = |reason| RepackError::Unsafe { path: raw.to_owned(), reason };
    if raw.trim_end_matches('/').is_empty() && !raw.is_empty() {
        return Ok(None);
    }
    let mut path = Vec::new();
    for component in Path::new(raw).components() {
        match component {
            Component::Normal(part) => {
                path.push(part.to_str().ok_or_else(|| unsafe_path("the name is not UTF-8"))?.to_owned());
            }
            Component::CurDir => {}
            Component::ParentDir => return Err(unsafe_path("the path climbs out with `..`")),
            Component::RootDir | Component::Prefix(_) => return Err(unsafe_path("the path is absolute")),
        }
    }
    Ok((!path.is_empty()).then_some(path))
}

/// Whether a link at `path` to `target` stays inside the archive (read lexically).
fn link_stays_inside(path: &[String], target: &Path) -> bool {
    let mut depth = path.len().saturating_sub(1);
    for component in target.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// Puts the code into `code/` and the dependencies into `code/lib/`, as the SDK does.
fn add_code(members: &mut Members, code: &Sources) -> Result<(), RepackError> {
    let code_path = vec![CODE_FOLDER.to_owned()];
    match &code.root {
        Root::Folder(folder) => {
            members.retain(|path, _| path.first().is_none_or(|first| first != CODE_FOLDER));
            let mut entries = Vec::new();
            package::collect_folder(folder, &code_path, &mut entries)?;
            insert_folder(members, &code_path, folder);
            for entry in entries {
                members.insert(entry.path.clone(), entry);
            }
        }
        Root::File(file) => {
            insert_folder(members, &code_path, file);
            for entry in collected(file, &code_path)? {
                members.insert(entry.path.clone(), entry);
            }
        }
    }
    let lib_path = vec![CODE_FOLDER.to_owned(), LIB_FOLDER.to_owned()];
    for dependency in &code.dependencies {
        let entries = collected(dependency, &lib_path)?;
        if let Some(top) = entries.first().filter(|top| matches!(top.kind, Kind::Folder))
            && members.contains_key(&top.path)
        {
            return Err(RepackError::Conflict(top.path.join("/")));
        }
        for entry in entries {
            members.insert(entry.path.clone(), entry);
        }
    }
    Ok(())
}

/// `path` as a folder, unless it is one already.
fn insert_folder(members: &mut Members, path: &[String], source: &Path) {
    members.entry(path.to_vec()).or_insert_with(|| Entry {
        path: path.to_vec(),
        source: source.to_path_buf(),
        kind: Kind::Folder,
    });
}

/// A file or folder collected under its own name, below `prefix`; the top entry first.
fn collected(path: &Path, prefix: &[String]) -> Result<Vec<Entry>, PackageError> {
    let mut entries = Vec::new();
    package::collect_single(path, &mut entries)?;
    for entry in &mut entries {
        entry.path = prefix.iter().cloned().chain(entry.path.drain(..)).collect();
    }
    Ok(entries)
}

/// Adds a folder entry for every folder a member lies in, and refuses a member whose
/// folder is a file or a link (extraction cannot, or must not, write through it).
fn add_folders(members: &mut Members) -> Result<(), RepackError> {
    let mut missing = Vec::new();
    for path in members.keys() {
        for end in 1..path.len() {
            let folder = &path[..end];
            match members.get(folder).map(|entry| &entry.kind) {
                Some(Kind::Folder) => {}
                Some(_) => return Err(RepackError::Conflict(folder.join("/"))),
                None => missing.push(folder.to_vec()),
            }
        }
    }
    for folder in missing {
        let source = PathBuf::from(folder.join("/"));
        members.entry(folder.clone()).or_insert(Entry { path: folder, source, kind: Kind::Folder });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    /// One member of a hand-made archive.
    enum Member<'a> {
        File(&'a str, &'a [u8]),
        Folder(&'a str),
        Link(&'a str, &'a str),
        HardLink(&'a str, &'a str),
        Fifo(&'a str),
    }

    /// A .tar.gz of `members`, in order, with headers as a user's tar writes them
    /// (names set raw, so hostile names go in unchanged).
    fn archive(members: &[Member<'_>]) -> Vec<u8> {
        let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
        for member in members {
            let mut header = tar::Header::new_gnu();
            header.set_mtime(1_700_000_000);
            header.set_uid(1000);
            header.set_mode(0o640);
            let (name, data): (&str, &[u8]) = match member {
                Member::File(name, data) => {
                    header.set_entry_type(tar::EntryType::Regular);
                    (name, data)
                }
                Member::Folder(name) => {
                    header.set_entry_type(tar::EntryType::Directory);
                    (name, b"")
                }
                Member::Link(name, target) | Member::HardLink(name, target) => {
                    let kind =
                        if matches!(member, Member::Link(..)) { tar::EntryType::Symlink } else { tar::EntryType::Link };
                    header.set_entry_type(kind);
                    header.as_old_mut().linkname[..target.len()].copy_from_slice(target.as_bytes());
                    (name, b"")
                }
                Member::Fifo(name) => {
                    header.set_entry_type(tar::EntryType::Fifo);
                    (name, b"")
                }
            };
            header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
            header.set_size(data.len() as u64);
            header.set_cksum();
            builder.append(&header, data).expect("append");
        }
        builder.into_inner().expect("tar").finish().expect("gzip")
    }

    fn write(root: &Path, relative: &str, contents: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        fs::write(path, contents).expect("write");
    }

    /// Every member of a .tar.gz: raw name, type, mode, mtime, uid and contents.
    fn members(bytes: &[u8]) -> Vec<(String, tar::EntryType, u32, u64, u64, Vec<u8>)> {
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
        archive
            .entries()
            .expect("entries")
            .map(|entry| {
                let mut entry = entry.expect("entry");
                let header = entry.header().clone();
                let mut contents = Vec::new();
                entry.read_to_end(&mut contents).expect("read");
                let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
                let mode = header.mode().expect("mode");
                (name, header.entry_type(), mode, header.mtime().expect("mtime"), header.uid().expect("uid"), contents)
            })
            .collect()
    }

    fn names(bytes: &[u8]) -> Vec<String> {
        members(bytes).into_iter().map(|member| member.0).collect()
    }

    fn contents(bytes: &[u8], name: &str) -> Option<String> {
        members(bytes)
            .into_iter()
            .find(|member| member.0 == name)
            .map(|member| String::from_utf8_lossy(&member.5).into_owned())
    }

    /// A code folder `src/` (inference.py, requirements.txt, util/helpers.py) and a
    /// dependency folder `deps/mylib/`.
    fn code_tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "src/inference.py", "def model_fn(d): pass\n");
        write(dir.path(), "src/requirements.txt", "numpy\n");
        write(dir.path(), "src/util/helpers.py", "X = 1\n");
        write(dir.path(), "deps/mylib/__init__.py", "");
        write(dir.path(), "deps/single.py", "Y = 2\n");
        dir
    }

    fn model_with_old_code() -> Vec<u8> {
        archive(&[
            Member::File("./model.pth", b"weights"),
            Member::Folder("code/"),
            Member::File("code/old_inference.py", b"old"),
            Member::File("code/inference.py", b"old entry point"),
            Member::File("extra/config.json", b"{}"),
        ])
    }

    #[test]
    fn a_source_dir_replaces_code_and_dependencies_go_under_code_lib() {
        let dir = code_tree();
        let sources = Sources {
            root: Root::Folder(dir.path().join("src")),
            dependencies: vec![dir.path().join("deps/mylib"), dir.path().join("deps/single.py")],
        };
        let package = repack(&model_with_old_code(), &sources).expect("repacks");
        assert_eq!(
            names(&package.bytes),
            [
                "/",
                "code",
                "code/inference.py",
                "code/lib",
                "code/lib/mylib",
                "code/lib/mylib/__init__.py",
                "code/lib/single.py",
                "code/requirements.txt",
                "code/util",
                "code/util/helpers.py",
                "extra",
                "extra/config.json",
                "model.pth",
            ]
        );
        assert_eq!(contents(&package.bytes, "code/inference.py").as_deref(), Some("def model_fn(d): pass\n"));
        assert_eq!(contents(&package.bytes, "model.pth").as_deref(), Some("weights"));
        assert_eq!(package.paths.first().map(String::as_str), Some("code"), "the root entry is not a path");
    }

    #[test]
    fn the_dependencies_conformance_case_gets_the_sdks_layout() {
        // deploy/pt_model_dependencies: entry_point inference.py, source_dir src-deploy,
        // dependencies [deps/mylib]; the SDK's repack holds the whole source_dir in code/
        // and the dependency in code/lib/mylib/ (facts, "Repack").
        let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/deploy/pt_model_dependencies");
        let sources =
            Sources { root: Root::Folder(case.join("src-deploy")), dependencies: vec![case.join("deps/mylib")] };
        let model = archive(&[Member::File("model.pth", b"weights")]);
        let package = repack(&model, &sources).expect("repacks");
        assert_eq!(
            package.paths,
            [
                "code",
                "code/helper.py",
                "code/inference.py",
                "code/lib",
                "code/lib/mylib",
                "code/lib/mylib/__init__.py",
                "code/requirements.txt",
                "model.pth",
            ]
        );
        assert_eq!(names(&package.bytes).first().map(String::as_str), Some("/"));
    }

    #[test]
    fn a_lone_entry_point_joins_the_code_already_there() {
        let dir = code_tree();
        let sources = Sources { root: Root::File(dir.path().join("src/inference.py")), dependencies: vec![] };
        let package = repack(&model_with_old_code(), &sources).expect("repacks");
        assert_eq!(
            names(&package.bytes),
            ["/", "code", "code/inference.py", "code/old_inference.py", "extra", "extra/config.json", "model.pth"]
        );
        assert_eq!(contents(&package.bytes, "code/inference.py").as_deref(), Some("def model_fn(d): pass\n"));

        let bare = archive(&[Member::File("model.pth", b"weights")]);
        let package = repack(&bare, &sources).expect("repacks");
        assert_eq!(names(&package.bytes), ["/", "code", "code/inference.py", "model.pth"]);
    }

    #[test]
    fn headers_are_normalised_and_the_same_inputs_give_the_same_bytes() {
        let dir = code_tree();
        let sources = Sources { root: Root::Folder(dir.path().join("src")), dependencies: vec![] };
        let first = repack(&model_with_old_code(), &sources).expect("repacks");
        let second = repack(&model_with_old_code(), &sources).expect("repacks");
        assert_eq!(first.bytes, second.bytes);
        assert_eq!(first.sha256, second.sha256);
        assert_eq!(first.sha256, hex::encode(Sha256::digest(&first.bytes)));
        assert_eq!(&first.bytes[4..10], &[0, 0, 0, 0, 0, 255], "gzip mtime 0, OS unknown");
        for (name, kind, mode, mtime, uid, _) in members(&first.bytes) {
            assert_eq!((mtime, uid), (0, 0), "{name}");
            let expected = if kind.is_dir() { 0o755 } else { 0o644 };
            assert_eq!(mode, expected, "{name}");
        }

        // Other code, or another model: other bytes.
        write(dir.path(), "src/inference.py", "def model_fn(d): return 1\n");
        let changed = repack(&model_with_old_code(), &sources).expect("repacks");
        assert_ne!(changed.sha256, first.sha256);
        let other_model = archive(&[Member::File("model.pth", b"other weights")]);
        assert_ne!(repack(&other_model, &sources).expect("repacks").sha256, changed.sha256);
    }

    #[test]
    fn a_repacked_archive_repacks_to_itself() {
        let dir = code_tree();
        let sources = Sources { root: Root::Folder(dir.path().join("src")), dependencies: vec![] };
        let once = repack(&model_with_old_code(), &sources).expect("repacks");
        let twice = repack(&once.bytes, &sources).expect("repacks its own output, root entry included");
        assert_eq!(once.bytes, twice.bytes);
    }

    #[test]
    fn implied_folders_links_and_hard_links_come_out_as_extraction_leaves_them() {
        let dir = code_tree();
        let sources = Sources { root: Root::File(dir.path().join("src/inference.py")), dependencies: vec![] };
        let model = archive(&[
            Member::File("a/b/weights.bin", b"w"),
            Member::Link("a/latest", "b/weights.bin"),
            Member::HardLink("a/copy.bin", "a/b/weights.bin"),
            Member::File("a/b/weights.bin", b"w2"),
        ]);
        let package = repack(&model, &sources).expect("repacks");
        let members = members(&package.bytes);
        let find = |name: &str| members.iter().find(|m| m.0 == name).map(|m| (m.1, m.5.clone()));
        assert_eq!(find("a").map(|m| m.0), Some(tar::EntryType::Directory));
        assert_eq!(find("a/b").map(|m| m.0), Some(tar::EntryType::Directory));
        assert_eq!(find("a/latest").map(|m| m.0), Some(tar::EntryType::Symlink));
        assert_eq!(find("a/copy.bin"), Some((tar::EntryType::Regular, b"w".to_vec())), "copied when linked");
        assert_eq!(find("a/b/weights.bin"), Some((tar::EntryType::Regular, b"w2".to_vec())), "the later one wins");
    }

    #[test]
    fn hostile_or_corrupt_archives_are_refused_with_a_clear_error() {
        let dir = code_tree();
        let sources = Sources { root: Root::File(dir.path().join("src/inference.py")), dependencies: vec![] };
        let refused = |model: &[u8]| repack(model, &sources).expect_err("refused");

        let error = refused(&archive(&[Member::File("/etc/passwd", b"x")]));
        assert!(matches!(&error, RepackError::Unsafe { path, .. } if path == "/etc/passwd"), "{error}");
        assert!(error.to_string().contains("absolute"), "{error}");
        let error = refused(&archive(&[Member::File("../outside.txt", b"x")]));
        assert!(error.to_string().contains(".."), "{error}");
        let error = refused(&archive(&[Member::File("a/../../x", b"x")]));
        assert!(matches!(error, RepackError::Unsafe { .. }), "{error}");
        let error = refused(&archive(&[Member::Link("evil", "/etc/shadow")]));
        assert!(error.to_string().contains("outside"), "{error}");
        let error = refused(&archive(&[Member::Link("a/evil", "../../x")]));
        assert!(error.to_string().contains("outside"), "{error}");
        let error = refused(&archive(&[Member::Link("dir", "."), Member::File("dir/x", b"through the link")]));
        assert!(matches!(&error, RepackError::Conflict(path) if path == "dir"), "{error}");
        let error = refused(&archive(&[Member::File("code", b"a file"), Member::File("model.pth", b"w")]));
        assert!(matches!(&error, RepackError::Conflict(path) if path == "code"), "{error}");
        let error = refused(&archive(&[Member::Fifo("pipe")]));
        assert!(error.to_string().contains("only files, folders and links"), "{error}");
        let error = refused(&archive(&[Member::HardLink("copy", "missing")]));
        assert!(matches!(error, RepackError::Unsafe { .. }), "{error}");

        let error = refused(b"not a gzip stream");
        assert!(matches!(error, RepackError::Corrupt(_)), "{error}");
        let good = archive(&[Member::File("model.pth", &[7u8; 4096])]);
        let error = refused(&good[..good.len() / 2]);
        assert!(matches!(error, RepackError::Corrupt(_)), "truncated: {error}");
        let mut flipped = good.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0xff;
        assert!(repack(&flipped, &sources).is_err(), "a flipped byte fails the gzip check");
        // Arbitrary bytes after a gzip signature never panic.
        for seed in 0u8..64 {
            let mut junk = vec![0x1f, 0x8b, 8, 0];
            junk.extend((0..512u32).map(|i| (i as u8).wrapping_mul(seed).wrapping_add(seed)));
            assert!(repack(&junk, &sources).is_err());
        }
    }

    #[test]
    fn archives_over_the_limits_are_refused() {
        let dir = code_tree();
        let sources = Sources { root: Root::File(dir.path().join("src/inference.py")), dependencies: vec![] };
        // A gzip bomb in small: 1 MiB of zeros compresses to about 1 KiB.
        let bomb = archive(&[Member::File("zeros.bin", &vec![0u8; 1 << 20])]);
        let limits = Limits { compressed_bytes: 1 << 20, unpacked_bytes: 64 << 10, entries: 100 };
        let error = repack_with(&bomb, &sources, &limits).expect_err("too large unpacked");
        assert!(matches!(error, RepackError::TooLarge { limit, .. } if limit == 64 << 10), "{error}");
        let limits = Limits { compressed_bytes: 100, ..Limits::DEFAULT };
        assert!(matches!(repack_with(&bomb, &sources, &limits), Err(RepackError::TooLarge { .. })));
        let many: Vec<String> = (0..20).map(|i| format!("f{i}")).collect();
        let many = archive(&many.iter().map(|name| Member::File(name, b"x")).collect::<Vec<_>>());
        let limits = Limits { entries: 10, ..Limits::DEFAULT };
        assert!(matches!(repack_with(&many, &sources, &limits), Err(RepackError::TooLarge { .. })));
        assert!(repack_with(&bomb, &sources, &Limits::DEFAULT).is_ok(), "within the default limits");
    }

    #[test]
    fn a_dependency_folder_already_in_code_lib_is_refused_and_credentials_too() {
        let dir = code_tree();
        write(dir.path(), "src/lib/mylib/other.py", "");
        let sources =
            Sources { root: Root::Folder(dir.path().join("src")), dependencies: vec![dir.path().join("deps/mylib")] };
        let error = repack(&model_with_old_code(), &sources).expect_err("conflict");
        assert!(matches!(&error, RepackError::Conflict(path) if path == "code/lib/mylib"), "{error}");

        write(dir.path(), "src/.env", "SECRET=1");
        let sources = Sources { root: Root::Folder(dir.path().join("src")), dependencies: vec![] };
        let error = repack(&model_with_old_code(), &sources).expect_err("credential");
        assert!(matches!(error, RepackError::Code(PackageError::Credential { .. })), "{error}");
    }
}
