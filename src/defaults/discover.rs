//! Finding the Defaults files that reach a folder: `sagespec.defaults.{yaml,yml,toml}` in
//! the folder, then in each parent, up to a file with `root: true` or the repository root
//! (a folder with `.git`), whichever comes first.
//!
//! Each folder's [`Chain`] is built once per run and shared: a folder's chain is its
//! parent's plus its own file, and its settings are merged when it is built, so bulk
//! checks read and merge each Defaults file once, not once per manifest.
//! [`forget`] empties the cache (a new environment; the language server, when a Defaults
//! file changes).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use super::FILE_NAMES;
use super::merge::{self, Settings};
use crate::check::{self, Checked};
use crate::diagnostic::{FileReport, Finding, codes};
use crate::source::{Document, Node, Value};

/// One Defaults file.
#[derive(Debug)]
pub struct Layer {
    /// Its folder, absolute.
    pub folder: PathBuf,
    /// Its file name (one of [`FILE_NAMES`]).
    pub file_name: &'static str,
    /// Its text.
    pub text: Arc<str>,
    /// Its document, when it parsed.
    pub document: Option<Document>,
    /// Its own findings (its schema), its path its file name.
    pub report: FileReport,
    /// Whether it says `root: true`.
    pub root: bool,
    /// Its `policy:`, read and its globs compiled once (none when it has none, or is
    /// broken).
    pub policy: Option<super::policy::Compiled>,
}

impl Layer {
    /// Reads and checks the Defaults file `file_name` in `folder`.
    fn read(folder: &Path, file_name: &'static str) -> Self {
        let path = folder.join(file_name);
        let bytes = check::read_bytes(&path, &crate::source::Limits::default());
        // Named as a Defaults file, it is checked as one, without layers of its own.
        let Checked { mut report, document, kind, .. } = check::check_bytes(check::builtin(), &path, file_name, bytes);
        if document.is_some() && kind.is_none_or(crate::kinds::Kind::declares_resources) {
            let finding = Finding::error(
                codes::SCHEMA_INVALID_VALUE,
                format!("`{file_name}` is the name of a Defaults file, but this is not `kind: Defaults`"),
            )
            .at("/kind")
            .with_label("not a Defaults file")
            .with_help("write `kind: Defaults` here, or rename the file: the name is kept for Defaults files");
            report.add(document.as_ref(), vec![finding]);
        }
        let root = document
            .as_ref()
            .and_then(|document| document.node("/root"))
            .is_some_and(|node| node.value == Value::Bool(true));
        let mut layer = Self {
            folder: folder.to_owned(),
            file_name,
            text: Arc::clone(&report.source),
            document,
            report,
            root,
            policy: None,
        };
        if !layer.is_broken() {
            layer.policy = layer.policy_node().and_then(super::policy::Compiled::new);
        }
        layer
    }

    /// Whether it could not be used: it did not parse, or it has errors. A broken layer
    /// gives no settings and no policy, and every manifest it reaches has an error.
    pub fn is_broken(&self) -> bool {
        self.document.is_none() || self.report.errors() > 0
    }

    /// Its path relative to `folder` (a folder at or below its own, absolute), as a
    /// manifest in `folder` names files it relates to.
    pub fn display_from(&self, folder: &Path) -> String {
        let depth = |path: &Path| path.components().count();
        if !folder.starts_with(&self.folder) {
            return self.folder.join(self.file_name).display().to_string();
        }
        let mut relative = PathBuf::new();
        for _ in depth(&self.folder)..depth(folder) {
            relative.push("..");
        }
        relative.join(self.file_name).display().to_string()
    }

    /// The mapping at `pointer` in its document, if there is one.
    fn mapping(&self, pointer: &str) -> Option<&Node> {
        self.document.as_ref()?.node(pointer).filter(|node| matches!(node.value, Value::Map(_)))
    }

    /// Its settings for `environment`: `defaults`, then `environments.<environment>`
    /// over them.
    pub fn settings(&self, environment: Option<&str>) -> Vec<&Node> {
        let mut settings: Vec<&Node> = self.mapping("/defaults").into_iter().collect();
        if let Some(name) = environment {
            let pointer = crate::source::document::push_token("/environments", name);
            settings.extend(self.mapping(&pointer));
        }
        settings
    }

    /// The names under `environments`.
    pub fn environments(&self) -> Vec<&str> {
        match self.mapping("/environments").map(|node| &node.value) {
            Some(Value::Map(entries)) => entries.iter().map(|entry| entry.key.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// Its `policy:` mapping, when it has one.
    fn policy_node(&self) -> Option<&Node> {
        self.mapping("/policy")
    }
}

/// The Defaults files that reach one folder, outermost first, and their settings merged
/// for the run's environment.
#[derive(Debug, Default)]
pub struct Chain {
    /// The files, outermost first; [`super::Origin::Layer`] indexes them.
    pub layers: Vec<Arc<Layer>>,
    /// Every unbroken layer's settings, merged outermost first.
    pub settings: Settings,
}

impl Chain {
    /// This chain with `layer` as its nearest file.
    fn with(&self, layer: Arc<Layer>, environment: Option<&str>) -> Self {
        let mut layers = self.layers.clone();
        let index = layers.len();
        let settings = if layer.is_broken() {
            self.settings.clone()
        } else {
            merge::settings_over(&self.settings, index, layer.settings(environment))
        };
        layers.push(layer);
        Self { layers, settings }
    }

    /// Whether any layer defines the environment `name`.
    pub fn defines_environment(&self, name: &str) -> bool {
        self.layers.iter().any(|layer| layer.environments().contains(&name))
    }

    /// Every environment the layers define, sorted, once each.
    pub fn environment_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.layers.iter().flat_map(|layer| layer.environments()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The layers that could not be used.
    pub fn broken(&self) -> impl Iterator<Item = &Layer> {
        self.layers.iter().map(AsRef::as_ref).filter(|layer| layer.is_broken())
    }
}

type Cell = Arc<OnceLock<Arc<Chain>>>;

/// The chains built this run, by absolute folder.
static CHAINS: LazyLock<Mutex<HashMap<PathBuf, Cell>>> = LazyLock::new(Mutex::default);

/// The chain of the manifests in `folder`, built once per folder per run.
pub fn chain(folder: &Path) -> Arc<Chain> {
    let folder = absolute(folder);
    let cell = match CHAINS.lock() {
        Ok(mut chains) => Arc::clone(chains.entry(folder.clone()).or_default()),
        // A thread panicked while holding the lock: build without the cache.
        Err(_) => Arc::default(),
    };
    Arc::clone(cell.get_or_init(|| build(&folder)))
}

/// Forgets every chain built so far.
pub fn forget() {
    if let Ok(mut chains) = CHAINS.lock() {
        chains.clear();
    }
}

/// `folder`'s chain: its parent's (unless its own file is a root, or it is the repository
/// root), then its own file.
fn build(folder: &Path) -> Arc<Chain> {
    let own =
        FILE_NAMES.iter().find(|name| folder.join(name).is_file()).map(|name| Arc::new(Layer::read(folder, name)));
    let stops_here = own.as_ref().is_some_and(|layer| layer.root) || folder.join(".git").exists();
    let outer = match folder.parent() {
        Some(parent) if !stops_here => chain(parent),
        _ => Arc::default(),
    };
    match own {
        Some(layer) => Arc::new(outer.with(layer, super::environment().as_deref())),
        None => outer,
    }
}

/// `path` made absolute, with `.` and `..` resolved by its text (no symbolic link is
/// followed, so a folder is named as the user reached it).
pub fn absolute(path: &Path) -> PathBuf {
    // The folder of a bare file name (`a.yaml`) is the empty path: the current folder.
    let path = if path.as_os_str().is_empty() { Path::new(".") } else { path };
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}
