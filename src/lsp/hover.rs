//! Hover: on a diagnostic's range, the docs of its code from the rule registry (what,
//! why, an example); elsewhere on a key or value, the key's schema documentation.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::analysis::Analysis;
use super::position::LineIndex;
use super::schema::{self, View};
use crate::diagnostic::registry;
use crate::source::document::tokens;

/// The hover at `position` of `text`, as `analysis` (of that text) sees it.
pub fn hover(text: &str, analysis: &Analysis, position: Position) -> Option<Hover> {
    let index = LineIndex::new(text);
    let offset = index.offset(position);
    rule_docs(analysis, &index, offset).or_else(|| schema_docs(analysis, &index, offset))
}

/// The docs of every code with a finding under the cursor, each once.
fn rule_docs(analysis: &Analysis, index: &LineIndex<'_>, offset: usize) -> Option<Hover> {
    let under: Vec<_> =
        analysis.report.findings.iter().filter(|r| r.span.offset <= offset && offset <= r.span.end()).collect();
    let mut codes: Vec<&str> = under.iter().map(|r| r.finding.code.as_ref()).collect();
    codes.dedup();
    let sections: Vec<String> = codes
        .iter()
        .filter_map(|code| registry::get(code))
        .map(|docs| format!("**`{}`**\n\n{}", docs.code, docs.markdown_body()))
        .collect();
    if sections.is_empty() {
        return None;
    }
    Some(markdown(sections.join("\n\n---\n\n"), Some(index.range(under[0].span))))
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
    let located = analysis.document.as_ref()?.locate(&at.pointer);
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
        let analysis = super::super::analysis::analyze(Path::new("/w/a.yaml"), Arc::from(text)).expect("manifest");
        let index = LineIndex::new(text);
        let position = index.position(text.find(needle).expect("needle") + 1);
        hover(text, &analysis, position).map(|h| match h.contents {
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
}
