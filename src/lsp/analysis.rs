//! Checking an open document: what the CLI's `validate` would report for it (schema, rules,
//! references, its Defaults files and policy), from the editor's unsaved text. Only a YAML
//! or TOML file that declares a `sagespec/` apiVersion is a manifest; any other file is
//! left alone (no diagnostics).
//!
//! A manifest reached by Defaults files is checked merged with them; the merged document
//! holds values written in other files, at their positions there. So an analysis keeps the
//! document as written (every position the editor asks about is in it) and the merged
//! values (what completion's suggestions depend on) apart.

use std::cell::OnceCell;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value as Json;

use super::workspace::is_defaults_file;
use crate::diagnostic::FileReport;
use crate::kinds::Kind;
use crate::ops::validate::validate_text;
use crate::source::document::push_token;
use crate::source::{Document, Format, Node, Value};

/// What checking one text found.
#[derive(Debug)]
pub struct Analysis {
    /// Every finding, with positions and fixes.
    pub report: FileReport,
    /// The manifest's values merged with its Defaults, when the text parses and Defaults
    /// may reach it (else [`Analysis::document`] holds all its values).
    pub merged: Option<Document>,
    /// Its kind, when known.
    pub kind: Option<&'static dyn Kind>,
    /// The findings this check put in Defaults files (about the values they wrote, and
    /// the errors of a Defaults file that could not be used), one report per file, each
    /// named by its absolute path.
    pub in_defaults: Vec<FileReport>,
    /// The document as written, when the text parses: the checked one, or, when that was
    /// merged, parsed from the report's text on first use (diagnostics never need it).
    written: OnceCell<Option<Document>>,
    /// The text's format.
    format: Format,
}

/// Where the cursor is in a parsed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At {
    /// The JSON pointer of the entry.
    pub pointer: String,
    /// Whether the cursor is on its key (else on its scalar value).
    pub on_key: bool,
}

/// The format of the file at `path` when its text is a sagespec manifest.
pub fn manifest_format(path: &Path, text: &str) -> Option<Format> {
    let format = Format::from_path(path)?;
    crate::discover::declares_sagespec(text.as_bytes()).then_some(format)
}

/// Checks `text` as the manifest at `path`; `None` when it is not a sagespec manifest.
pub fn analyze(path: &Path, text: Arc<str>) -> Option<Analysis> {
    let format = manifest_format(path, &text)?;
    let layered = may_be_layered(path);
    let checked = validate_text(path, text, format);
    let (written, merged) =
        if layered { (OnceCell::new(), checked.document) } else { (OnceCell::from(checked.document), None) };
    let in_defaults = checked.related.into_iter().filter(|report| is_defaults_file(Path::new(&report.path))).collect();
    Some(Analysis { report: checked.report, merged, kind: checked.kind, in_defaults, written, format })
}

/// Whether the check of a manifest at `path` may merge it with Defaults: an environment is
/// selected, or Defaults files reach its folder (read once per folder, and read by the
/// check anyway). When not, the checked document is the one written.
fn may_be_layered(path: &Path) -> bool {
    let folder = path.parent().unwrap_or(Path::new(""));
    crate::defaults::environment().is_some() || !crate::defaults::discover::chain(folder).layers.is_empty()
}

impl Analysis {
    /// The document as written, when the text parses: every position the editor asks
    /// about is in it.
    pub fn document(&self) -> Option<&Document> {
        self.written.get_or_init(|| crate::source::parse(&self.report.source, self.format).ok()).as_ref()
    }

    /// The key or scalar value at byte `offset`, if any.
    pub fn at(&self, offset: usize) -> Option<At> {
        let document = self.document()?;
        find(&document.root, "", offset)
    }

    /// The merged values as JSON, when Defaults may reach the manifest.
    pub fn merged_json(&self) -> Option<Json> {
        self.merged.as_ref().map(Document::to_json)
    }
}

fn find(node: &Node, pointer: &str, offset: usize) -> Option<At> {
    let within = |start: usize, len: usize| start <= offset && offset <= start + len;
    match &node.value {
        Value::Map(entries) => entries.iter().find_map(|entry| {
            let here = push_token(pointer, &entry.key);
            if within(entry.key_span.offset, entry.key_span.len) {
                return Some(At { pointer: here, on_key: true });
            }
            find(&entry.value, &here, offset)
        }),
        Value::Seq(items) => {
            items.iter().enumerate().find_map(|(index, item)| find(item, &format!("{pointer}/{index}"), offset))
        }
        _ => within(node.span.offset, node.span.len).then(|| At { pointer: pointer.to_owned(), on_key: false }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yaml_and_toml_that_declare_sagespec_are_manifests() {
        let manifest = "apiVersion: sagespec/v1\nkind: TrainingJob\n";
        assert_eq!(manifest_format(Path::new("/w/a.yaml"), manifest), Some(Format::Yaml));
        assert_eq!(manifest_format(Path::new("/w/a.yaml"), "name: ci\non: push\n"), None);
        assert_eq!(manifest_format(Path::new("/w/a.json"), manifest), None);
        assert!(analyze(Path::new("/w/ci.yaml"), Arc::from("on: push\n")).is_none());
    }

    #[test]
    fn the_cursor_is_found_on_keys_and_values_at_any_depth() {
        let text =
            "apiVersion: sagespec/v1\nkind: TrainingJob\ndistribution:\n  mpi:\n    enabled: true\ntags: [a, b]\n";
        let analysis = analyze(Path::new("/w/a.yaml"), Arc::from(text)).expect("a manifest");
        let on = |needle: &str| analysis.at(text.find(needle).expect("in text") + 1);
        assert_eq!(on("enabled"), Some(At { pointer: "/distribution/mpi/enabled".into(), on_key: true }));
        assert_eq!(on("true"), Some(At { pointer: "/distribution/mpi/enabled".into(), on_key: false }));
        assert_eq!(on("b]"), Some(At { pointer: "/tags/1".into(), on_key: false }));
        assert_eq!(on("TrainingJob"), Some(At { pointer: "/kind".into(), on_key: false }));
    }
}
