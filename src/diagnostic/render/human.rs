//! `--format human`: miette's graphical report, one per finding, with the source snippet,
//! the label and the help, then a summary line. Files come in the order they were checked,
//! and each file's findings in source order (the order [`FileReport`] keeps them in).
//!
//! A file whose text could not be read (not UTF-8, too large) or is empty has no snippet
//! to show, so its findings name the file in the message instead; so do findings on a line
//! too long to show (miette lays out every character of a shown line, which takes seconds
//! for a 500 kB one-line value and helps nobody).

use std::fmt::Write as _;

use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

use crate::diagnostic::{FileReport, Finding, Resolved, Severity};
use crate::source::Span;

/// The longest line (in bytes) shown in a snippet.
const MAX_SNIPPET_LINE: usize = 10_000;
/// The most characters of a message or help shown (a message may quote a huge value).
const MAX_TEXT: usize = 1000;

/// How the human report looks.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// Use colour (only on a TTY, and never with `NO_COLOR` or `--no-color`).
    pub color: bool,
    /// Wrap width; `None` for miette's default (the terminal's).
    pub width: Option<usize>,
    /// Leave out the summary line (`--quiet`).
    pub quiet: bool,
}

impl HumanOptions {
    /// No colour at a fixed width: for snapshots and pipes.
    pub const fn plain(width: usize) -> Self {
        Self { color: false, width: Some(width), quiet: false }
    }
}

/// Every finding as a graphical report, then one summary line (unless quiet).
pub fn human(reports: &[FileReport], options: &HumanOptions) -> String {
    let handler = handler(options);
    let mut out = String::new();
    let mut tally = Tally::default();
    for report in reports {
        tally.add(report);
        out.push_str(&findings(report, &handler));
    }
    if !options.quiet {
        let _ = writeln!(out, "{}", summary(&tally));
    }
    out
}

/// miette's graphical handler, themed and sized for `options`.
pub(super) fn handler(options: &HumanOptions) -> GraphicalReportHandler {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme);
    match options.width {
        Some(width) => handler.with_width(width),
        None => handler,
    }
}

/// One file's findings, each as a graphical report.
pub(super) fn findings(report: &FileReport, handler: &GraphicalReportHandler) -> String {
    let mut out = String::new();
    for resolved in &report.findings {
        let diagnostic = Report::new(diagnostic(resolved, report))
            .with_source_code(NamedSource::new(&report.path, report.source.clone()));
        let _ = handler.render_report(&mut out, diagnostic.as_ref());
        out.push('\n');
    }
    out
}

/// The counts the summary line needs, added up one file at a time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Files checked.
    pub files: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Files with at least one finding.
    pub affected: usize,
}

impl Tally {
    /// Counts one more file.
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        self.errors += report.errors();
        self.warnings += report.warnings();
        self.affected += usize::from(!report.findings.is_empty());
    }
}

/// A finding as miette shows it: the manifest's snippet, then a note for each label in
/// another file (the training script), with that file's snippet.
#[derive(Debug)]
struct WithRelated {
    main: MietteDiagnostic,
    notes: Vec<Note>,
}

/// A label in another file, as a note with that file's snippet.
#[derive(Debug)]
struct Note {
    note: MietteDiagnostic,
    source: NamedSource<Arc<str>>,
}

impl std::fmt::Display for WithRelated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.main.fmt(f)
    }
}

impl std::error::Error for WithRelated {}

impl Diagnostic for WithRelated {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.main.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.main.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.main.help()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.main.labels()
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.notes.is_empty() {
            return None;
        }
        Some(Box::new(self.notes.iter().map(|note| note as &dyn Diagnostic)))
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.note.fmt(f)
    }
}

impl std::error::Error for Note {}

impl Diagnostic for Note {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.note.labels()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
}

/// The notes of a finding's labels in other files; a label on a line too long to show is
/// named by its position instead.
fn notes(finding: &Finding) -> Vec<Note> {
    finding
        .related
        .iter()
        .map(|related| {
            let span = related.span;
            let (line, column) = related.position();
            let fits = !related.source.is_empty() && snippet_fits(&related.source, std::iter::once(span));
            let note = if fits {
                MietteDiagnostic::new(format!("in {}", related.path))
                    .with_label(LabeledSpan::new_with_span(Some(related.text.clone()), (span.offset, span.len)))
            } else {
                MietteDiagnostic::new(format!("{}:{line}:{column}: {}", related.path, shorten(&related.text)))
            };
            Note { note, source: NamedSource::new(&related.path, Arc::clone(&related.source)) }
        })
        .collect()
}

fn diagnostic(resolved: &Resolved, report: &FileReport) -> WithRelated {
    WithRelated { main: main_diagnostic(resolved, report), notes: notes(&resolved.finding) }
}

fn main_diagnostic(resolved: &Resolved, report: &FileReport) -> MietteDiagnostic {
    let finding = &resolved.finding;
    let primary = LabeledSpan::new_primary_with_span(finding.label.clone(), (resolved.span.offset, resolved.span.len));
    let secondary = resolved
        .labels
        .iter()
        .map(|(span, text)| LabeledSpan::new_with_span(Some(text.clone()), (span.offset, span.len)));
    let spans = std::iter::once(resolved.span).chain(resolved.labels.iter().map(|(span, _)| *span));
    let snippet = !report.source.is_empty() && snippet_fits(&report.source, spans);
    let text = shorten(&finding.text());
    let message = if snippet {
        text
    } else if report.source.is_empty() {
        format!("{}: {text}", report.path)
    } else {
        format!("{}:{}:{}: {text}", report.path, resolved.line, resolved.column)
    };
    let mut diagnostic =
        MietteDiagnostic::new(message).with_code(finding.code.to_string()).with_severity(match finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        });
    if snippet {
        diagnostic = diagnostic.with_labels(std::iter::once(primary).chain(secondary));
    }
    match &finding.help {
        Some(help) => diagnostic.with_help(shorten(help)),
        None => diagnostic,
    }
}

/// `text`, cut to [`MAX_TEXT`] characters with a note of how much was left out.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT) {
        Some((cut, _)) => format!("{}… ({} more characters)", &text[..cut], text[cut..].chars().count()),
        None => text.to_owned(),
    }
}

/// Whether every line miette would show around `spans` (the spans' lines and one line of
/// context either side) is short enough to lay out.
fn snippet_fits(source: &str, spans: impl Iterator<Item = Span>) -> bool {
    spans.into_iter().all(|span| {
        let start = span.offset.min(source.len());
        let end = span.end().min(source.len()).max(start);
        // Back to the start of the line before, forward to the end of the line after.
        let mut from = source[..start].rfind('\n').unwrap_or(0);
        from = source[..from].rfind('\n').map_or(0, |i| i + 1);
        let mut to = source[end..].find('\n').map_or(source.len(), |i| end + i);
        if to < source.len() {
            to = source[to + 1..].find('\n').map_or(source.len(), |i| to + 1 + i);
        }
        source.get(from..to).is_none_or(|window| window.split('\n').all(|line| line.len() <= MAX_SNIPPET_LINE))
    })
}

/// The last line: how many errors and warnings, in how many of the files checked.
pub(super) fn summary(tally: &Tally) -> String {
    let Tally { files, errors, warnings, affected } = *tally;
    if files == 0 {
        return "no manifests found".to_owned();
    }
    if errors == 0 && warnings == 0 {
        return format!("{} checked, no problems found", plural(files, "file"));
    }
    let counts = match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
    };
    if affected == files {
        format!("{counts} in {}", plural(files, "file"))
    } else {
        format!("{counts} in {affected} of {files} files")
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, findings: Vec<Finding>) -> FileReport {
        FileReport::new(path, Arc::from(""), None, findings)
    }

    fn summary_of(reports: &[FileReport]) -> String {
        let mut tally = Tally::default();
        for report in reports {
            tally.add(report);
        }
        summary(&tally)
    }

    #[test]
    fn summary_counts_findings_and_the_files_they_are_in() {
        let error = || Finding::error("sagespec::test::e", "bad");
        let warning = || Finding::warning("sagespec::test::w", "odd");
        assert_eq!(summary_of(&[]), "no manifests found");
        assert_eq!(summary_of(&[report("a.yaml", vec![])]), "1 file checked, no problems found");
        assert_eq!(summary_of(&[report("a.yaml", vec![error()])]), "1 error in 1 file");
        assert_eq!(
            summary_of(&[report("a.yaml", vec![warning()]), report("b.yaml", vec![])]),
            "1 warning in 1 of 2 files"
        );
        assert_eq!(
            summary_of(&[report("a.yaml", vec![error(), warning()]), report("b.yaml", vec![error(), warning()])]),
            "2 errors and 2 warnings in 2 files"
        );
    }

    #[test]
    fn a_finding_on_a_very_long_line_is_named_by_position_without_a_snippet() {
        let text = format!("a: 1\nb: {}\nc: 3\n", "x".repeat(20_000));
        let finding = Finding::error("sagespec::test::e", "too long").at_span(Span::new(8, 20_000));
        let reports = [FileReport::new("job.yaml", Arc::from(text.as_str()), None, vec![finding])];
        let out = human(&reports, &HumanOptions::plain(80));
        assert!(out.contains("job.yaml:2:4: too long"), "{out}");
        assert!(!out.contains("xxxxxxxxxx"), "{out}");

        let short = Finding::error("sagespec::test::e", "fine").at_span(Span::new(0, 1));
        let reports = [FileReport::new("job.yaml", Arc::from("a: 1\nb: 2\n"), None, vec![short])];
        let out = human(&reports, &HumanOptions::plain(80));
        assert!(out.contains("[job.yaml:1:1]") && out.contains("a: 1"), "{out}");
    }

    #[test]
    fn huge_messages_are_cut() {
        assert_eq!(shorten("short"), "short");
        let long = format!("`{}` is not valid", "é".repeat(2000));
        let cut = shorten(&long);
        assert!(cut.ends_with("… (1015 more characters)"), "{}", &cut[cut.len() - 40..]);
        assert_eq!(cut.chars().count(), MAX_TEXT + "… (1015 more characters)".chars().count());
    }

    #[test]
    fn a_label_in_another_file_is_shown_with_that_files_snippet() {
        let script: Arc<str> = Arc::from("import os\nimport torch\n");
        let finding = Finding::warning("sagespec::test::w", "never initialised").at_span(Span::new(0, 1)).also_in(
            "src/train.py",
            script,
            Span::new(10, 12),
            "no SMDDP here",
        );
        let reports = [FileReport::new("job.yaml", Arc::from("a: 1\n"), None, vec![finding])];
        let out = human(&reports, &HumanOptions::plain(80));
        assert!(out.contains("[job.yaml:1:1]"), "{out}");
        assert!(out.contains("[src/train.py:2:1]") && out.contains("import torch"), "{out}");
        assert!(out.contains("no SMDDP here"), "{out}");
    }

    #[test]
    fn a_file_without_text_is_named_in_the_message() {
        let reports = [report("dir/a.yaml", vec![Finding::error("sagespec::test::e", "the file is not valid UTF-8")])];
        let out = human(&reports, &HumanOptions::plain(80));
        assert!(out.contains("dir/a.yaml: the file is not valid UTF-8"), "{out}");
    }
}
