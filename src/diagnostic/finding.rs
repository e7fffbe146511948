//! The one finding type every check produces and every renderer consumes.

use std::borrow::Cow;
use std::sync::Arc;

use crate::source::Span;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks compile, plan and apply; `validate` exits 1.
    Error,
    /// Reported, but does not block.
    Warning,
}

/// Which part of the addressed entry a finding points at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Target {
    /// The value (the default).
    #[default]
    Value,
    /// The key that names the value (unknown keys, missing keys under a present key).
    Key,
}

/// A secondary label: another place that explains the finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// JSON pointer of the labelled value.
    pub pointer: String,
    /// Key or value.
    pub target: Target,
    /// The text shown beside it.
    pub text: String,
}

/// One replacement of the text at a span (an insertion when the span is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// The bytes replaced.
    pub span: Span,
    /// What they are replaced with.
    pub replacement: String,
}

/// A safe, mechanical repair of a finding: text edits on the span at fault, so comments,
/// key order and formatting survive. `sagespec fix` and the language server's code actions
/// apply it with [`crate::fix`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, in a few words (`quote the version`).
    pub title: String,
    /// The edits, never overlapping one another.
    pub edits: Vec<TextEdit>,
}

/// A label in another file than the manifest's: the place in the training script a
/// finding about the manifest is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    /// The file: relative to the manifest's folder as a rule writes it; shown beside the
    /// manifest's path once checked ([`crate::check`]).
    pub path: String,
    /// Its text.
    pub source: Arc<str>,
    /// The labelled bytes.
    pub span: Span,
    /// The text shown beside them.
    pub text: String,
}

impl Related {
    /// 1-based line and column (in characters) of the label's start.
    pub fn position(&self) -> (usize, usize) {
        let offset = self.span.offset.min(self.source.len());
        let before = self.source.get(..offset).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
    }
}

/// One problem found in one manifest, addressed by JSON pointer (or, before a document
/// exists, by an explicit span).
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Stable code, `sagespec::<area>::<what-is-wrong>`.
    pub code: Cow<'static, str>,
    /// Error or warning.
    pub severity: Severity,
    /// One sentence, in the user's words.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// RFC 6901 pointer of the offending value (`""` for the document).
    pub pointer: String,
    /// Whether to point at the key or the value at `pointer`.
    pub target: Target,
    /// Text of the primary label.
    pub label: Option<String>,
    /// Other places worth showing.
    pub labels: Vec<Label>,
    /// An explicit position, for findings raised before a document exists (syntax errors).
    pub span: Option<Span>,
    /// For a finding that reports absent keys: the pointers those keys would have (any
    /// one of them would do), so a misspelling of one can take the finding's place.
    pub missing: Vec<String>,
    /// For an unknown key: the pointer of the known key it is probably a misspelling of.
    pub misspells: Option<String>,
    /// The repair, when one is certain.
    pub fix: Option<Fix>,
    /// Labels in other files (the training script).
    pub related: Vec<Related>,
    /// For a finding about a value a Defaults file set: the manifests that inherit it, as
    /// shown (one finding at the Defaults file's line names them all).
    pub inherited_by: Vec<String>,
}

impl Finding {
    /// A new error at the document root; chain `at`, `with_help`, … to refine it.
    pub fn error(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code.into(), message.into())
    }

    /// A new warning at the document root.
    pub fn warning(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code.into(), message.into())
    }

    fn new(severity: Severity, code: Cow<'static, str>, message: String) -> Self {
        Self {
            code,
            severity,
            message,
            help: None,
            pointer: String::new(),
            target: Target::Value,
            label: None,
            labels: Vec::new(),
            span: None,
            missing: Vec::new(),
            misspells: None,
            fix: None,
            related: Vec::new(),
            inherited_by: Vec::new(),
        }
    }

    /// The message as shown: for a finding about an inherited value, with the manifests
    /// that inherit it.
    pub fn text(&self) -> Cow<'_, str> {
        match self.inherited_by.as_slice() {
            [] => Cow::Borrowed(&self.message),
            [one] => Cow::Owned(format!("{} (inherited by {one})", self.message)),
            [first, rest @ ..] if rest.len() > 2 => {
                Cow::Owned(format!("{} (inherited by {first} and {} other manifests)", self.message, rest.len()))
            }
            [all @ .., last] => Cow::Owned(format!("{} (inherited by {} and {last})", self.message, all.join(", "))),
        }
    }

    /// Points the finding at the value at `pointer`.
    #[must_use]
    pub fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self.target = Target::Value;
        self
    }

    /// Points the finding at the key that names the value at `pointer`.
    #[must_use]
    pub fn at_key(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self.target = Target::Key;
        self
    }

    /// Pins the finding to an explicit span (syntax errors, limits).
    #[must_use]
    pub fn at_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the primary label's text.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary label at another value.
    #[must_use]
    pub fn also(mut self, pointer: impl Into<String>, text: impl Into<String>) -> Self {
        self.labels.push(Label { pointer: pointer.into(), target: Target::Value, text: text.into() });
        self
    }

    /// Adds a label in another file: `text` beside `span` of `source`, the file at `path`
    /// (relative to the manifest's folder).
    #[must_use]
    pub fn also_in(mut self, path: impl Into<String>, source: Arc<str>, span: Span, text: impl Into<String>) -> Self {
        self.related.push(Related { path: path.into(), source, span, text: text.into() });
        self
    }

    /// Notes that this finding reports the key at `pointer` as absent (call once per key
    /// when any of several would do). A misspelling of it folds the two findings into one
    /// (see [`fold_misspellings`]).
    #[must_use]
    pub fn missing(mut self, pointer: impl Into<String>) -> Self {
        self.missing.push(pointer.into());
        self
    }

    /// Notes that this unknown key is probably a misspelling of the key at `pointer`.
    #[must_use]
    pub fn misspelling_of(mut self, pointer: impl Into<String>) -> Self {
        self.misspells = Some(pointer.into());
        self
    }

    /// Attaches the repair, when there is one.
    #[must_use]
    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Whether this finding blocks compilation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// One finding per mistake: when a key is missing and an unknown key beside it is probably
/// a misspelling of it (`instance_cout` for `instance_count`), the unknown key's finding
/// says so, takes the other finding's secondary labels and the more severe severity, and
/// the finding about the missing key is dropped. Everything else is returned unchanged, in
/// the order given.
pub fn fold_misspellings(mut findings: Vec<Finding>) -> Vec<Finding> {
    if !findings.iter().any(|f| f.misspells.is_some()) {
        return findings;
    }
    let mut dropped = vec![false; findings.len()];
    let mut reworded = vec![false; findings.len()];
    for i in 0..findings.len() {
        let typo = findings[i].missing.iter().find_map(|pointer| {
            let at = findings.iter().position(|f| f.misspells.as_deref() == Some(pointer.as_str()))?;
            Some((at, last_token(pointer)))
        });
        let Some((at, key)) = typo.filter(|(at, _)| *at != i) else {
            continue;
        };
        let labels = std::mem::take(&mut findings[i].labels);
        let severity = findings[i].severity;
        let typo = &mut findings[at];
        if !reworded[at] {
            let written = last_token(&typo.pointer);
            typo.message = format!("unknown key `{written}` is probably `{key}`, which is missing");
            typo.label = Some(format!("probably `{key}`"));
            typo.help = Some(format!("rename `{written}` to `{key}`"));
            reworded[at] = true;
        }
        typo.severity = typo.severity.min(severity);
        typo.labels.extend(labels);
        dropped[i] = true;
    }
    let mut dropped = dropped.into_iter();
    findings.retain(|_| !dropped.next().unwrap_or(false));
    findings
}

/// The last reference token of a pointer, unescaped (`""` for the root).
fn last_token(pointer: &str) -> String {
    crate::source::document::tokens(pointer).last().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(key: &str, meant: &str) -> Finding {
        Finding::error("sagespec::schema::unknown-key", format!("unknown key `{key}`"))
            .at_key(format!("/{key}"))
            .with_help(format!("did you mean `{meant}`?"))
            .misspelling_of(format!("/{meant}"))
    }

    #[test]
    fn a_misspelling_takes_the_place_of_the_missing_key_finding() {
        let missing = Finding::error("sagespec::manifest::missing-instance-count", "no count")
            .at("")
            .missing("/instance_count")
            .also("/instance_type", "how many of these?");
        let other = Finding::warning("sagespec::test::w", "unrelated").at("/region");
        let folded = fold_misspellings(vec![missing, unknown("instance_cout", "instance_count"), other.clone()]);
        assert_eq!(folded.len(), 2, "{folded:?}");
        assert_eq!(folded[0].pointer, "/instance_cout");
        assert_eq!(folded[0].message, "unknown key `instance_cout` is probably `instance_count`, which is missing");
        assert_eq!(folded[0].help.as_deref(), Some("rename `instance_cout` to `instance_count`"));
        assert_eq!(folded[0].labels.len(), 1);
        assert_eq!(folded[0].labels[0].text, "how many of these?");
        assert_eq!(folded[1], other);
    }

    #[test]
    fn one_misspelling_absorbs_every_finding_about_its_key_and_any_of_several_keys_matches() {
        let schema = Finding::error("sagespec::schema::missing-key", "missing `role`").at("").missing("/role");
        let rule = Finding::warning("sagespec::test::w", "no role").at("").missing("/arn").missing("/role");
        let folded = fold_misspellings(vec![schema, rule, unknown("rol", "role")]);
        assert_eq!(folded.len(), 1, "{folded:?}");
        assert_eq!(folded[0].severity, Severity::Error);
        assert_eq!(folded[0].message, "unknown key `rol` is probably `role`, which is missing");
    }

    #[test]
    fn the_more_severe_finding_sets_the_severity() {
        let missing = Finding::error("sagespec::test::e", "missing").missing("/role");
        let mut typo = unknown("rol", "role");
        typo.severity = Severity::Warning;
        assert_eq!(fold_misspellings(vec![typo, missing])[0].severity, Severity::Error);
    }

    #[test]
    fn findings_without_a_matching_misspelling_are_left_alone() {
        let missing = Finding::error("sagespec::schema::missing-key", "missing `role`").at("").missing("/role");
        let typo = unknown("instance_cout", "instance_count");
        let given = vec![missing, typo];
        assert_eq!(fold_misspellings(given.clone()), given);
    }
}
