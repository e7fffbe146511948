//! Findings as LSP diagnostics: each keeps its code (linked to its docs), severity,
//! message, help and secondary labels (as related information, also those in the training
//! script), at its exact range in UTF-16 positions.

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use super::position::LineIndex;
use crate::diagnostic::{Resolved, Severity, registry};

/// The diagnostic of one finding in the document at `uri`.
pub fn diagnostic(uri: &Uri, index: &LineIndex<'_>, resolved: &Resolved) -> Diagnostic {
    let finding = &resolved.finding;
    let mut message = finding.text().into_owned();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = resolved
        .labels
        .iter()
        .map(|(span, text)| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: index.range(*span) },
            message: text.clone(),
        })
        .chain(finding.related.iter().filter_map(|label| {
            // A label in another file (the training script): its path is beside the
            // manifest's, so absolute here.
            let uri = super::documents::file_uri(std::path::Path::new(&label.path))?;
            let range = LineIndex::new(&label.source).range(label.span);
            Some(DiagnosticRelatedInformation { location: Location { uri, range }, message: label.text.clone() })
        }))
        .collect();
    Diagnostic {
        range: index.range(resolved.span),
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(finding.code.to_string())),
        code_description: registry::get(&finding.code)
            .and_then(|docs| docs.help_uri().parse().ok())
            .map(|href| CodeDescription { href }),
        source: Some("sagespec".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{FileReport, Finding};
    use crate::source::Span;
    use lsp_types::Position;

    #[test]
    fn a_finding_keeps_its_code_help_labels_and_utf16_range() {
        let text = "# ü😀\nregion: ütopia-1\n";
        let document = crate::source::parse(text, crate::source::Format::Yaml).expect("parses");
        let finding = Finding::error("sagespec::schema::invalid-value", "`ütopia-1` is not a valid region")
            .at("/region")
            .with_help("use one of …")
            .also("/region", "here");
        let report = FileReport::new("a.yaml", text.into(), Some(&document), vec![finding]);
        let uri: Uri = "file:///w/a.yaml".parse().expect("uri");
        let got = diagnostic(&uri, &LineIndex::new(text), &report.findings[0]);
        let start = Position { line: 1, character: 8 };
        assert_eq!(got.range.start, start);
        // `ütopia-1` is 8 characters, and 8 UTF-16 units.
        assert_eq!(got.range.end, Position { line: 1, character: 16 });
        assert_eq!(got.code, Some(NumberOrString::String("sagespec::schema::invalid-value".into())));
        assert!(got.code_description.is_some());
        assert_eq!(got.message, "`ütopia-1` is not a valid region\nhelp: use one of …");
        assert_eq!(got.severity, Some(DiagnosticSeverity::ERROR));
        let related = got.related_information.expect("related");
        assert_eq!(related[0].message, "here");
        assert_eq!(related[0].location.range.start, start);
        // Bytes: `# ü😀\n` is 9, `region: ` 8, and `ütopia-1` 9.
        assert_eq!(report.findings[0].span, Span::new(17, 9));
    }

    #[test]
    fn a_label_in_the_training_script_points_into_that_file() {
        let text = "distribution: {}\n";
        let document = crate::source::parse(text, crate::source::Format::Yaml).expect("parses");
        let script: std::sync::Arc<str> = "# é\ndist.init_process_group(backend=\"nccl\")\n".into();
        let call = script.find("dist.").expect("call");
        let finding = Finding::warning("sagespec::script::dataparallel-not-initialised", "never initialises SMDDP")
            .at("/distribution")
            .also_in("/w/src/train.py", script, Span::new(call, 4), "starts the process group");
        let report = FileReport::new("/w/a.yaml", text.into(), Some(&document), vec![finding]);
        let uri: Uri = "file:///w/a.yaml".parse().expect("uri");
        let got = diagnostic(&uri, &LineIndex::new(text), &report.findings[0]);
        let related = got.related_information.expect("related");
        let label = related.iter().find(|r| r.message == "starts the process group").expect("the script's label");
        assert_eq!(label.location.uri.as_str(), "file:///w/src/train.py");
        assert_eq!(label.location.range.start, Position { line: 1, character: 0 });
        assert_eq!(label.location.range.end, Position { line: 1, character: 4 });
    }
}
