//! The account findings as [`FileReport`]s: each manifest with findings is read again
//! (validate keeps no text for a file without findings) and its findings resolved against
//! it (merged with its Defaults: a finding about an inherited value goes to the Defaults
//! file), joining the file's report from validate when there is one.

use std::sync::Arc;

use super::ManifestFindings;
use crate::check::{decode, read_bytes, resolve_later};
use crate::diagnostic::FileReport;
use crate::source::Limits;

/// Adds the findings of `found` to `reports`: to the report of the same file, or as a new
/// report at the end. A file that can no longer be read or parsed (changed meanwhile)
/// gets its findings without positions.
pub fn merge(reports: &mut Vec<FileReport>, found: Vec<ManifestFindings>) {
    for ManifestFindings { path, display, findings } in found.into_iter().filter(|found| !found.findings.is_empty()) {
        let limits = Limits::default();
        let text = read_bytes(&path, &limits).and_then(|bytes| decode(bytes, &limits)).unwrap_or_default();
        // A finding about a value a Defaults file set goes to that file's line.
        let (report, elsewhere) = resolve_later(&path, &display, Arc::from(text), findings);
        for report in std::iter::once(report).chain(elsewhere) {
            match reports.iter_mut().find(|known| known.path == report.path) {
                Some(known) => known.absorb(report),
                None => reports.push(report),
            }
        }
    }
}

/// The reports of the files with findings, alone.
pub fn reports(found: Vec<ManifestFindings>) -> Vec<FileReport> {
    let mut reports = Vec::new();
    merge(&mut reports, found);
    reports
}
