//! The reference graph: manifests that name other manifests by relative path
//! (`training_job: bert.yaml`), resolved once per run.
//!
//! A kind declares which keys are references ([`crate::kinds::ReferenceKey`]); the graph
//! reads them from the document (a key ending in `/*` is a list, whose manifest paths are
//! references each at its own pointer), loads each named file once (checking it with its own
//! kind, cached by canonical path), and reports at the reference:
//!
//! - a file that does not exist (`sagespec::reference::missing-file`);
//! - a file that is not a manifest of a kind the key accepts (`…::wrong-kind`);
//! - a named manifest with errors of its own (`…::invalid-target`);
//! - references that lead back to the manifest (`…::cycle`).
//!
//! Kinds without reference keys cost nothing here.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::check::{self, Checked};
use crate::diagnostic::{FileReport, Finding, codes};
use crate::kinds::{Kind, ReferenceKey, Referenced, Registry, Typed};
use crate::source::Document;
use crate::source::document::Value;

/// One manifest the graph has loaded.
#[derive(Debug)]
struct Node {
    /// Its kind, when it names one the registry knows.
    kind: Option<&'static dyn Kind>,
    /// The canonical paths it references (targets that exist).
    edges: Vec<PathBuf>,
    /// Whether its own check found errors.
    has_errors: bool,
    /// Its typed manifest, when valid.
    manifest: Option<Typed>,
    /// Its report, kept when it has errors, for runs that did not list it themselves.
    report: Option<FileReport>,
}

/// The references of one run.
#[derive(Debug)]
pub struct Graph<'r> {
    registry: &'r Registry,
    nodes: HashMap<PathBuf, Node>,
}

impl<'r> Graph<'r> {
    /// An empty graph over the kinds of `registry`.
    pub fn new(registry: &'r Registry) -> Self {
        Self { registry, nodes: HashMap::new() }
    }

    /// The findings about the references of the manifest at `path`, of `kind`, parsed as
    /// `document`. Loads every manifest it reaches.
    pub fn findings(&mut self, path: &Path, kind: &dyn Kind, document: &Document) -> Vec<Finding> {
        if kind.references().is_empty() {
            return Vec::new();
        }
        let here = canonical(path);
        let mut findings = Vec::new();
        for key in kind.references() {
            for (pointer, target) in entries(key, document) {
                findings.extend(self.finding(path, &here, key, &pointer, &target));
            }
        }
        if let Some(node) = self.nodes.get_mut(&here) {
            // Known already as someone's target: its edges are the ones just resolved.
            node.edges.sort();
        }
        findings
    }

    /// The finding about the reference at `pointer` (of `key`) to `target`, if any.
    fn finding(
        &mut self,
        path: &Path,
        here: &Path,
        key: &ReferenceKey,
        pointer: &str,
        target: &str,
    ) -> Option<Finding> {
        let folder = crate::discover::base_dir(path);
        let target_path = folder.join(target);
        if !target_path.is_file() {
            return Some(
                Finding::error(codes::REFERENCE_MISSING_FILE, format!("`{target}` does not exist"))
                    .at(pointer)
                    .with_label("no such file")
                    .with_help(format!(
                        "the path is relative to this manifest's folder ({}); name a {} manifest",
                        folder.display(),
                        kinds_listed(key.kinds)
                    )),
            );
        }
        let target_canonical = canonical(&target_path);
        self.load(&target_canonical);
        let target_node = self.nodes.get(&target_canonical)?;
        let target_kind = target_node.kind.map(Kind::name);
        if !target_kind.is_some_and(|name| key.kinds.contains(&name)) {
            let is = target_kind.map_or_else(|| "not a sagespec manifest".to_owned(), |name| format!("a {name}"));
            return Some(
                Finding::error(codes::REFERENCE_WRONG_KIND, format!("`{target}` is {is}"))
                    .at(pointer)
                    .with_label(format!("expected a {}", kinds_listed(key.kinds)))
                    .with_help(format!("`{}` names a {} manifest", dotted(key.pointer), kinds_listed(key.kinds))),
            );
        }
        if let Some(trail) = self.path_back(&target_canonical, here) {
            let shown: Vec<String> =
                std::iter::once(target.to_owned()).chain(trail.iter().map(|p| file_name(p))).collect();
            return Some(
                Finding::error(codes::REFERENCE_CYCLE, format!("`{target}` leads back to this manifest"))
                    .at(pointer)
                    .with_label("this reference starts a cycle")
                    .with_help(format!(
                        "{} → {}: manifests cannot depend on themselves; remove one of the references",
                        file_name(here),
                        shown.join(" → ")
                    )),
            );
        }
        let has_errors = self.nodes.get(&target_canonical).is_some_and(|node| node.has_errors);
        has_errors.then(|| {
            Finding::error(codes::REFERENCE_INVALID_TARGET, format!("`{target}` has errors"))
                .at(pointer)
                .with_label("this manifest cannot be used until it validates")
                .with_help(format!("run `sagespec validate {}` and fix what it reports", target_path.display()))
        })
    }

    /// The valid manifests the manifest at `path` (of `kind`, parsed as `document`) names,
    /// by the pointer of each reference (`/training_job`, `/warm_start_config/parents/0`):
    /// what its kind's compile reads ([`crate::kinds::CompileContext::references`]). Call
    /// after [`Graph::findings`], which loads them.
    pub fn references(&self, path: &Path, kind: &dyn Kind, document: &Document) -> Vec<(String, Referenced)> {
        let folder = crate::discover::base_dir(path);
        kind.references()
            .iter()
            .flat_map(|key| entries(key, document).into_iter().map(move |entry| (key, entry)))
            .filter_map(|(key, (pointer, target))| {
                let target = folder.join(target);
                let (kind, manifest) = self.manifest(&target)?;
                key.kinds
                    .contains(&kind.name())
                    .then(|| (pointer, Referenced { kind, manifest: manifest.clone(), path: target.clone() }))
            })
            .collect()
    }

    /// The reports with errors of the manifests the graph loaded whose canonical path is
    /// not in `listed`, in path order: the files a run reached only through references.
    pub fn unlisted_reports(&self, listed: &HashSet<PathBuf>) -> Vec<&FileReport> {
        let mut unlisted: Vec<(&PathBuf, &FileReport)> = self
            .nodes
            .iter()
            .filter(|(path, _)| !listed.contains(*path))
            .filter_map(|(path, node)| node.report.as_ref().map(|report| (path, report)))
            .collect();
        unlisted.sort_by(|a, b| a.0.cmp(b.0));
        unlisted.into_iter().map(|(_, report)| report).collect()
    }

    /// The typed manifest at `path`, when the graph loaded it and it is valid.
    pub fn manifest(&self, path: &Path) -> Option<(&'static dyn Kind, &Typed)> {
        let node = self.nodes.get(&canonical(path))?;
        Some((node.kind?, node.manifest.as_ref()?))
    }

    /// Checks the manifest at the canonical `path` once, and the manifests it names.
    fn load(&mut self, path: &Path) {
        let mut pending = vec![path.to_path_buf()];
        while let Some(path) = pending.pop() {
            if self.nodes.contains_key(&path) {
                continue;
            }
            let display = path.display().to_string();
            let bytes = check::read_bytes(&path, &crate::source::Limits::default());
            let Checked { report, document, kind, manifest, .. } =
                check::check_bytes(self.registry, &path, &display, bytes);
            let edges = match (kind, &document) {
                (Some(kind), Some(document)) => targets(&path, kind, document),
                _ => Vec::new(),
            };
            pending.extend(edges.iter().cloned());
            let has_errors = report.errors() > 0 || manifest.is_none();
            let report = has_errors.then_some(report);
            self.nodes.insert(path, Node { kind, edges, has_errors, manifest, report });
        }
    }

    /// The chain of manifests from `from` back to `to`, if references lead there (`from`
    /// excluded, `to` included).
    fn path_back(&self, from: &Path, to: &Path) -> Option<Vec<PathBuf>> {
        let mut seen = HashSet::new();
        let mut stack: Vec<(PathBuf, Vec<PathBuf>)> = vec![(from.to_path_buf(), Vec::new())];
        while let Some((at, trail)) = stack.pop() {
            if !seen.insert(at.clone()) {
                continue;
            }
            for next in self.nodes.get(&at).map(|n| n.edges.as_slice()).unwrap_or_default() {
                let mut trail = trail.clone();
                trail.push(next.clone());
                if next == to {
                    return Some(trail);
                }
                stack.push((next.clone(), trail));
            }
        }
        None
    }
}

/// The existing files a document of `kind` at `path` references, canonical.
fn targets(path: &Path, kind: &dyn Kind, document: &Document) -> Vec<PathBuf> {
    let folder = crate::discover::base_dir(path);
    kind.references()
        .iter()
        .flat_map(|key| entries(key, document))
        .map(|(_, target)| folder.join(target))
        .filter(|target| target.is_file())
        .map(|target| canonical(&target))
        .collect()
}

/// The references `document` makes at `key`: `(pointer, target)`. A reference that is not
/// a string is the schema's to report. A key ending in `/*` names a list: its string
/// entries that end in a manifest extension ([`is_manifest_path`](crate::discover::is_manifest_path)) are references, each at
/// its own pointer (`/warm_start_config/parents/0`); other entries (a tuning job's name)
/// are not.
pub fn entries(key: &ReferenceKey, document: &Document) -> Vec<(String, String)> {
    if let Some(list) = key.pointer.strip_suffix("/*") {
        let Some(Value::Seq(items)) = document.node(list).map(|node| &node.value) else {
            return Vec::new();
        };
        return items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| match &item.value {
                Value::String(target) if crate::discover::is_manifest_path(target) => {
                    Some((format!("{list}/{index}"), target.clone()))
                }
                _ => None,
            })
            .collect();
    }
    match document.node(key.pointer).map(|node| &node.value) {
        Some(Value::String(target)) => vec![(key.pointer.to_owned(), target.clone())],
        _ => Vec::new(),
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}

fn kinds_listed(kinds: &[&str]) -> String {
    kinds.join(" or ")
}

fn dotted(pointer: &str) -> String {
    pointer.trim_start_matches('/').trim_end_matches("/*").replace('/', ".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::probe::Probe;
    use crate::ops::validate::run;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).expect("write");
    }

    fn probe(after: &str) -> String {
        format!("apiVersion: sagespec/v1\nkind: Probe\nname: p\nafter: {after}\n")
    }

    /// `(file, code, line, column)` of every finding under `dir`.
    fn findings(dir: &Path) -> Vec<(String, String, usize, usize)> {
        let registry = Registry::with(&[&Probe]);
        let mut out = Vec::new();
        run(&registry, &[dir.to_path_buf()], true, |report| {
            let file = report.path.rsplit('/').next().unwrap_or_default().to_owned();
            for f in &report.findings {
                out.push((file.clone(), f.finding.code.to_string(), f.line, f.column));
            }
        })
        .expect("walks");
        out
    }

    #[test]
    fn a_cycle_is_reported_at_each_reference_with_its_position() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a.yaml", &probe("b.yaml"));
        write(dir.path(), "b.yaml", &probe("a.yaml"));
        let found = findings(dir.path());
        assert_eq!(
            found,
            vec![
                ("a.yaml".into(), codes::REFERENCE_CYCLE.into(), 4, 8),
                ("b.yaml".into(), codes::REFERENCE_CYCLE.into(), 4, 8),
            ]
        );
    }

    #[test]
    fn a_missing_file_is_reported_at_the_reference() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a.yaml", &probe("gone.yaml"));
        assert_eq!(findings(dir.path()), vec![("a.yaml".into(), codes::REFERENCE_MISSING_FILE.into(), 4, 8)]);
    }

    #[test]
    fn a_reference_to_another_kind_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a.yaml", &probe("sub/job.yaml"));
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        write(&dir.path().join("sub"), "job.yaml", "apiVersion: sagespec/v1\nkind: TrainingJob\nname: j\n");
        let found = findings(dir.path());
        assert!(found.contains(&("a.yaml".into(), codes::REFERENCE_WRONG_KIND.into(), 4, 8)), "{found:?}");
    }

    #[test]
    fn a_chain_without_cycle_is_clean_and_its_targets_are_loaded_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a.yaml", &probe("b.yaml"));
        write(dir.path(), "b.yaml", &probe("c.yaml"));
        write(dir.path(), "c.yaml", "apiVersion: sagespec/v1\nkind: Probe\nname: end\n");
        assert_eq!(findings(dir.path()), vec![]);

        let registry = Registry::with(&[&Probe]);
        let mut graph = Graph::new(&registry);
        let a = dir.path().join("a.yaml");
        let checked = check::check_file(&a, "a.yaml");
        // The default registry has no Probe kind; check with this one.
        assert!(checked.kind.is_none());
        let text = std::fs::read_to_string(&a).expect("read");
        let checked =
            check::check_text_with(&registry, "a.yaml", text.into(), crate::source::Format::Yaml, Some(dir.path()));
        let document = checked.document.expect("parses");
        assert!(graph.findings(&a, &Probe, &document).is_empty());
        assert_eq!(graph.nodes.len(), 2, "b and c are loaded, each once");
        assert_eq!(graph.manifest(&dir.path().join("c.yaml")).map(|(kind, _)| kind.name()), Some("Probe"));
    }

    #[test]
    fn a_target_with_errors_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a.yaml", &probe("b.yaml"));
        write(dir.path(), "b.yaml", "apiVersion: sagespec/v1\nkind: Probe\nname: 7\n");
        let found = findings(dir.path());
        assert!(found.contains(&("a.yaml".into(), codes::REFERENCE_INVALID_TARGET.into(), 4, 8)), "{found:?}");
    }
}
