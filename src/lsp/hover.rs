//! Hover: on a diagnostic's range, the docs of its code from the rule registry (what,
//! why, an example), the document's own findings and those other manifests' checks put in
//! it (a Defaults file) alike; elsewhere on a key or value, the key's schema documentation.

use lsp_types::{Diagnostic, Hover, HoverContents, MarkupContent, MarkupKind, NumberOrString, Position, Range};

use super::analysis::Analysis;
use super::position::LineIndex;
use super::schema::{self, View};
use crate::diagnostic::registry;
use crate::source::document::tokens;

/// The hover at `position` of `text`, as `analysis` (of that text) sees it, with `foreign`
/// the diagnostics other manifests' checks put in it.
pub fn hover(text: &str, analysis: &Analysis, foreign: &[Diagnostic], position: Position) -> Option<Hover> {
    let index = LineIndex::new(text);
    let offset = index.offset(position);
    rule_docs(analysis, foreign, &index, position).or_else(|| schema_docs(analysis, &index, offset))
}

/// The docs of every code with a finding under the cursor, each once.
fn rule_docs(analysis: &Analysis, foreign: &[Diagnostic], index: &LineIndex<'_>, at: Position) -> Option<Hover> {
    let own = analysis.report.findings.iter().map(|r| (r.finding.code.as_ref(), index.range(r.span)));
    let others = foreign.iter().filter_map(|d| match &d.code {
        Some(NumberOrString::String(code)) => Some((code.as_str(), d.range)),
        _ => None,
    });
    let under: Vec<(&str, Range)> =
        own.chain(others).filter(|(_, range)| range.start <= at && at <= range.end).collect();
    let mut codes: Vec<&str> = Vec::new();
    for (code, _) in &under {
        if !codes.contains(code) {
            codes.push(code);
        }
    }
    let sections: Vec<String> = codes
        .iter()
        .filter_map(|code| registry::get(code))
        .map(|docs| format!("**`{}`**\n\n{}", docs.code, docs.markdown_body()))
        .collect();
    if sections.is_empty() {
        return None;
    }
    Some(markdown(sections.join("\n\n---\n\n"), under.first().map(|(_, range)| *range)))
}

/// The schema's title and description of the key under the cursor.
fn schema_docs(analysis: &Analysis, index: &LineIndex<'_>, offset: usize) -> Option<Hover> {
    let at = analysis.at(offset)?;
    let view = View::root(schema::of(analysis.kind?)?).at(&at.pointer)?;
    let description = view.description()?;
    let key = tokens(&at.pointer).last().unwrap_or_default();
    let heading = match view.title() {
        Some(title) => format!("**{title}** (`{key}`)"),
        None => format!("`{key}`"),
    };
    let located = analysis.document()?.locate(&at.pointer);
    let span = if at.on_key { located.key.unwrap_or(located.value) } else { located.value };
    Some(markdown(format!("{heading}\n\n{description}"), Some(index.range(span))))
}

fn markdown(value: String, range: Option<lsp_types::Range>) -> Hover {
    Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn hover_text(text: &str, needle: &str) -> Option<String> {
        hover_text_at(Path::new("/w/a.yaml"), text, needle)
    }

    fn hover_text_at(path: &Path, text: &str, needle: &str) -> Option<String> {
        let analysis = super::super::analysis::analyze(path, Arc::from(text)).expect("manifest");
        let index = LineIndex::new(text);
        let position = index.position(text.find(needle).expect("needle") + 1);
        hover(text, &analysis, &[], position).map(|h| match h.contents {
            HoverContents::Markup(markup) => markup.value,
            _ => String::new(),
        })
    }

    #[test]
    fn a_key_shows_its_schema_docs_and_a_finding_its_rule_docs() {
        let text = "apiVersion: sagespec/v1\nkind: TrainingJob\nframework_version: 1.10 # ünïcode\n";
        let key = hover_text(text, "framework_version").expect("docs");
        assert!(
            key.starts_with("**Framework version** (`framework_version`)\n\nFramework version, as a string"),
            "{key}"
        );
        let finding = hover_text(text, "1.10").expect("docs");
        assert!(finding.contains("**`sagespec::manifest::unquoted-version`**"), "{finding}");
        assert!(finding.contains("YAML and TOML read `1.10` as the number 1.1"), "{finding}");
    }

    #[test]
    fn under_defaults_only_the_manifests_own_keys_are_under_the_cursor() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        let defaults = "apiVersion: sagespec/v1\nkind: Defaults\ndefaults:\n  region: us-west-2\n";
        std::fs::write(dir.path().join("sagespec.defaults.yaml"), defaults).expect("write");
        let path = dir.path().join("train.yaml");
        // The inherited `region` is at bytes 51..57 of the Defaults file: in the manifest,
        // a comment is there, and the merged document has `region` at those offsets.
        let text = "apiVersion: sagespec/v1\nkind: TrainingJob\n# the team's settings apply\n";
        assert_eq!(text.find("team's"), Some(48));
        assert_eq!(hover_text_at(&path, text, "settings"), None);
        let docs = hover_text_at(&path, text, "kind").expect("docs");
        assert!(docs.starts_with("**Kind** (`kind`)"), "{docs}");
    }
}
