//! Each Python file is read and parsed once per run: its facts are kept by path, and
//! reused while its size and modification time are unchanged. The cache holds at most
//! [`MAX_CACHED_BYTES`] of text; past that it starts over, so a run over thousands of
//! scripts never holds them all. Each job's analysis is kept too (at most
//! [`MAX_CACHED_ANALYSES`]), reused while every file it read is unchanged.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::SystemTime;

use super::python::{self, ModuleFacts};
use super::{Analysis, Code, MAX_FILE_BYTES};

/// The most text the cache keeps.
const MAX_CACHED_BYTES: usize = 64 << 20;
/// The most job analyses the cache keeps.
const MAX_CACHED_ANALYSES: usize = 1024;

/// One file, read.
#[derive(Clone, Debug)]
pub struct ReadFile {
    /// Its text (empty when it could not be read).
    pub source: Arc<str>,
    /// What it does.
    pub facts: Arc<ModuleFacts>,
    /// Whether the facts are the whole file's: read, UTF-8, within the limit, without a
    /// syntax error or code imported by a name known only at run time.
    pub complete: bool,
}

#[derive(Clone)]
struct Entry {
    len: u64,
    modified: Option<SystemTime>,
    read: ReadFile,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<PathBuf, Entry>,
    bytes: usize,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(Mutex::default);

/// A file's size and modification time, as an analysis read it.
type Stamp = (PathBuf, u64, Option<SystemTime>);

/// A job's analysis, with the stamps of the files it read.
type KeptAnalysis = (Vec<Stamp>, Arc<Analysis>);

/// Job analyses by their code.
static ANALYSES: LazyLock<Mutex<HashMap<Code, KeptAnalysis>>> = LazyLock::new(Mutex::default);

fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((path.to_path_buf(), metadata.len(), metadata.modified().ok()))
}

/// The kept analysis of `code`, when every file it read is unchanged.
pub fn analysis(code: &Code) -> Option<Arc<Analysis>> {
    let (stamps, analysis) = {
        let kept = ANALYSES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (stamps, analysis) = kept.get(code)?;
        (stamps.clone(), Arc::clone(analysis))
    };
    stamps.iter().all(|kept| stamp(&kept.0).as_ref() == Some(kept)).then_some(analysis)
}

/// Keeps the analysis of `code`, which read the files at `paths`.
pub fn keep_analysis(code: &Code, paths: &[PathBuf], analysis: &Arc<Analysis>) {
    let Some(stamps) = paths.iter().map(|p| stamp(p)).collect::<Option<Vec<Stamp>>>() else {
        return;
    };
    let mut kept = ANALYSES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if kept.len() >= MAX_CACHED_ANALYSES {
        kept.clear();
    }
    kept.insert(code.clone(), (stamps, Arc::clone(analysis)));
}

/// The facts of the Python file at `path`; `None` when it is not a regular file. A file
/// too large or not UTF-8 is read as empty and incomplete.
pub fn read(path: &Path) -> Option<ReadFile> {
    let metadata = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file)?;
    let (len, modified) = (metadata.len(), metadata.modified().ok());
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    {
        let cache = CACHE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(entry) = cache.entries.get(&key).filter(|e| e.len == len && e.modified == modified) {
            return Some(entry.read.clone());
        }
    }
    let read = parse_file(path, len);
    let mut cache = CACHE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if cache.bytes + read.source.len() > MAX_CACHED_BYTES {
        *cache = Cache::default();
    }
    cache.bytes += read.source.len();
    cache.entries.insert(key, Entry { len, modified, read: read.clone() });
    Some(read)
}

fn parse_file(path: &Path, len: u64) -> ReadFile {
    let unread = || ReadFile { source: Arc::from(""), facts: Arc::new(ModuleFacts::default()), complete: false };
    if len > MAX_FILE_BYTES {
        return unread();
    }
    let mut bytes = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return unread();
    };
    // Read at most one byte past the limit: the file may have grown since it was measured.
    if file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).is_err() || bytes.len() as u64 > MAX_FILE_BYTES {
        return unread();
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return unread();
    };
    let facts = python::read(&text);
    let complete = !facts.syntax_error && facts.dynamic.is_none();
    ReadFile { source: Arc::from(text), facts: Arc::new(facts), complete }
}
