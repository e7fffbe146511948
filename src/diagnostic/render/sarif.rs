//! `--format sarif`: SARIF 2.1.0, the form GitHub code scanning ingests. One run, the
//! codes that fired in `tool.driver.rules`, each with its docs from the code registry
//! (summary, what, why and an example, and a link to its section of `docs/rules.md`);
//! each result points at its rule by `ruleIndex`. One result per finding; its labels in
//! other files (the training script) are its `relatedLocations`.
//! `tests/cli.rs` validates the output against the OASIS schema.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use crate::diagnostic::registry::{self, severity};
use crate::diagnostic::{FileReport, Related};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log for all files, with a trailing newline.
pub fn sarif(reports: &[FileReport]) -> String {
    // Rules in code order, so `ruleIndex` is stable for a given set of codes.
    let mut rules: BTreeMap<String, Json> = BTreeMap::new();
    for resolved in reports.iter().flat_map(|r| &r.findings) {
        let code = &resolved.finding.code;
        rules.entry(code.to_string()).or_insert_with(|| rule(code, &resolved.finding.message));
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, code)| (code.as_str(), i)).collect();
    let mut results = Vec::new();
    for report in reports {
        for resolved in &report.findings {
            let finding = &resolved.finding;
            let (end_line, end_column) =
                end_of(&report.source, resolved.span.offset, resolved.span.len, resolved.line, resolved.column);
            let mut message = finding.text().into_owned();
            if let Some(help) = &finding.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let mut result = json!({
                "ruleId": finding.code,
                "ruleIndex": index[finding.code.as_ref()],
                "level": severity(finding.severity),
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
            });
            if !finding.related.is_empty() {
                result["relatedLocations"] = finding.related.iter().enumerate().map(|(id, r)| related(id, r)).collect();
            }
            results.push(result);
        }
    }
    let rules: Vec<Json> = rules.into_values().collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sagespec",
                "informationUri": "https://github.com/sagespec/sagespec",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A label in another file (the training script) as a SARIF related location.
fn related(id: usize, related: &Related) -> Json {
    let (line, column) = related.position();
    let (end_line, end_column) = end_of(&related.source, related.span.offset, related.span.len, line, column);
    json!({
        "id": id,
        "message": {"text": related.text},
        "physicalLocation": {
            "artifactLocation": {"uri": uri(&related.path)},
            "region": {
                "startLine": line,
                "startColumn": column,
                "endLine": end_line,
                "endColumn": end_column,
                "byteOffset": related.span.offset,
                "byteLength": related.span.len,
            }
        }
    })
}

/// The `reportingDescriptor` of a code: its docs from the registry; a code the registry
/// does not know (none, `tests/rule_docs.rs` checks) is described by its first message.
fn rule(code: &str, message: &str) -> Json {
    let Some(entry) = registry::get(code) else {
        return json!({"id": code, "shortDescription": {"text": message}});
    };
    let what = entry.docs.what;
    let help = entry.markdown_body();
    // Plain text: the Markdown without its bold markers (code spans and fences read fine).
    let plain = |markdown: &str| markdown.replace("**", "");
    json!({
        "id": code,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": plain(what), "markdown": what},
        "help": {"text": plain(&help), "markdown": help},
        "helpUri": entry.help_uri(),
        "defaultConfiguration": {"level": severity(entry.severity)},
    })
}

/// A path as a URI reference: relative paths stay relative (forward slashes), absolute
/// ones become `file://` URIs; bytes a URI may not hold are percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let bytes = path.as_bytes();
    let drive = bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let absolute = path.starts_with('/') || drive;
    let mut encoded = String::with_capacity(path.len());
    for &byte in bytes {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) || (byte == b':' && absolute);
        if keep {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    match (absolute, path.starts_with('/')) {
        (true, true) => format!("file://{encoded}"),
        (true, false) => format!("file:///{encoded}"), // C:/…
        (false, _) => encoded,
    }
}

/// Line and column one past the span's last character.
fn end_of(source: &str, offset: usize, len: usize, line: usize, column: usize) -> (usize, usize) {
    let text = source.get(offset..offset + len).unwrap_or("");
    match text.rsplit_once('\n') {
        Some((before, after)) => (line + before.matches('\n').count() + 1, after.chars().count() + 1),
        None => (line, column + text.chars().count()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("specs/bert.yaml"), "specs/bert.yaml");
        assert_eq!(uri("./specs/bert.yaml"), "specs/bert.yaml");
        assert_eq!(uri("specs\\my job.yaml"), "specs/my%20job.yaml");
        assert_eq!(uri("50%/é.yaml"), "50%25/%C3%A9.yaml");
        // A colon in a relative path's first segment would read as a scheme.
        assert_eq!(uri("a:b.yaml"), "a%3Ab.yaml");
        assert_eq!(uri("/tmp/x/a#1.yaml"), "file:///tmp/x/a%231.yaml");
        assert_eq!(uri("C:\\jobs\\a.yaml"), "file:///C:/jobs/a.yaml");
    }

    #[test]
    fn regions_end_one_past_the_last_character() {
        let source = "a: é\nb: [1,\n  2]\n";
        assert_eq!(end_of(source, 3, 2, 1, 4), (1, 5));
        assert_eq!(end_of(source, 9, 8, 2, 4), (3, 5));
        assert_eq!(end_of(source, 0, 0, 1, 1), (1, 1));
    }
}
