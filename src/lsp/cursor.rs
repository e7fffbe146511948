//! What the cursor is typing, read from the text around it rather than from a parse tree
//! (a manifest being typed often does not parse): a key of some mapping, or the value of
//! a key, and the pointer of that mapping.
//!
//! YAML: the mapping is found by indentation, walking up to each line less indented that
//! opens a block (`key:`, or a `- ` list item). TOML: it is the last `[table]` (or
//! `[[array]]`) header above the cursor. Flow mappings and dotted TOML keys are not read.

use crate::source::Format;
use crate::source::document::push_token;

/// What the cursor is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A key being typed; `typed` is the part before the cursor.
    Key {
        /// What is typed so far.
        typed: String,
    },
    /// The value of `key`.
    Value {
        /// The key whose value it is.
        key: String,
        /// Whether an opening quote is already typed.
        quoted: bool,
    },
}

/// The cursor's mapping and place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The JSON pointer of the mapping the cursor is in (a list item is its index `0`).
    pub mapping: String,
    /// Key or value.
    pub place: Place,
}

/// The cursor at byte `offset` of `text`.
pub fn at(text: &str, offset: usize, format: Format) -> Option<Cursor> {
    let offset = (0..=offset.min(text.len())).rev().find(|&i| text.is_char_boundary(i))?;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let above = &text[..line_start];
    match format {
        Format::Yaml => yaml(before, above),
        Format::Toml => toml(before, above),
    }
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `key` + what follows `:` / `=`, if `text` starts with a key and that separator.
fn split_key(text: &str, separator: char) -> Option<(&str, &str)> {
    let key_end = text.find(|c: char| !is_key_char(c)).unwrap_or(text.len());
    let (key, rest) = text.split_at(key_end);
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix(separator)?;
    (!key.is_empty()).then_some((key, rest))
}

fn place(rest_of_line: &str, separator: char) -> Option<Place> {
    if rest_of_line.chars().all(is_key_char) {
        return Some(Place::Key { typed: rest_of_line.to_owned() });
    }
    let (key, value) = split_key(rest_of_line, separator)?;
    let value = value.trim_start_matches([' ', '\t']);
    let quoted = value.starts_with(['"', '\'']);
    let typed = value.trim_start_matches(['"', '\'']);
    typed.chars().all(|c| is_key_char(c) || c == '/').then(|| Place::Value { key: key.to_owned(), quoted })
}

fn yaml(before: &str, above: &str) -> Option<Cursor> {
    let column = indent(before);
    let mut content = &before[column..];
    let mut path: Vec<String> = Vec::new();
    // A line less indented than `limit` holds the cursor's mapping.
    let mut limit = column;
    // On a list item's own line, the key is the item's first.
    if let Some(item) = content.strip_prefix("- ") {
        path.push("0".to_owned());
        limit = column + 1;
        content = item.trim_start_matches(' ');
    }
    let place = place(content, ':')?;
    for line in above.lines().rev() {
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = indent(line);
        if at >= limit {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            // A list item that holds the cursor's mapping.
            let item = item.trim_start_matches(' ');
            if at + 2 <= limit && !item.is_empty() {
                path.push("0".to_owned());
                limit = at + 1;
                continue;
            }
        }
        let Some((key, rest)) = split_key(trimmed, ':') else {
            // A line less indented that opens nothing (a scalar): the cursor is at the root
            // of whatever this is; give up rather than guess.
            return None;
        };
        let rest = rest.trim();
        if !(rest.is_empty() || rest.starts_with('#')) {
            return None;
        }
        path.push(key.to_owned());
        limit = at;
        if at == 0 {
            break;
        }
    }
    let mapping = path.iter().rev().fold(String::new(), |pointer, token| push_token(&pointer, token));
    Some(Cursor { mapping, place })
}

fn toml(before: &str, above: &str) -> Option<Cursor> {
    let place = place(before.trim_start(), '=')?;
    let header = above.lines().rev().map(str::trim).find(|line| line.starts_with('['));
    let mut mapping = String::new();
    if let Some(header) = header {
        let array = header.starts_with("[[");
        let inner = header.trim_start_matches('[');
        let inner = &inner[..inner.find(']')?];
        for token in inner.split('.') {
            mapping = push_token(&mapping, token.trim().trim_matches(['"', '\'']));
        }
        if array {
            mapping = push_token(&mapping, "0");
        }
    }
    Some(Cursor { mapping, place })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(text: &str, format: Format) -> Option<Cursor> {
        let offset = text.find('|').expect("cursor mark");
        at(&text.replace('|', ""), offset, format)
    }

    fn key(mapping: &str, typed: &str) -> Cursor {
        Cursor { mapping: mapping.into(), place: Place::Key { typed: typed.into() } }
    }

    fn value(mapping: &str, key: &str, quoted: bool) -> Cursor {
        Cursor { mapping: mapping.into(), place: Place::Value { key: key.into(), quoted } }
    }

    #[test]
    fn yaml_keys_and_values_at_every_depth() {
        assert_eq!(cursor("kind: TrainingJob\nfram|", Format::Yaml), Some(key("", "fram")));
        assert_eq!(cursor("framework: py|", Format::Yaml), Some(value("", "framework", false)));
        let nested = "distribution:\n  # comment\n  smdistributed:\n    dataparallel:\n      ena|";
        assert_eq!(cursor(nested, Format::Yaml), Some(key("/distribution/smdistributed/dataparallel", "ena")));
        let sibling = "distribution:\n  mpi:\n    enabled: true\n  |";
        assert_eq!(cursor(sibling, Format::Yaml), Some(key("/distribution", "")));
        assert_eq!(cursor("region: \"us-|", Format::Yaml), Some(value("", "region", true)));
    }

    #[test]
    fn yaml_list_items() {
        let item = "debugger_rules:\n  - builtin: loss_not_decreasing\n    para|";
        assert_eq!(cursor(item, Format::Yaml), Some(key("/debugger_rules/0", "para")));
        let first = "debugger_rules:\n  - buil|";
        assert_eq!(cursor(first, Format::Yaml), Some(key("/debugger_rules/0", "buil")));
    }

    #[test]
    fn toml_keys_and_values_under_headers() {
        assert_eq!(cursor("kind = \"TrainingJob\"\nfram|", Format::Toml), Some(key("", "fram")));
        assert_eq!(cursor("framework = \"py|", Format::Toml), Some(value("", "framework", true)));
        let table = "a = 1\n[distribution.smdistributed.dataparallel]\nena|";
        assert_eq!(cursor(table, Format::Toml), Some(key("/distribution/smdistributed/dataparallel", "ena")));
        assert_eq!(cursor("[[debugger_rules]]\nbu|", Format::Toml), Some(key("/debugger_rules/0", "bu")));
    }

    #[test]
    fn text_that_is_neither_is_no_cursor() {
        assert_eq!(cursor("command: python train.py --epochs |", Format::Yaml), None);
        assert_eq!(cursor("tags = { a = |", Format::Toml), None);
    }
}
