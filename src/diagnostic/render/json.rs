//! `--format json`: exactly the shape `design/manifest.md` §2 fixes.
//!
//! Order: files in the order they were checked (path order), and each file's findings in
//! source order, as the human report lists them (see [`crate::diagnostic::report`]): by
//! offset, errors first at the same offset, then by code.

use serde::Serialize;

use crate::diagnostic::{FileReport, Severity};

#[derive(Serialize)]
struct Output<'a> {
    diagnostics: Vec<Diagnostic<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    file: &'a str,
    code: &'a str,
    severity: Severity,
    message: std::borrow::Cow<'a, str>,
    help: Option<&'a str>,
    pointer: &'a str,
    line: usize,
    column: usize,
    offset: usize,
    length: usize,
}

/// All findings of all files as one JSON document, with a trailing newline.
pub fn json(reports: &[FileReport]) -> String {
    let diagnostics = reports
        .iter()
        .flat_map(|report| {
            report.findings.iter().map(move |r| Diagnostic {
                file: &report.path,
                code: &r.finding.code,
                severity: r.finding.severity,
                message: r.finding.text(),
                help: r.finding.help.as_deref(),
                pointer: &r.finding.pointer,
                line: r.line,
                column: r.column,
                offset: r.span.offset,
                length: r.span.len,
            })
        })
        .collect();
    let output = Output {
        diagnostics,
        errors: reports.iter().map(FileReport::errors).sum(),
        warnings: reports.iter().map(FileReport::warnings).sum(),
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}
