//! Validate: the manifests under the user's paths, each checked on its own and in parallel,
//! then their references to other manifests ([`super::graph`]); a manifest reached only
//! through a reference is reported too when it has errors. A manifest's findings in the
//! files it names (a tuning job's, in its training job's file) follow its own report, as
//! reports of those files, and count as its errors.
//!
//! Files are checked [`parallel::BATCH`] at a time on every core; each file's report is
//! handed on, in path order, as soon as it and every file before it are done, so
//! `validate` prints while it checks. Only what the caller asks to keep is kept: the typed
//! manifests (compile, plan and apply need them; validate does not), and a report's text
//! only when it has findings to quote.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::{self, Checked};
use crate::diagnostic::{FileReport, codes};
use crate::discover::{self, DiscoverError};
use crate::kinds::{Kind, Referenced, Registry, Typed};
use crate::parallel;
use crate::source::Limits;

use super::graph::Graph;

/// A manifest without errors.
#[derive(Clone, Debug)]
pub struct Valid {
    /// Its path on disk.
    pub path: PathBuf,
    /// Its path as shown to the user.
    pub display: String,
    /// Its kind.
    pub kind: &'static dyn Kind,
    /// Its typed manifest.
    pub manifest: Typed,
    /// The valid manifests it names by reference keys (see [`crate::kinds::CompileContext`]).
    pub references: Vec<(String, Referenced)>,
}

/// The manifests under the user's paths, each checked on its own.
#[derive(Debug, Default)]
pub struct Validated {
    /// Every manifest without errors, in path order (kept only when asked for).
    pub manifests: Vec<Valid>,
    /// The report of every manifest, warnings included, in path order ([`validate_paths`];
    /// [`validate_paths_streaming`] hands each on instead and leaves this empty).
    pub reports: Vec<FileReport>,
    /// Whether a file could not be read at all (an I/O failure rather than a finding).
    pub unreadable: bool,
    /// Whether any manifest has errors or could not be read.
    pub has_errors: bool,
}

/// What makes two reports the same: the file, and each finding's place, code and message.
#[derive(PartialEq, Eq, Hash)]
struct ReportKey(String, Vec<(usize, String, String)>);

impl ReportKey {
    fn of(report: &FileReport) -> Self {
        let findings =
            report.findings.iter().map(|r| (r.span.offset, r.finding.code.to_string(), r.finding.message.clone()));
        Self(report.path.clone(), findings.collect())
    }
}

/// The reports of Defaults files, shown after the manifests: one per file, with its own
/// findings and those about the values it set that manifests inherit, each once (a finding
/// names every manifest that inherits its value; a broken file's errors, which every
/// manifest below it repeats, come once).
#[derive(Default)]
struct DefaultsReports(Vec<FileReport>);

impl DefaultsReports {
    /// Whether `report` is a Defaults file's.
    fn holds(report: &FileReport) -> bool {
        Path::new(&report.path)
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| crate::defaults::FILE_NAMES.contains(&name))
    }

    fn add(&mut self, report: FileReport) {
        let path = crate::check::normalize(Path::new(&report.path));
        match self.0.iter_mut().find(|known| crate::check::normalize(Path::new(&known.path)) == path) {
            Some(known) => known.absorb(report),
            None => self.0.push(report),
        }
    }
}

/// Finds the manifests named by `paths` (see [`discover`]), checks each, and keeps the
/// valid manifests and every report. Compile, plan and apply start here.
pub fn validate_paths(paths: &[PathBuf]) -> Result<Validated, DiscoverError> {
    let mut reports = Vec::new();
    let mut validated = run(check::builtin(), paths, true, |report| reports.push(report))?;
    validated.reports = reports;
    Ok(validated)
}

/// What `validate` does: [`validate_paths`], handing each report to `each` as soon as it
/// and every report before it are ready, and keeping neither reports nor manifests.
pub fn validate_paths_streaming(paths: &[PathBuf], each: impl FnMut(FileReport)) -> Result<Validated, DiscoverError> {
    run(check::builtin(), paths, false, each)
}

/// Checks one manifest's text as [`validate_paths`] checks the file at `path`, references
/// included: for a buffer an editor has not saved (the language server).
pub fn validate_text(path: &Path, text: Arc<str>, format: crate::source::Format) -> Checked {
    let registry = check::builtin();
    let mut checked = check::check_text_with(registry, &path.display().to_string(), text, format, path.parent());
    if let (Some(kind), Some(document)) = (checked.kind, &checked.document) {
        let findings = Graph::new(registry).findings(path, kind, document);
        checked.report.add(Some(document), findings);
    }
    checked
}

/// Checks every manifest under `paths` with the kinds of `registry`; keeps the valid
/// manifests when `keep_manifests`; hands each report to `each`, in path order.
pub fn run(
    registry: &Registry,
    paths: &[PathBuf],
    keep_manifests: bool,
    mut each: impl FnMut(FileReport),
) -> Result<Validated, DiscoverError> {
    let found = discover::manifests(paths)?;
    let mut validated = Validated::default();
    let mut graph = Graph::new(registry);
    let mut reported = HashSet::new();
    let mut defaults = DefaultsReports::default();
    for batch in found.chunks(parallel::BATCH) {
        let checked = parallel::map(batch, |found| {
            let mut checked = check_found(registry, found)?;
            // Only a manifest with references needs its document past this point; the rest
            // are freed here, on every core, rather than one by one below.
            if checked.kind.is_none_or(|kind| kind.references().is_empty()) {
                checked.document = None;
                if checked.report.findings.is_empty() {
                    // Nothing will quote the text.
                    checked.report.source = Arc::from("");
                }
            }
            Some(checked)
        });
        for (found, checked) in batch.iter().zip(checked).filter_map(|(f, c)| Some((f, c?))) {
            let Checked { mut report, document, kind, manifest, related } = checked;
            let mut references = Vec::new();
            if let (Some(kind), Some(document)) = (kind, &document) {
                report.add(Some(document), graph.findings(&found.path, kind, document));
                references = graph.references(&found.path, kind, document);
            }
            let unreadable = report.findings.iter().any(|f| f.finding.code == codes::SOURCE_UNREADABLE);
            // Its findings in the files it names are its own: they keep it from validating.
            let has_errors = unreadable || report.errors() > 0 || related.iter().any(|r| r.errors() > 0);
            validated.unreadable |= unreadable;
            validated.has_errors |= has_errors || manifest.is_none();
            // A Defaults file is checked, but declares nothing to compile.
            let kind = kind.filter(|kind| kind.declares_resources());
            if let (false, true, Some(kind), Some(manifest)) = (has_errors, keep_manifests, kind, manifest) {
                validated.manifests.push(Valid {
                    path: found.path.clone(),
                    display: found.display.clone(),
                    kind,
                    manifest,
                    references,
                });
            }
            if report.findings.is_empty() {
                report.source = Arc::from("");
            }
            if DefaultsReports::holds(&report) {
                defaults.add(report);
            } else {
                each(report);
            }
            for related in related.into_iter().filter(|related| !related.findings.is_empty()) {
                if DefaultsReports::holds(&related) {
                    defaults.add(related);
                } else if reported.insert(ReportKey::of(&related)) {
                    // A report of another file is shown once, however many manifests raise it.
                    each(related);
                }
            }
        }
    }
    defaults.0.into_iter().for_each(&mut each);
    // A manifest named only through a reference (`validate endpoint.yaml`, whose model has
    // errors) is reported too, once: its errors are why the reference is invalid.
    let listed: HashSet<PathBuf> = found.iter().map(|found| canonical(&found.path)).collect();
    for report in graph.unlisted_reports(&listed) {
        let mut report = report.clone();
        report.path = shown(&report.path);
        validated.has_errors = true;
        each(report);
    }
    Ok(validated)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to the current folder when it is under it, as discovered paths are shown.
fn shown(path: &str) -> String {
    let relative = std::env::current_dir().ok().and_then(|here| {
        let here = canonical(&here);
        Path::new(path).strip_prefix(&here).ok().map(|p| p.display().to_string())
    });
    relative.unwrap_or_else(|| path.to_owned())
}

/// Checks a discovered file; `None` for a file found under a folder that turns out not
/// to be a manifest (it cannot be read, or declares no `sagespec/` apiVersion).
fn check_found(registry: &Registry, found: &discover::Manifest) -> Option<Checked> {
    let bytes = check::read_bytes(&found.path, &Limits::default());
    if found.walked && !bytes.as_ref().is_ok_and(|bytes| discover::declares_sagespec(bytes)) {
        return None;
    }
    Some(check::check_bytes(registry, &found.path, &found.display, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reached_only_through_a_reference_is_reported_once_with_its_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let model = "apiVersion: sagespec/v1\nkind: Model\nname: m\nframework: pytorch\nimage_uri: x.dkr.ecr/i:1\n\
                     model_data: s3://b/model.tar.gz\n";
        std::fs::write(dir.path().join("model.yaml"), model).expect("write");
        let endpoint = "apiVersion: sagespec/v1\nkind: Endpoint\nmodel: model.yaml\n\
                        instance_type: ml.m5.xlarge\ninitial_instance_count: 1\n";
        std::fs::write(dir.path().join("endpoint.yaml"), endpoint).expect("write");
        let codes_in = |reports: &[FileReport], file: &str| -> Vec<String> {
            reports
                .iter()
                .filter(|r| r.path.ends_with(file))
                .flat_map(|r| r.findings.iter().map(|f| f.finding.code.to_string()))
                .collect()
        };
        // Only the endpoint named: the model's own error (no role) is reported too.
        let alone = validate_paths(&[dir.path().join("endpoint.yaml")]).expect("validates");
        assert!(alone.has_errors);
        assert_eq!(codes_in(&alone.reports, "endpoint.yaml"), [codes::REFERENCE_INVALID_TARGET]);
        assert_eq!(codes_in(&alone.reports, "model.yaml"), [codes::SCHEMA_MISSING_KEY]);
        // Both named: the model's report comes once, as its own.
        let both = validate_paths(&[dir.path().to_path_buf()]).expect("validates");
        assert_eq!(both.reports.iter().filter(|r| r.path.ends_with("model.yaml")).count(), 1);
    }

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
    fn only_runs_that_ask_keep_the_typed_manifests() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("probe.yaml"), "apiVersion: sagespec/v1\nkind: Probe\nname: a\n")
            .expect("write");
        let registry = Registry::with(&[&crate::kinds::probe::Probe]);
        let paths = [dir.path().to_path_buf()];
        let kept = run(&registry, &paths, true, |_| {}).expect("walks");
        assert_eq!(kept.manifests.len(), 1);
        assert_eq!(kept.manifests[0].kind.name(), "Probe");
        assert!(!kept.has_errors);
        let dropped = run(&registry, &paths, false, |_| {}).expect("walks");
        assert!(dropped.manifests.is_empty());
    }
}
