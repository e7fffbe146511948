//! What the server publishes for each file: an open document's own findings, and the
//! findings the checks of open manifests put in it (a Defaults file: a value it wrote that
//! is wrong in a manifest it reaches, or its own errors, which every such manifest
//! repeats). LSP replaces a file's diagnostics with each list, so a file's list is always
//! sent whole, once per diagnostic, and again whenever either part changes (an empty list
//! clears it).
//!
//! A manifest's check reads its Defaults files from disk, so the findings it puts in one
//! are at the positions of its saved text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_types::{Diagnostic, PublishDiagnosticsParams, Uri};

use super::diagnostics::diagnostic;
use super::documents::{Documents, OpenDocument, file_uri};
use super::position::LineIndex;
use crate::diagnostic::FileReport;

/// The diagnostics the open manifests' checks put in other files, by those files' paths.
pub type Foreign = BTreeMap<PathBuf, Vec<Diagnostic>>;

/// Every open manifest's findings in Defaults files, by the Defaults file's path, each once
/// (a broken Defaults file's errors reach every manifest below it).
pub fn foreign(documents: &Documents) -> Foreign {
    // One report per file: a finding several manifests inherit names them all.
    let mut by_path: BTreeMap<PathBuf, FileReport> = BTreeMap::new();
    let reports = documents.iter().filter_map(|(_, document)| document.analysis.as_ref()).flat_map(|a| &a.in_defaults);
    for report in reports {
        match by_path.get_mut(Path::new(&report.path)) {
            Some(known) => known.absorb(report.clone()),
            None => {
                by_path.insert(PathBuf::from(&report.path), report.clone());
            }
        }
    }
    let mut out = Foreign::new();
    for (path, report) in by_path {
        let Some(uri) = uri_of(documents, &path) else {
            continue;
        };
        let index = LineIndex::new(&report.source);
        let list = out.entry(path).or_default();
        for resolved in &report.findings {
            push_new(list, diagnostic(&uri, &index, resolved));
        }
    }
    out
}

/// The URI the client knows `path` by: that of its open document, else its `file:` URI.
pub fn uri_of(documents: &Documents, path: &Path) -> Option<Uri> {
    match documents.by_path(path) {
        Some((uri, _)) => Some(uri.clone()),
        None => file_uri(path),
    }
}

/// The diagnostics of the file at `path`, known to the client as `uri`: its own findings
/// when it is open, then those `foreign` holds for it that are not among them.
pub fn publication(documents: &Documents, foreign: &Foreign, uri: Uri, path: &Path) -> PublishDiagnosticsParams {
    let open = documents.get(&uri);
    let mut diagnostics = open.map(|document| own(&uri, document)).unwrap_or_default();
    for found in foreign.get(path).into_iter().flatten() {
        push_new(&mut diagnostics, found.clone());
    }
    PublishDiagnosticsParams { uri, diagnostics, version: open.map(|document| document.version) }
}

/// The diagnostics of an open document's own findings (none for a file that is not a
/// sagespec manifest).
fn own(uri: &Uri, document: &OpenDocument) -> Vec<Diagnostic> {
    let index = LineIndex::new(&document.text);
    document
        .analysis
        .iter()
        .flat_map(|analysis| &analysis.report.findings)
        .map(|resolved| diagnostic(uri, &index, resolved))
        .collect()
}

fn push_new(list: &mut Vec<Diagnostic>, diagnostic: Diagnostic) {
    if !list.contains(&diagnostic) {
        list.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileReport;
    use crate::lsp::analysis::analyze;
    use std::sync::Arc;

    const DEFAULTS: &str = "/w/sagespec.defaults.yaml";
    const DEFAULTS_TEXT: &str = "apiVersion: sagespec/v1\nkind: Defaults\ncolour: red\n";

    /// Opens the manifest `path`, analysed as if its check had put `report` in a Defaults file.
    fn open_manifest(documents: &mut Documents, path: &str, report: FileReport) {
        let text = "apiVersion: sagespec/v1\nkind: TrainingJob\n";
        let uri = file_uri(Path::new(path)).expect("uri");
        documents.open(uri.clone(), text.to_owned(), 3);
        let mut analysis = analyze(Path::new(path), Arc::from(text)).expect("a manifest");
        analysis.in_defaults = vec![report];
        documents.get_mut(&uri).expect("open").analysis = Some(analysis);
    }

    #[test]
    fn findings_in_a_defaults_file_are_published_there_once_with_its_own() {
        // A broken Defaults file: every manifest it reaches carries its report.
        let own = analyze(Path::new(DEFAULTS), Arc::from(DEFAULTS_TEXT)).expect("a manifest");
        assert_eq!(own.report.findings.len(), 1, "{:#?}", own.report.findings);
        let mut documents = Documents::default();
        for manifest in ["/w/a.yaml", "/w/b.yaml"] {
            open_manifest(&mut documents, manifest, own.report.clone());
        }
        let foreign = foreign(&documents);
        let found = &foreign[Path::new(DEFAULTS)];
        assert_eq!(found.len(), 1, "two manifests, one finding: {found:#?}");
        assert_eq!(found[0].range.start, lsp_types::Position { line: 2, character: 0 });

        // Not open: published to its `file:` URI, with no version.
        let uri = uri_of(&documents, Path::new(DEFAULTS)).expect("uri");
        let published = publication(&documents, &foreign, uri.clone(), Path::new(DEFAULTS));
        assert_eq!(published.uri.as_str(), "file:///w/sagespec.defaults.yaml");
        assert_eq!(published.version, None);
        assert_eq!(published.diagnostics, *found);

        // Open: its own finding, not repeated by the manifests' copy.
        documents.open(uri.clone(), DEFAULTS_TEXT.to_owned(), 7);
        documents.get_mut(&uri).expect("open").analysis = Some(own);
        let published = publication(&documents, &foreign, uri, Path::new(DEFAULTS));
        assert_eq!(published.version, Some(7));
        assert_eq!(published.diagnostics, *found);
    }

    #[test]
    fn a_file_with_nothing_left_gets_an_empty_list() {
        let documents = Documents::default();
        let path = Path::new(DEFAULTS);
        let uri = uri_of(&documents, path).expect("uri");
        let published = publication(&documents, &Foreign::new(), uri, path);
        assert!(published.diagnostics.is_empty());
    }
}
