//! Checking one manifest, end to end: text → [`Document`] → schema findings → typed
//! [`Manifest`] → rule findings. Every stage runs and adds findings ("collect, don't
//! bail"); only a document that cannot be parsed stops early.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value as Json;

use crate::diagnostic::{FileReport, Finding, codes};
use crate::discover::{self, DiscoverError};
use crate::parallel;
use crate::rules::{self, Context};
use crate::schema;
use crate::source::{self, Document, Format, Limits};
use crate::spec::Manifest;

/// Free-form maps whose `null` values are data, not "unset", by their keys from the root.
const FREE_FORM: &[&[&str]] =
    &[&["hyperparameters"], &["distribution", "smdistributed", "modelparallel", "parameters"]];

/// The outcome of checking one manifest.
#[derive(Debug)]
pub struct Checked {
    /// Every finding, resolved to positions.
    pub report: FileReport,
    /// The document, when the text parsed.
    pub document: Option<Document>,
    /// The typed manifest, when the document had the manifest's shape.
    pub manifest: Option<Manifest>,
}

impl Checked {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.report.errors() > 0
    }
}

/// The manifests under the user's paths, each checked on its own.
#[derive(Debug)]
pub struct Validated {
    /// `(path, path as shown, manifest)` of every manifest without errors, in path order.
    /// (Boxed: a `Manifest` is over a kilobyte inline, and most of its fields are unset.)
    pub manifests: Vec<(PathBuf, String, Box<Manifest>)>,
    /// The report of every manifest, warnings included, in path order ([`validate_paths`];
    /// [`validate_paths_streaming`] hands each on instead and leaves this empty).
    pub reports: Vec<FileReport>,
    /// Whether a file could not be read at all (an I/O failure rather than a finding).
    pub unreadable: bool,
    /// Whether any manifest has errors or could not be read.
    pub has_errors: bool,
}

/// Finds the manifests named by `paths` (see [`discover`]) and checks each one on its own,
/// in parallel. `compile`, `plan` and `apply` start here; `validate` streams with
/// [`validate_paths_streaming`].
pub fn validate_paths(paths: &[PathBuf]) -> Result<Validated, DiscoverError> {
    let mut reports = Vec::new();
    let mut validated = validate_paths_streaming(paths, |report| reports.push(report))?;
    validated.reports = reports;
    Ok(validated)
}

/// [`validate_paths`], handing each report to `each`, in path order, as soon as it and every
/// report before it are ready, instead of keeping them ([`Validated::reports`] stays empty).
/// Files are checked [`parallel::BATCH`] at a time on every core.
///
/// Only what the callers use is kept per file: the manifest (when it has no errors); a
/// report without findings drops its text, since nothing will quote it. So memory grows by
/// about the typed manifest per file, not by its text and parse tree.
pub fn validate_paths_streaming(
    paths: &[PathBuf],
    mut each: impl FnMut(FileReport),
) -> Result<Validated, DiscoverError> {
    let found = discover::manifests(paths)?;
    let mut validated = Validated { manifests: Vec::new(), reports: Vec::new(), unreadable: false, has_errors: false };
    for batch in found.chunks(parallel::BATCH) {
        let checked = parallel::map(batch, |found| {
            let checked = check_found(found)?;
            let mut report = checked.report;
            if report.findings.is_empty() {
                report.source = Arc::from("");
            }
            Some((report, checked.manifest.map(Box::new)))
        });
        for (found, (report, manifest)) in batch.iter().zip(checked).filter_map(|(f, c)| Some((f, c?))) {
            let unreadable = report.findings.iter().any(|f| f.finding.code == codes::SOURCE_UNREADABLE);
            let has_errors = unreadable || report.errors() > 0;
            validated.unreadable |= unreadable;
            validated.has_errors |= has_errors || manifest.is_none();
            if let (false, Some(manifest)) = (has_errors, manifest) {
                validated.manifests.push((found.path.clone(), found.display.clone(), manifest));
            }
            each(report);
        }
    }
    Ok(validated)
}

/// Checks a discovered file; `None` for a file found under a folder that turns out not
/// to be a manifest (it cannot be read, or declares no `sagespec/` apiVersion).
fn check_found(found: &discover::Manifest) -> Option<Checked> {
    let bytes = read_bytes(&found.path, &Limits::default());
    if found.walked && !bytes.as_ref().is_ok_and(|bytes| discover::declares_sagespec(bytes)) {
        return None;
    }
    Some(check_bytes(&found.path, &found.display, bytes))
}

/// Reads and checks the manifest at `path`, shown to the user as `display`.
pub fn check_file(path: &Path, display: &str) -> Checked {
    check_bytes(path, display, read_bytes(path, &Limits::default()))
}

fn check_bytes(path: &Path, display: &str, bytes: Result<Vec<u8>, Box<Unread>>) -> Checked {
    let text = match bytes.and_then(|bytes| decode(bytes, &Limits::default())) {
        Ok(text) => text,
        Err(unread) => {
            let report = FileReport::new(display, Arc::from(unread.shown), None, vec![unread.finding]);
            return Checked { report, document: None, manifest: None };
        }
    };
    let format = Format::from_path(path).unwrap_or(Format::Yaml);
    check_text(display, Arc::from(text), format, path.parent())
}

/// Checks manifest text. `base_dir` is the folder local paths resolve against.
pub fn check_text(display: &str, text: Arc<str>, format: Format, base_dir: Option<&Path>) -> Checked {
    let document = match source::parse(&text, format) {
        Ok(document) => document,
        Err(finding) => {
            let report = FileReport::new(display, text, None, vec![*finding]);
            return Checked { report, document: None, manifest: None };
        }
    };
    let (findings, manifest) = check_document(&document, &text, base_dir);
    let report = FileReport::new(display, text, Some(&document), findings);
    Checked { report, document: Some(document), manifest }
}

/// Schema and rules over a parsed document.
pub fn check_document(document: &Document, source: &str, base_dir: Option<&Path>) -> (Vec<Finding>, Option<Manifest>) {
    let mut json = document.to_json();
    strip_nulls(&mut json, FREE_FORM);
    if !json.is_object() {
        let finding = Finding::error(codes::SCHEMA_INVALID_TYPE, "a manifest must be a mapping of keys to values")
            .at("")
            .with_help("start from `sagespec init`, or see the example in the README");
        return (vec![finding], None);
    }
    let schema_findings = schema::check(document, &json);
    let manifest = typed(json, &schema_findings);
    let rule_findings = match &manifest {
        Some(manifest) => rules::run(&Context { manifest, document, source, base_dir }),
        None => Vec::new(),
    };
    (merge(schema_findings, rule_findings), manifest)
}

/// The typed manifest from the values the schema accepted: every value at a rejected
/// pointer is removed first, so one bad value never hides the rest from the rules.
fn typed(mut json: Json, schema_findings: &[Finding]) -> Option<Manifest> {
    for finding in schema_findings.iter().filter(|f| f.code != codes::SCHEMA_MISSING_KEY) {
        remove(&mut json, &finding.pointer);
    }
    if let Ok(manifest) = Manifest::deserialize(&json) {
        return Some(manifest);
    }
    // The schema is generated from the same types, so this is a safety net: drop whole
    // top-level keys that had errors.
    for finding in schema_findings {
        if let (Some(top), Json::Object(map)) = (crate::source::document::tokens(&finding.pointer).next(), &mut json) {
            map.shift_remove(&top);
        }
    }
    serde_json::from_value(json).ok()
}

/// Removes the value at `pointer`; an item of a list takes its whole list with it.
fn remove(json: &mut Json, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match json.pointer_mut(parent) {
        Some(Json::Object(map)) => {
            map.shift_remove(&last);
        }
        Some(Json::Array(_)) => remove(json, parent),
        _ => {}
    }
}

/// Treats `key: null` (or an empty `key:`) as unset, outside free-form maps. `free_form`
/// holds the rest of each [`FREE_FORM`] path that leads through `json` (all of them at the
/// root); a path with nothing left names `json` itself.
fn strip_nulls(json: &mut Json, free_form: &[&[&str]]) {
    if free_form.iter().any(|path| path.is_empty()) {
        return;
    }
    match json {
        Json::Object(map) => {
            map.retain(|_, v| !v.is_null());
            for (key, value) in map.iter_mut() {
                let below: Vec<&[&str]> = free_form
                    .iter()
                    .filter_map(|path| path.split_first().filter(|(first, _)| *first == key).map(|(_, rest)| rest))
                    .collect();
                strip_nulls(value, &below);
            }
        }
        Json::Array(items) => {
            for item in items {
                strip_nulls(item, &[]);
            }
        }
        _ => {}
    }
}

/// A rule error at a pointer refines the schema's finding there (e.g. "quote this
/// version" over "expected a string"), so the schema's is dropped. A warning never does:
/// it must not turn an error into a warning.
fn merge(schema_findings: Vec<Finding>, rule_findings: Vec<Finding>) -> Vec<Finding> {
    let refined: Vec<&str> = rule_findings.iter().filter(|f| f.is_error()).map(|f| f.pointer.as_str()).collect();
    let mut all: Vec<Finding> = schema_findings
        .into_iter()
        .filter(|f| {
            f.code == codes::SCHEMA_MISSING_KEY
                || f.code == codes::SCHEMA_UNKNOWN_KEY
                || !refined.contains(&f.pointer.as_str())
        })
        .collect();
    all.extend(rule_findings);
    all
}

/// A file that could not be taken as manifest text: the finding, and the text to show
/// beside it (the bytes decoded lossily, or nothing).
struct Unread {
    finding: Finding,
    shown: String,
}

/// Reads a regular file, at most one byte past the size limit; a failure is a finding.
fn read_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>, Box<Unread>> {
    use std::io::Read;
    let unread = |finding| Box::new(Unread { finding, shown: String::new() });
    let metadata = std::fs::metadata(path).map_err(|e| unread(unreadable(path, &e)))?;
    if !metadata.is_file() {
        // A FIFO or a device would block or never end.
        let error = std::io::Error::other("not a regular file");
        return Err(unread(unreadable(path, &error)));
    }
    let file = std::fs::File::open(path).map_err(|e| unread(unreadable(path, &e)))?;
    let mut bytes = Vec::new();
    file.take(limits.max_file_bytes as u64 + 1).read_to_end(&mut bytes).map_err(|e| unread(unreadable(path, &e)))?;
    Ok(bytes)
}

/// The bytes as UTF-8 text within the size limit; a failure is a finding.
fn decode(bytes: Vec<u8>, limits: &Limits) -> Result<String, Box<Unread>> {
    if bytes.len() > limits.max_file_bytes {
        return Err(Box::new(Unread { finding: source::too_large(bytes.len(), limits), shown: String::new() }));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let shown = String::from_utf8_lossy(e.as_bytes()).into_owned();
        // Offsets index the lossy text, which matches the file up to the first bad byte.
        let finding = Finding::error(codes::SOURCE_SYNTAX, "the file is not valid UTF-8")
            .at_span(crate::source::Span::new(at, 1))
            .with_label("invalid byte here")
            .with_help("save the manifest as UTF-8");
        Box::new(Unread { finding, shown })
    })
}

fn unreadable(path: &Path, error: &std::io::Error) -> Finding {
    Finding::error(codes::SOURCE_UNREADABLE, format!("cannot read {}: {error}", path.display()))
        .at_span(crate::source::Span::new(0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_reports_come_in_path_order_across_batches() {
        let dir = tempfile::tempdir().expect("tempdir");
        let count = parallel::BATCH * 2 + 7;
        for i in 0..count {
            // Every third file has an unknown key, so reports differ and order shows.
            let extra = if i % 3 == 0 { "colour: red\n" } else { "" };
            let text = format!("apiVersion: sagespec/v1\nkind: TrainingJob\n{extra}");
            std::fs::write(dir.path().join(format!("m{i:04}.yaml")), text).expect("write");
        }
        let mut streamed = Vec::new();
        let paths = [dir.path().to_path_buf()];
        let validated = validate_paths_streaming(&paths, |report| streamed.push(report)).expect("walks");
        assert!(validated.reports.is_empty());
        let names: Vec<String> =
            streamed.iter().map(|r| r.path.rsplit('/').next().unwrap_or_default().to_owned()).collect();
        let expected: Vec<String> = (0..count).map(|i| format!("m{i:04}.yaml")).collect();
        assert_eq!(names, expected);
        let collected = validate_paths(&paths).expect("walks");
        let codes = |reports: &[FileReport]| -> Vec<Vec<String>> {
            reports.iter().map(|r| r.findings.iter().map(|f| f.finding.code.to_string()).collect()).collect()
        };
        assert_eq!(codes(&collected.reports), codes(&streamed));
        assert!(streamed[0].findings.iter().any(|f| f.finding.code == codes::SCHEMA_UNKNOWN_KEY));
        assert!(!streamed[1].findings.iter().any(|f| f.finding.code == codes::SCHEMA_UNKNOWN_KEY));
    }

    #[test]
    fn nulls_are_unset_except_inside_free_form_maps() {
        let mut json = serde_json::json!({
            "region": null,
            "hyperparameters": {"a": null, "b": 1},
            "tags": [{"k": null}],
            "distribution": {
                "mpi": {"enabled": true, "custom_mpi_options": null},
                "smdistributed": {"modelparallel": {"enabled": true, "parameters": {"x": null}, "y": null}}
            }
        });
        strip_nulls(&mut json, FREE_FORM);
        assert_eq!(
            json,
            serde_json::json!({
                "hyperparameters": {"a": null, "b": 1},
                "tags": [{}],
                "distribution": {
                    "mpi": {"enabled": true},
                    "smdistributed": {"modelparallel": {"enabled": true, "parameters": {"x": null}}}
                }
            })
        );
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(crate::source::document::push_token("/tags", "a/b~c"), "/tags/a~1b~0c");
        assert_eq!(crate::source::document::push_token("", "région"), "/région");
    }
}
