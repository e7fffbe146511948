//! The account findings as [`FileReport`]s: each manifest with findings is read again
//! (validate keeps no text for a file without findings) and its findings resolved against
//! it, joining the file's report from validate when there is one.

use std::sync::Arc;

use super::ManifestFindings;
use crate::check::{decode, read_bytes};
use crate::diagnostic::FileReport;
use crate::source::{self, Format, Limits};

/// Adds the findings of `found` to `reports`: to the report of the same file, or as a new
/// report at the end. A file that can no longer be read or parsed (changed meanwhile)
/// gets its findings without positions.
pub fn merge(reports: &mut Vec<FileReport>, found: Vec<ManifestFindings>) {
    for ManifestFindings { path, display, findings } in found.into_iter().filter(|found| !found.findings.is_empty()) {
        let limits = Limits::default();
        let text = read_bytes(&path, &limits).and_then(|bytes| decode(bytes, &limits)).unwrap_or_default();
        let format = Format::from_path(&path).unwrap_or(Format::Yaml);
        let document = source::parse(&text, format).ok();
        let text: Arc<str> = Arc::from(text);
        match reports.iter_mut().find(|report| report.path == display) {
            Some(report) => {
                report.source = text;
                report.add(document.as_ref(), findings);
            }
            None => reports.push(FileReport::new(display, text, document.as_ref(), findings)),
        }
    }
}

/// The reports of the files with findings, alone.
pub fn reports(found: Vec<ManifestFindings>) -> Vec<FileReport> {
    let mut reports = Vec::new();
    merge(&mut reports, found);
    reports
}
