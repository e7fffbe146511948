//! Checking one manifest: text → [`Document`] → the kind's schema and rules → findings
//! and a typed manifest. Every stage runs and adds findings ("collect, don't bail"); only
//! a document that cannot be parsed stops early.
//!
//! A manifest in a folder with `kind: Defaults` files above it is checked merged with them
//! ([`crate::defaults`]), and each finding placed in the file that wrote its value.
//!
//! `kind:` picks the checks ([`crate::kinds`]); a document without a usable `kind` is
//! checked as the first built-in kind, so its schema reports what is missing. The helpers
//! every kind's check shares ([`strip_nulls`], [`typed`], [`merge`]) live here too.
//! Checking many files from the user's paths is [`crate::ops::validate`]'s job.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use crate::defaults;
use crate::diagnostic::{FileReport, Finding, codes};
use crate::kinds::{self, CheckInput, Kind, Registry, Typed};
use crate::schema::did_you_mean;
use crate::schema::suggest::only_close_match;
use crate::source::{self, Document, Format, Limits};

/// The outcome of checking one manifest.
#[derive(Debug)]
pub struct Checked {
    /// Every finding, resolved to positions.
    pub report: FileReport,
    /// The document, when the text parsed.
    pub document: Option<Document>,
    /// The manifest's kind, when the document names one the registry knows.
    pub kind: Option<&'static dyn Kind>,
    /// The typed manifest, when the document had its kind's shape.
    pub manifest: Option<Typed>,
    /// Findings the manifest raises in files it names (see
    /// [`crate::kinds::Checked::elsewhere`]), each report's path shown beside the manifest's.
    pub related: Vec<FileReport>,
}

impl Checked {
    /// Whether any finding, here or in a related file, is an error.
    pub fn has_errors(&self) -> bool {
        self.report.errors() > 0 || self.related.iter().any(|report| report.errors() > 0)
    }

    /// The typed manifest as the kind's own type `T` (e.g. [`crate::spec::Manifest`]).
    pub fn manifest_as<T: 'static>(&self) -> Option<&T> {
        self.manifest.as_ref().and_then(Typed::downcast)
    }
}

/// The built-in kinds, shared by every check of a run.
pub fn builtin() -> &'static Registry {
    static BUILTIN: LazyLock<Registry> = LazyLock::new(Registry::default);
    &BUILTIN
}

/// Reads and checks the manifest at `path`, shown to the user as `display`.
pub fn check_file(path: &Path, display: &str) -> Checked {
    check_bytes(builtin(), path, display, read_bytes(path, &Limits::default()))
}

/// Checks a file's bytes as read by [`read_bytes`] (a read failure becomes a finding).
pub fn check_bytes(registry: &Registry, path: &Path, display: &str, bytes: Result<Vec<u8>, Box<Unread>>) -> Checked {
    let text = match bytes.and_then(|bytes| decode(bytes, &Limits::default())) {
        Ok(text) => text,
        Err(unread) => {
            let report = FileReport::new(display, Arc::from(unread.shown), None, vec![unread.finding]);
            return Checked { report, document: None, kind: None, manifest: None, related: Vec::new() };
        }
    };
    let format = Format::from_path(path).unwrap_or(Format::Yaml);
    check_text_with(registry, display, Arc::from(text), format, path.parent())
}

/// Checks manifest text. `base_dir` is the folder local paths resolve against.
pub fn check_text(display: &str, text: Arc<str>, format: Format, base_dir: Option<&Path>) -> Checked {
    check_text_with(builtin(), display, text, format, base_dir)
}

/// [`check_text`] with the kinds of `registry`.
pub fn check_text_with(
    registry: &Registry,
    display: &str,
    text: Arc<str>,
    format: Format,
    base_dir: Option<&Path>,
) -> Checked {
    let document = match source::parse(&text, format) {
        Ok(document) => document,
        Err(finding) => {
            let report = FileReport::new(display, text, None, vec![*finding]);
            return Checked { report, document: None, kind: None, manifest: None, related: Vec::new() };
        }
    };
    let layered = base_dir.and_then(|dir| layered(registry, display, &document, dir));
    let Some(layered) = layered else {
        let (checked, kind) = check_document(registry, &document, &text, base_dir);
        return finish(display, text, document, kind, checked, Vec::new());
    };
    let (mut checked, kind) = check_document(registry, &layered.document, &text, base_dir);
    let mut layers = Vec::new();
    if let Some(kind) = kind {
        let file_name = file_name(display);
        let placed = layered.place(kind, std::mem::take(&mut checked.findings), (display, &file_name, &text));
        checked.findings = placed.manifest;
        layers = placed.layers;
    }
    finish(display, text, layered.document, kind, checked, layers)
}

/// Findings about the manifest at `path` (shown as `display`, its text `text`) raised
/// after its check (the account checks'), resolved as its own findings are: against its
/// merged document, those about inherited values in the reports of their Defaults files.
/// Its report, then those.
pub fn resolve_later(
    path: &Path,
    display: &str,
    text: Arc<str>,
    findings: Vec<Finding>,
) -> (FileReport, Vec<FileReport>) {
    let format = Format::from_path(path).unwrap_or(Format::Yaml);
    let Ok(document) = source::parse(&text, format) else {
        return (FileReport::new(display, text, None, findings), Vec::new());
    };
    let layered = layered(builtin(), display, &document, crate::discover::base_dir(path));
    let Some(layered) = layered else {
        return (FileReport::new(display, text, Some(&document), findings), Vec::new());
    };
    let file_name = file_name(display);
    let relocated = layered.relocate(findings, (display, &file_name, &text));
    let checked = kinds::Checked { findings: relocated.manifest, ..kinds::Checked::default() };
    let Checked { report, related, .. } = finish(display, text, layered.document, None, checked, relocated.layers);
    (report, related)
}

/// The file name of the manifest shown as `display`.
fn file_name(display: &str) -> String {
    Path::new(display).file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The manifest `document` (the file shown as `display`, in the folder `base_dir`) merged
/// with the Defaults files that reach it, when any do (see [`defaults::layer`]). A file
/// named as a Defaults file is one (or is refused as one), never a manifest under one.
pub fn layered(registry: &Registry, display: &str, document: &Document, base_dir: &Path) -> Option<defaults::Layered> {
    if defaults::FILE_NAMES.contains(&file_name(display).as_str()) {
        return None;
    }
    named_kind(registry, document).and_then(|kind| defaults::layer(document, base_dir, kind))
}

/// The kind `document` names, when the registry knows it.
fn named_kind(registry: &Registry, document: &Document) -> Option<&'static dyn Kind> {
    match &document.root.entry("kind")?.value.value {
        source::Value::String(name) => registry.get(name),
        _ => None,
    }
}

/// The outcome of a check: findings resolved against `document` (the merged one, when the
/// manifest has Defaults), and the reports of other files (`elsewhere`: the files it
/// names, the Defaults files its findings moved to), every path shown beside `display`.
fn finish(
    display: &str,
    text: Arc<str>,
    document: Document,
    kind: Option<&'static dyn Kind>,
    mut checked: kinds::Checked,
    elsewhere: Vec<FileReport>,
) -> Checked {
    // A related report's or label's path is relative to the manifest's folder: show it
    // beside `display`.
    let folder = Path::new(display).parent().unwrap_or(Path::new(""));
    let beside = |path: &str| normalize(&folder.join(path));
    let mut moved = elsewhere;
    let in_moved = moved.iter_mut().flat_map(|report| report.findings.iter_mut().map(|resolved| &mut resolved.finding));
    for label in checked.findings.iter_mut().chain(in_moved).flat_map(|f| &mut f.related) {
        label.path = beside(&label.path);
    }
    let mut related: Vec<FileReport> = checked.elsewhere.into_iter().chain(moved).collect();
    for report in &mut related {
        report.path = beside(&report.path);
    }
    let report = FileReport::new(display, text, Some(&document), checked.findings);
    Checked { report, document: Some(document), kind, manifest: checked.manifest, related }
}

/// `path` with each `folder/..` taken out by its text: `specs/team/../x` → `specs/x`.
pub(crate) fn normalize(path: &Path) -> String {
    use std::path::Component;
    let mut parts: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match (component, parts.last()) {
            (Component::CurDir, _) => {}
            (Component::ParentDir, Some(Component::Normal(_))) => {
                parts.pop();
            }
            (other, _) => parts.push(other),
        }
    }
    let joined: std::path::PathBuf = parts.iter().collect();
    joined.display().to_string()
}

/// The kind's schema and rules over a parsed document: what its kind's check found (its
/// findings, its typed manifest when it has the kind's shape, its findings in the files it
/// names), and its kind (when known).
pub fn check_document(
    registry: &Registry,
    document: &Document,
    source: &str,
    base_dir: Option<&Path>,
) -> (kinds::Checked, Option<&'static dyn Kind>) {
    let found = |finding: Finding| kinds::Checked { findings: vec![finding], ..kinds::Checked::default() };
    let json = document.to_json();
    if !json.is_object() {
        let finding = Finding::error(codes::SCHEMA_INVALID_TYPE, "a manifest must be a mapping of keys to values")
            .at("")
            .with_help("start from `sagespec init`, or see the example in the README");
        return (found(finding), None);
    }
    let kind = match json.get("kind").and_then(Json::as_str) {
        Some(name) => match registry.get(name) {
            Some(kind) => kind,
            None => return (found(unknown_kind(registry, name, document)), None),
        },
        // No usable `kind`: the first kind's schema says what is missing or wrong.
        None => match registry.names().first().and_then(|name| registry.get(name)) {
            Some(kind) => kind,
            None => return (kinds::Checked::default(), None),
        },
    };
    (kind.check(CheckInput { document, json, source, base_dir }), Some(kind))
}

/// A `kind` the registry does not know, with "did you mean" (and the fix, when only one
/// kind is close).
fn unknown_kind(registry: &Registry, name: &str, document: &Document) -> Finding {
    let names = registry.names();
    let fix = only_close_match(name, names.iter().copied())
        .and_then(|close| crate::fix::repairs::replace_string(document, "/kind", close));
    let listed = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let help = match did_you_mean(name, names.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? sagespec knows the kinds {listed}"),
        None => format!("sagespec knows the kinds {listed}"),
    };
    Finding::error(codes::SCHEMA_INVALID_VALUE, format!("`{name}` is not a kind of manifest"))
        .with_fix(fix)
        .at("/kind")
        .with_label("unknown kind")
        .with_help(help)
}

/// The typed manifest from the values the schema accepted: every value at a rejected
/// pointer is removed first, so one bad value never hides the rest from the rules.
pub fn typed<T: DeserializeOwned>(mut json: Json, schema_findings: &[Finding]) -> Option<T> {
    for finding in schema_findings.iter().filter(|f| f.code != codes::SCHEMA_MISSING_KEY) {
        remove(&mut json, &finding.pointer);
    }
    if let Ok(manifest) = T::deserialize(&json) {
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
/// holds the rest of each free-form path (a kind's list, by keys from the root) that leads through `json` (all of them at the
/// root); a path with nothing left names `json` itself.
pub fn strip_nulls(json: &mut Json, free_form: &[&[&str]]) {
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
pub fn merge(schema_findings: Vec<Finding>, rule_findings: Vec<Finding>) -> Vec<Finding> {
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
pub struct Unread {
    finding: Finding,
    shown: String,
}

/// Reads a regular file, at most one byte past the size limit; a failure is a finding.
pub fn read_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>, Box<Unread>> {
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
pub fn decode(bytes: Vec<u8>, limits: &Limits) -> Result<String, Box<Unread>> {
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
        strip_nulls(&mut json, crate::kinds::training_job::FREE_FORM);
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
