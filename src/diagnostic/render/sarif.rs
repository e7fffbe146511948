//! `--format sarif`: SARIF 2.1.0, the form GitHub code scanning ingests. One run, the
//! codes that fired in `tool.driver.rules` (each result points at its rule by `ruleIndex`),
//! one result per finding. `tests/cli.rs` validates the output against the OASIS schema.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use crate::diagnostic::{FileReport, Severity, codes};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// What each code reports, for codes raised outside `crate::rules` (a rule describes itself
/// with its `summary`).
const CODE_SUMMARIES: &[(&str, &str)] = &[
    (codes::SOURCE_UNREADABLE, "The file could not be read"),
    (codes::SOURCE_SYNTAX, "The text is not valid YAML or TOML"),
    (codes::SOURCE_DUPLICATE_KEY, "A mapping repeats a key"),
    (codes::SOURCE_TOO_LARGE, "The file is larger than the size limit"),
    (codes::SOURCE_LIMIT, "Nesting, node count or alias expansion went over a limit"),
    (codes::SOURCE_MULTIPLE_DOCUMENTS, "A YAML file holds more than one document"),
    (codes::SOURCE_UNSUPPORTED_TAG, "A YAML tag other than the standard ones"),
    (codes::SCHEMA_UNKNOWN_KEY, "A key the manifest format does not have"),
    (codes::SCHEMA_MISSING_KEY, "A required key is missing"),
    (codes::SCHEMA_INVALID_TYPE, "A value has the wrong type"),
    (codes::SCHEMA_INVALID_VALUE, "A value is not one of the allowed values"),
    (codes::SCHEMA_INVALID_FORMAT, "A string does not match the API's pattern"),
    (codes::SCHEMA_OUT_OF_RANGE, "A number is outside the API's range"),
    (codes::SCHEMA_INVALID_LENGTH, "A string, list or map is too long or too short"),
];

/// The SARIF log for all files, with a trailing newline.
pub fn sarif(reports: &[FileReport]) -> String {
    // Rules in code order, so `ruleIndex` is stable for a given set of codes.
    let mut rules: BTreeMap<String, String> = BTreeMap::new();
    for resolved in reports.iter().flat_map(|r| &r.findings) {
        let code = &resolved.finding.code;
        rules.entry(code.to_string()).or_insert_with(|| summary(code, &resolved.finding.message));
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, code)| (code.as_str(), i)).collect();
    let mut results = Vec::new();
    for report in reports {
        for resolved in &report.findings {
            let finding = &resolved.finding;
            let (end_line, end_column) =
                end_of(&report.source, resolved.span.offset, resolved.span.len, resolved.line, resolved.column);
            let mut message = finding.message.clone();
            if let Some(help) = &finding.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            results.push(json!({
                "ruleId": finding.code,
                "ruleIndex": index[finding.code.as_ref()],
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
    let rules: Vec<Json> = rules
        .into_iter()
        .map(|(code, text)| {
            json!({
                "id": code,
                "shortDescription": {"text": text},
                "helpUri": "https://github.com/sagespec/sagespec#rules",
            })
        })
        .collect();
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

/// What a code reports in general: the rule's summary, the table above, or else the
/// message of its first finding.
fn summary(code: &str, message: &str) -> String {
    crate::rules::all()
        .find(|rule| rule.code == code)
        .map(|rule| rule.summary)
        .or_else(|| CODE_SUMMARIES.iter().find(|(c, _)| *c == code).map(|(_, text)| *text))
        .unwrap_or(message)
        .to_owned()
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
