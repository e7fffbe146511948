//! The one fix engine: applies the repairs findings carry ([`crate::diagnostic::Fix`]).
//! `sagespec fix` and the language server's code actions both go through it.
//!
//! [`fix_text`] checks the text, applies every fix whose edits overlap no other chosen
//! fix's, and checks again, until no finding offers a fix (a few passes at most). A text
//! that does not parse is never touched, and a pass whose result would not parse is
//! dropped, so a fix can only ever leave a manifest that reads. Fixing twice changes
//! nothing the second time: a fixed finding is gone.
//!
//! The repairs themselves are built by the checks that know them, with [`repairs`].

pub mod repairs;

use std::path::Path;
use std::sync::Arc;

use crate::check;
use crate::diagnostic::{FileReport, Fix, TextEdit};
use crate::source::Format;

/// How many check-and-fix passes [`fix_text`] makes at most (one fix can reveal another:
/// a renamed key's value is then checked against its enum).
const MAX_PASSES: usize = 4;

/// The outcome of fixing one manifest's text.
#[derive(Debug)]
pub struct Fixed {
    /// The text after every fix (the text given, when nothing applied).
    pub text: String,
    /// The title of every fix applied, in the order applied.
    pub applied: Vec<String>,
    /// The findings the fixed text still has.
    pub report: FileReport,
    /// Whether the text did not parse, and so was left alone.
    pub unparsed: bool,
}

/// Fixes manifest text, shown as `display`; `base_dir` is where its local paths resolve.
pub fn fix_text(display: &str, text: &str, format: Format, base_dir: Option<&Path>) -> Fixed {
    let mut text = text.to_owned();
    let mut applied = Vec::new();
    let mut checked = check::check_text(display, Arc::from(text.as_str()), format, base_dir);
    if checked.document.is_none() {
        return Fixed { text, applied, report: checked.report, unparsed: true };
    }
    for _ in 0..MAX_PASSES {
        let fixes = disjoint(checked.report.findings.iter().filter_map(|r| r.finding.fix.as_ref()));
        if fixes.is_empty() {
            break;
        }
        let edits: Vec<TextEdit> = fixes.iter().flat_map(|fix| fix.edits.iter().cloned()).collect();
        let next = apply(&text, &edits);
        let rechecked = check::check_text(display, Arc::from(next.as_str()), format, base_dir);
        if rechecked.document.is_none() {
            break;
        }
        applied.extend(fixes.into_iter().map(|fix| fix.title.clone()));
        text = next;
        checked = rechecked;
    }
    Fixed { text, applied, report: checked.report, unparsed: false }
}

/// The fixes to apply together: each in turn, unless one of its edits overlaps (or
/// touches the same insertion point as) an edit of a fix already chosen.
pub fn disjoint<'a>(fixes: impl IntoIterator<Item = &'a Fix>) -> Vec<&'a Fix> {
    let mut chosen: Vec<&Fix> = Vec::new();
    for fix in fixes {
        let clashes =
            fix.edits.iter().any(|edit| chosen.iter().flat_map(|c| &c.edits).any(|other| overlap(edit, other)));
        if !clashes && !fix.edits.is_empty() {
            chosen.push(fix);
        }
    }
    chosen
}

fn overlap(a: &TextEdit, b: &TextEdit) -> bool {
    let (a, b) = (a.span, b.span);
    a.offset < b.end() && b.offset < a.end() || a.offset == b.offset
}

/// `text` with `edits` applied. Edits are applied from the last to the first; one that
/// overlaps an edit after it, or falls outside the text or inside a character, is skipped.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut edits: Vec<&TextEdit> = edits.iter().collect();
    edits.sort_by_key(|edit| (edit.span.offset, edit.span.len));
    let mut out = text.to_owned();
    let mut limit = text.len();
    for edit in edits.into_iter().rev() {
        let (start, end) = (edit.span.offset, edit.span.end());
        if end > limit || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.replace_range(start..end, &edit.replacement);
        limit = start;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn edit(offset: usize, len: usize, replacement: &str) -> TextEdit {
        TextEdit { span: Span::new(offset, len), replacement: replacement.to_owned() }
    }

    #[test]
    fn edits_apply_from_the_end_and_overlapping_ones_are_skipped() {
        let text = "abcdef";
        assert_eq!(apply(text, &[edit(4, 1, "E"), edit(0, 1, "A"), edit(2, 0, "+")]), "Ab+cdEf");
        // The later of two overlapping edits wins; the other is skipped.
        assert_eq!(apply(text, &[edit(1, 3, "X"), edit(2, 1, "Y")]), "abYdef");
        // Out of range or inside a character: skipped.
        assert_eq!(apply("é", &[edit(1, 1, "x"), edit(5, 0, "y")]), "é");
    }

    #[test]
    fn fixes_that_clash_are_left_for_a_later_pass() {
        let first = Fix { title: "a".into(), edits: vec![edit(0, 2, "x")] };
        let second = Fix { title: "b".into(), edits: vec![edit(1, 1, "y")] };
        let third = Fix { title: "c".into(), edits: vec![edit(2, 0, "z")] };
        let chosen: Vec<&str> = disjoint([&first, &second, &third]).iter().map(|f| f.title.as_str()).collect();
        assert_eq!(chosen, ["a", "c"]);
    }

    #[test]
    fn a_fix_that_reveals_another_is_followed_and_a_second_run_changes_nothing() {
        // The kind is unknown, so its rules (the unquoted version) run only once it is fixed.
        let text = "apiVersion: sagespec/v1\nkind: TrainingJb # typo\nframework_version: 1.10\n";
        let fixed = fix_text("a.yaml", text, Format::Yaml, None);
        assert_eq!(fixed.text, "apiVersion: sagespec/v1\nkind: TrainingJob # typo\nframework_version: \"1.10\"\n");
        assert_eq!(fixed.applied, ["replace `TrainingJb` with `TrainingJob`", "quote the version: \"1.10\""]);
        let again = fix_text("a.yaml", &fixed.text, Format::Yaml, None);
        assert!(again.applied.is_empty());
        assert_eq!(again.text, fixed.text);
    }

    #[test]
    fn a_text_that_does_not_parse_is_left_alone() {
        let text = "apiVersion: sagespec/v1\nkind: TrainingJob\nframework_version: 1.10\n  bad: [\n";
        let fixed = fix_text("a.yaml", text, Format::Yaml, None);
        assert!(fixed.unparsed);
        assert_eq!(fixed.text, text);
        assert!(fixed.applied.is_empty());
    }
}
