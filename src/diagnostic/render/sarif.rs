//! `--format sarif`: SARIF 2.1.0, the form GitHub code scanning ingests. One run, the
//! rules that fired in `tool.driver.rules`, one result per finding.

use std::collections::BTreeMap;

use serde_json::{Value as Json, json};

use crate::diagnostic::{FileReport, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log for all files, with a trailing newline.
pub fn sarif(reports: &[FileReport]) -> String {
    let mut rules = BTreeMap::new();
    let mut results = Vec::new();
    for report in reports {
        for resolved in &report.findings {
            let finding = &resolved.finding;
            rules.entry(finding.code.to_string()).or_insert_with(|| {
                json!({
                    "id": finding.code,
                    "shortDescription": {"text": finding.message},
                    "helpUri": "https://github.com/sagespec/sagespec#rules",
                })
            });
            let (end_line, end_column) = end_of(&report.source, resolved.span.offset, resolved.span.len, resolved.line, resolved.column);
            let mut message = finding.message.clone();
            if let Some(help) = &finding.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            results.push(json!({
                "ruleId": finding.code,
                "level": match finding.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&report.path)},
                        "region": {
                            "startLine": resolved.line,
                            "startColumn": resolved.column,
                            "endLine": end_line,
                            "endColumn": end_column,
                            "byteOffset": resolved.span.offset,
                            "byteLength": resolved.span.len,
                        }
                    }
                }],
                "properties": {"pointer": finding.pointer},
            }));
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sagespec",
                "informationUri": "https://github.com/sagespec/sagespec",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.into_values().collect::<Vec<Json>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A relative path as a URI reference (forward slashes, spaces and `%` escaped).
fn uri(path: &str) -> String {
    path.replace('\\', "/").replace('%', "%25").replace(' ', "%20")
}

/// Line and column one past the span's last character.
fn end_of(source: &str, offset: usize, len: usize, line: usize, column: usize) -> (usize, usize) {
    let text = source.get(offset..offset + len).unwrap_or("");
    match text.rsplit_once('\n') {
        Some((before, after)) => (line + before.matches('\n').count() + 1, after.chars().count() + 1),
        None => (line, column + text.chars().count()),
    }
}
