//! Code actions: each fix a finding carries ([`crate::diagnostic::Fix`], the same repairs
//! `sagespec fix` applies), offered as a quick fix on the diagnostic it repairs.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit};

use super::analysis::Analysis;
use super::diagnostics::diagnostic;
use super::position::LineIndex;

/// The quick fixes for the findings whose range meets `range`.
pub fn code_actions(uri: &Uri, text: &str, analysis: &Analysis, range: Range) -> Vec<CodeActionOrCommand> {
    let index = LineIndex::new(text);
    let (start, end) = (index.offset(range.start), index.offset(range.end));
    analysis
        .report
        .findings
        .iter()
        .filter(|resolved| resolved.span.offset <= end && start <= resolved.span.end())
        .filter_map(|resolved| {
            let fix = resolved.finding.fix.as_ref()?;
            let edits = fix
                .edits
                .iter()
                .map(|edit| TextEdit { range: index.range(edit.span), new_text: edit.replacement.clone() })
                .collect();
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(uri, &index, resolved)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}
