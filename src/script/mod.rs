//! The training script a job runs, read offline: its entry point and the local modules it
//! imports from `source_dir` and `dependencies`, parsed with tree-sitter's Python grammar
//! ([`python`]), never run. The `sagespec::script::…` rules compare what it found with the
//! manifest.
//!
//! - [`Code::of`] says where a manifest's code is (nothing for `s3://` code or a
//!   non-Python entry point); [`analyse`] reads it: the entry point, then every module it
//!   imports that is found locally, as Python would find it in the job's code folder
//!   (`source_dir`, with each `dependencies` folder at its top). Imports that are not found
//!   locally (`torch`, `argparse`) are installed packages and are not read.
//! - Bounded: at most [`MAX_MODULES`] files of at most [`MAX_FILE_BYTES`] each. A file over
//!   the limit, unreadable, not UTF-8 or with a syntax error, or code imported by a name
//!   known only at run time, makes the analysis incomplete ([`Analysis::complete`]); rules
//!   that claim something is *absent* then say nothing.
//! - Each file is parsed once per run: the module's cache keeps its facts by path, size
//!   and modification time, and each job's code is followed once ([`analyse`] keeps the
//!   analysis while its files are unchanged), so the rules and the manifests sharing a
//!   script share one parse and one walk.

pub mod argparse;
mod cache;
pub mod python;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use python::{ArgParser, Argument, Call, ChannelRead, Import, ModuleFacts, Site};

use crate::source::Span;

/// The most files read for one job (the entry point and its local modules).
pub const MAX_MODULES: usize = 128;
/// The largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// Where a manifest's code is on disk.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Code {
    /// The entry point's path.
    pub entry: PathBuf,
    /// The folder the job runs the entry point in (the code tarball's top).
    pub root: PathBuf,
    /// The `dependencies` folders, each found at the top of the code tarball by its name.
    pub dependencies: Vec<PathBuf>,
    /// The folder paths are shown relative to (the manifest's).
    pub base_dir: PathBuf,
}

impl Code {
    /// The code of a manifest in `base_dir`: `None` when it is in S3, is not Python, or
    /// is not where the manifest says (the `sagespec::code::…` rules report that).
    pub fn of(manifest: &crate::spec::Manifest, base_dir: &Path) -> Option<Self> {
        let entry_point = manifest.entry_point.as_deref()?;
        let is_s3 = |path: &str| path.starts_with("s3://");
        let is_python = Path::new(entry_point).extension().is_some_and(|e| e.eq_ignore_ascii_case("py"));
        if is_s3(entry_point) || !is_python {
            return None;
        }
        let (entry, root) = match manifest.source_dir.as_deref() {
            Some(source_dir) if is_s3(source_dir) => return None,
            Some(source_dir) => {
                let root = base_dir.join(source_dir);
                (root.join(entry_point), root)
            }
            None => {
                let entry = base_dir.join(entry_point);
                let root = entry.parent().map_or_else(|| base_dir.to_path_buf(), Path::to_path_buf);
                (entry, root)
            }
        };
        if !entry.is_file() {
            return None;
        }
        let dependencies = manifest
            .dependencies
            .iter()
            .flatten()
            .filter(|d| !is_s3(d))
            .map(|d| base_dir.join(d))
            .filter(|d| d.is_dir())
            .collect();
        Some(Self { entry, root, dependencies, base_dir: base_dir.to_path_buf() })
    }

    /// `path` as the user reads it: relative to the manifest's folder when inside it.
    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.base_dir).unwrap_or(path).display().to_string()
    }
}

/// One file of the job's code that was read.
#[derive(Clone, Debug)]
pub struct ScriptFile {
    /// Its path relative to the manifest's folder (or absolute, when outside it).
    pub shown: String,
    /// Its text.
    pub source: Arc<str>,
    /// What it does.
    pub facts: Arc<ModuleFacts>,
}

/// A place in one of the job's files.
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    /// The file.
    pub file: &'a ScriptFile,
    /// Where in it.
    pub site: Span,
}

/// What the job's code does: every file read, the entry point first.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The files read, the entry point first, then its imports as found.
    pub files: Vec<ScriptFile>,
    /// Whether every local module was read and nothing is imported or run by a name known
    /// only at run time: only then does "the script never does X" hold.
    pub complete: bool,
}

impl Analysis {
    /// The entry point.
    pub fn entry(&self) -> &ScriptFile {
        &self.files[0]
    }

    /// Every call of interest, with its file.
    pub fn calls(&self) -> impl Iterator<Item = (&ScriptFile, &Call)> {
        self.files.iter().flat_map(|file| file.facts.calls.iter().map(move |call| (file, call)))
    }

    /// Every import, with its file.
    pub fn imports(&self) -> impl Iterator<Item = (&ScriptFile, &Import)> {
        self.files.iter().flat_map(|file| file.facts.imports.iter().map(move |import| (file, import)))
    }

    /// The first import of `module` (absolute, or `from module import …`, or a `from`
    /// import of it out of its package).
    pub fn import_of(&self, module: &str) -> Option<Place<'_>> {
        self.imports()
            .find(|(_, import)| {
                import.level == 0
                    && (import.module == module
                        || import.names.iter().any(|name| format!("{}.{name}", import.module) == module))
            })
            .map(|(file, import)| Place { file, site: import.site })
    }

    /// Every channel read, with its file.
    pub fn channel_reads(&self) -> impl Iterator<Item = (&ScriptFile, &ChannelRead)> {
        self.files.iter().flat_map(|file| file.facts.channels.iter().map(move |read| (file, read)))
    }

    /// Every parser, with its file.
    pub fn parsers(&self) -> impl Iterator<Item = (&ScriptFile, &ArgParser)> {
        self.files.iter().flat_map(|file| file.facts.parsers.iter().map(move |parser| (file, parser)))
    }

    /// Where the code sets up its own rendezvous, if anywhere.
    pub fn own_rendezvous(&self) -> Option<Place<'_>> {
        self.files.iter().find_map(|file| file.facts.own_rendezvous.map(|site| Place { file, site }))
    }
}

/// Reads the job's code: the entry point and the local modules it imports, within the
/// limits. `None` when the entry point itself cannot be read as Python text. An analysis
/// is kept for the run and reused while every file it read is unchanged.
pub fn analyse(code: &Code) -> Option<Arc<Analysis>> {
    if let Some(kept) = cache::analysis(code) {
        return Some(kept);
    }
    let (analysis, paths) = walk(code)?;
    let analysis = Arc::new(analysis);
    cache::keep_analysis(code, &paths, &analysis);
    Some(analysis)
}

/// The analysis of `code` and the paths of the files it read.
fn walk(code: &Code) -> Option<(Analysis, Vec<PathBuf>)> {
    let entry = cache::read(&code.entry)?;
    let mut complete = entry.complete;
    let mut files = vec![ScriptFile { shown: code.shown(&code.entry), source: entry.source, facts: entry.facts }];
    let mut paths = vec![code.entry.clone()];
    let mut seen: HashSet<PathBuf> = paths.iter().map(|p| canonical(p)).collect();
    let mut next = 0;
    while next < files.len() {
        let (from, facts) = (paths[next].clone(), Arc::clone(&files[next].facts));
        next += 1;
        for import in &facts.imports {
            for path in local_modules(code, &from, import) {
                if !seen.insert(canonical(&path)) {
                    continue;
                }
                if files.len() >= MAX_MODULES {
                    complete = false;
                    continue;
                }
                match cache::read(&path) {
                    Some(read) => {
                        complete &= read.complete;
                        files.push(ScriptFile { shown: code.shown(&path), source: read.source, facts: read.facts });
                        paths.push(path);
                    }
                    None => complete = false,
                }
            }
        }
    }
    Some((Analysis { files, complete }, paths))
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The files an import runs that are in the job's code: the module, and the `__init__.py`
/// of each package on the way; for `from m import a`, also `m.a` when it is a module.
fn local_modules(code: &Code, from: &Path, import: &Import) -> Vec<PathBuf> {
    let mut modules: Vec<(PathBuf, Vec<&str>)> = Vec::new();
    let parts: Vec<&str> = import.module.split('.').filter(|p| !p.is_empty()).collect();
    if import.level > 0 {
        let mut package = from.parent().map(Path::to_path_buf).unwrap_or_default();
        for _ in 1..import.level {
            package = package.parent().map(Path::to_path_buf).unwrap_or_default();
        }
        modules.push((package, parts.clone()));
    } else if let Some(first) = parts.first() {
        // A dependency folder is at the top of the code under its own name.
        let dependency = code.dependencies.iter().find(|d| d.file_name().is_some_and(|n| n == *first));
        match dependency {
            Some(folder) => modules.push((folder.parent().map(Path::to_path_buf).unwrap_or_default(), parts.clone())),
            None => modules.push((code.root.clone(), parts.clone())),
        }
    }
    let mut found = Vec::new();
    for (top, parts) in modules {
        let mut folder = top;
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let package = folder.join(part);
            let init = package.join("__init__.py");
            if init.is_file() {
                found.push(init);
            }
            if last {
                let file = folder.join(format!("{part}.py"));
                if file.is_file() {
                    found.push(file);
                }
            }
            folder = package;
        }
        // The package's own `__init__.py` for a relative `from . import x`.
        if parts.is_empty() {
            let init = folder.join("__init__.py");
            if init.is_file() {
                found.push(init);
            }
        }
        for name in import.names.iter().filter(|n| *n != "*") {
            let file = folder.join(format!("{name}.py"));
            let init = folder.join(name).join("__init__.py");
            found.extend([file, init].into_iter().filter(|p| p.is_file()));
        }
    }
    found
}

#[cfg(test)]
mod tests;
