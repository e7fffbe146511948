//! `--format human`: miette's graphical report, one per finding, with the source snippet,
//! the label and the help, then a summary line.

use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

use crate::diagnostic::{FileReport, Resolved, Severity};

/// How the human report looks.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// Use colour (only on a TTY, and never with `NO_COLOR` or `--no-color`).
    pub color: bool,
    /// Wrap width; `None` for miette's default (the terminal's).
    pub width: Option<usize>,
}

impl HumanOptions {
    /// No colour at a fixed width: for snapshots and pipes.
    pub const fn plain(width: usize) -> Self {
        Self { color: false, width: Some(width) }
    }
}

/// Every finding as a graphical report, then one summary line.
pub fn human(reports: &[FileReport], options: &HumanOptions) -> String {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let mut handler = GraphicalReportHandler::new_themed(theme);
    if let Some(width) = options.width {
        handler = handler.with_width(width);
    }
    let mut out = String::new();
    for report in reports {
        for resolved in &report.findings {
            let diagnostic = Report::new(diagnostic(resolved, report))
                .with_source_code(NamedSource::new(&report.path, report.source.to_string()));
            let _ = handler.render_report(&mut out, diagnostic.as_ref());
            out.push('\n');
        }
    }
    let errors: usize = reports.iter().map(FileReport::errors).sum();
    let warnings: usize = reports.iter().map(FileReport::warnings).sum();
    let _ = writeln!(
        out,
        "{} in {} {}",
        counts(errors, warnings),
        reports.len(),
        if reports.len() == 1 { "file" } else { "files" }
    );
    out
}

fn diagnostic(resolved: &Resolved, report: &FileReport) -> MietteDiagnostic {
    let finding = &resolved.finding;
    let primary = LabeledSpan::new_primary_with_span(
        finding.label.clone(),
        (resolved.span.offset, resolved.span.len),
    );
    let secondary = resolved
        .labels
        .iter()
        .map(|(span, text)| LabeledSpan::new_with_span(Some(text.clone()), (span.offset, span.len)));
    let mut diagnostic = MietteDiagnostic::new(finding.message.clone())
        .with_code(finding.code.to_string())
        .with_severity(match finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        });
    if !report.source.is_empty() {
        diagnostic = diagnostic.with_labels(std::iter::once(primary).chain(secondary));
    }
    match &finding.help {
        Some(help) => diagnostic.with_help(help.clone()),
        None => diagnostic,
    }
}

fn counts(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}
