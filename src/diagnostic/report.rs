//! Resolving findings to positions: the only place a JSON pointer becomes a line and a
//! column. One [`FileReport`] per manifest, in source order.
//!
//! Source order is the order of the findings' primary spans in the file (by byte offset);
//! findings at the same offset are ordered errors first, then by code, then as they came.
//! Every renderer lists a file's findings in this order (human, JSON, SARIF, GitHub).
//! Before resolving, a misspelled key and the finding that its intended key is missing
//! become one finding ([`fold_misspellings`]).

use std::sync::Arc;

use super::{Finding, Severity, Target, fold_misspellings};
use crate::source::{Document, Span};

/// A finding with its position in the file.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// What was found.
    pub finding: Finding,
    /// The bytes it points at.
    pub span: Span,
    /// 1-based line of `span`'s start.
    pub line: usize,
    /// 1-based column (in characters) of `span`'s start.
    pub column: usize,
    /// Secondary labels with their spans.
    pub labels: Vec<(Span, String)>,
}

/// Every finding for one file, with the file's text for the renderers' snippets.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The path as the user gave it (or as found under a folder they gave).
    pub path: String,
    /// The file's text (empty when it could not be read as text).
    pub source: Arc<str>,
    /// Findings in source order.
    pub findings: Vec<Resolved>,
}

impl FileReport {
    /// Resolves `findings` against `document` (when parsing got that far).
    pub fn new(path: impl Into<String>, source: Arc<str>, document: Option<&Document>, findings: Vec<Finding>) -> Self {
        // Most files have no findings: index their lines only when something needs one.
        let lines = if findings.is_empty() { LineIndex::default() } else { LineIndex::new(&source) };
        let mut resolved: Vec<Resolved> = fold_misspellings(findings)
            .into_iter()
            .map(|finding| {
                let span = finding
                    .span
                    .or_else(|| document.map(|d| span_of(d, &finding.pointer, finding.target)))
                    .unwrap_or_default();
                let span = clamp(span, &source);
                let labels = finding
                    .labels
                    .iter()
                    .filter_map(|l| {
                        let span = span_of(document?, &l.pointer, l.target);
                        Some((clamp(span, &source), l.text.clone()))
                    })
                    .collect();
                let (line, column) = lines.position(&source, span.offset);
                Resolved { finding, span, line, column, labels }
            })
            .collect();
        // A stable sort: equal keys keep the order the checks produced them in.
        resolved.sort_by(source_order);
        Self { path: path.into(), source, findings: resolved }
    }

    /// Adds findings found after the file's own checks (e.g. about its references to other
    /// manifests), resolved against the same `document`, keeping source order.
    pub fn add(&mut self, document: Option<&Document>, findings: Vec<Finding>) {
        if findings.is_empty() {
            return;
        }
        let more = Self::new(self.path.clone(), Arc::clone(&self.source), document, findings);
        self.findings.extend(more.findings);
        self.findings.sort_by(source_order);
    }

    /// Takes in the findings of `other`, a report of the same file (its text included, as
    /// the later report's text is the one its findings were resolved against), keeping
    /// source order.
    /// A finding it already holds (the same place, code and message: a value of a Defaults
    /// file that several manifests inherit) is not repeated; it names every manifest.
    pub fn absorb(&mut self, other: Self) {
        if other.findings.is_empty() {
            return;
        }
        self.source = other.source;
        for resolved in other.findings {
            let same = |known: &&mut Resolved| {
                known.span == resolved.span
                    && known.finding.code == resolved.finding.code
                    && known.finding.message == resolved.finding.message
            };
            match self.findings.iter_mut().find(same) {
                Some(known) => {
                    for manifest in resolved.finding.inherited_by {
                        if !known.finding.inherited_by.contains(&manifest) {
                            known.finding.inherited_by.push(manifest);
                        }
                    }
                }
                None => self.findings.push(resolved),
            }
        }
        self.findings.sort_by(source_order);
    }

    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many findings are warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|r| r.finding.severity == severity).count()
    }
}

/// Findings in source order; at one offset, errors first, then by code.
fn source_order(a: &Resolved, b: &Resolved) -> std::cmp::Ordering {
    (a.span.offset, a.finding.severity, &a.finding.code).cmp(&(b.span.offset, b.finding.severity, &b.finding.code))
}

/// The span a pointer resolves to. A value with no text of its own (a block mapping or
/// list, whose span is an empty position where its first entry starts; an empty `key:`)
/// is placed at the key that introduces it: a finding about a whole mapping labels
/// `tags:`, not its first tag. A pointer that runs past the document resolves to its
/// deepest existing ancestor ([`Document::locate`]), likewise.
pub(crate) fn span_of(document: &Document, pointer: &str, target: Target) -> Span {
    let located = document.locate(pointer);
    match target {
        Target::Value if located.value.len > 0 => located.value,
        Target::Key | Target::Value => located.key.unwrap_or(located.value),
    }
}

/// Keeps a span inside the text and on character boundaries.
fn clamp(span: Span, source: &str) -> Span {
    let mut start = span.offset.min(source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end().min(source.len()).max(start);
    while !source.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end - start)
}

/// Byte offsets of line starts, for offset → (line, column).
#[derive(Default)]
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(source: &str) -> Self {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { starts }
    }

    fn position(&self, source: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let mut start = self.starts[line - 1];
        // A byte-order mark is not a column.
        if start == 0 && source.starts_with('\u{feff}') && offset >= '\u{feff}'.len_utf8() {
            start = '\u{feff}'.len_utf8();
        }
        let column = source[start..offset].chars().count() + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_come_in_source_order_with_errors_first_then_by_code_then_as_given() {
        let text: Arc<str> = Arc::from("a: 1\nb: 2\nc: 3\n");
        let at = |code: &'static str, offset, warning: bool| {
            let finding = if warning { Finding::warning(code, code) } else { Finding::error(code, code) };
            finding.at_span(Span::new(offset, 1))
        };
        let given = vec![
            at("sagespec::test::c", 12, false),
            at("sagespec::test::w", 6, true),
            at("sagespec::test::b", 6, false),
            at("sagespec::test::a", 6, false).with_help("first a"),
            at("sagespec::test::a", 6, false).with_help("second a"),
            at("sagespec::test::z", 0, true),
        ];
        let report = FileReport::new("a.yaml", text, None, given);
        let order: Vec<(usize, &str, Option<&str>)> =
            report.findings.iter().map(|r| (r.line, r.finding.code.as_ref(), r.finding.help.as_deref())).collect();
        assert_eq!(
            order,
            [
                (1, "sagespec::test::z", None),
                (2, "sagespec::test::a", Some("first a")),
                (2, "sagespec::test::a", Some("second a")),
                (2, "sagespec::test::b", None),
                (2, "sagespec::test::w", None),
                (3, "sagespec::test::c", None),
            ]
        );
    }

    #[test]
    fn a_key_finding_is_placed_at_the_key_and_a_value_finding_at_the_value() {
        let text = "inputs:\n  train set: s3://b/t/\n";
        let document = crate::source::parse(text, crate::source::Format::Yaml).expect("valid YAML");
        let findings = vec![
            Finding::error("sagespec::test::v", "value").at("/inputs/train set"),
            Finding::error("sagespec::test::k", "key").at_key("/inputs/train set"),
            Finding::error("sagespec::test::m", "mapping").at_key("/inputs"),
            // A whole mapping is placed at its key, and so is a pointer past the document.
            Finding::error("sagespec::test::n", "whole mapping").at("/inputs"),
            Finding::error("sagespec::test::o", "under the mapping").at("/inputs/validation"),
            Finding::error("sagespec::test::p", "under the value").at("/inputs/train set/s3_data"),
            Finding::error("sagespec::test::r", "root").at(""),
        ];
        let report = FileReport::new("a.yaml", Arc::from(text), Some(&document), findings);
        let spans: Vec<(&str, &str)> =
            report.findings.iter().map(|r| (r.finding.message.as_str(), &text[r.span.offset..r.span.end()])).collect();
        assert_eq!(
            spans,
            [
                ("mapping", "inputs"),
                ("whole mapping", "inputs"),
                ("under the mapping", "inputs"),
                ("root", ""),
                ("key", "train set"),
                ("under the value", "s3://b/t/"),
                ("value", "s3://b/t/"),
            ]
        );
    }

    #[test]
    fn offsets_map_to_one_based_lines_and_character_columns() {
        let text = "a: 1\r\nbé: 2\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 6), (2, 1));
        // "bé: " is 5 bytes but 4 characters.
        assert_eq!(index.position(text, 11), (2, 5));
    }
}
