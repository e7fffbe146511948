//! The repairs a check can attach to its finding ([`Fix`]): each one a text edit on the span
//! at fault, written in the document's own syntax, so comments, key order and formatting
//! survive. A builder returns `None` when it cannot be sure of the edit (an unusual layout,
//! a key the mapping already has): the finding then simply has no fix.

use crate::diagnostic::{Fix, TextEdit};
use crate::source::document::tokens;
use crate::source::{Document, Format, Span};

/// Renames the key at `pointer` to `to` (a did-you-mean), unless its mapping already has
/// a key `to` (the rename would write a duplicate key).
pub fn rename_key(document: &Document, pointer: &str, to: &str) -> Option<Fix> {
    let (parent, key) = split_last(pointer)?;
    let mapping = document.node(&parent)?;
    if mapping.entry(to).is_some() {
        return None;
    }
    let entry = mapping.entry(&key)?;
    let replacement = match document.format {
        Format::Yaml if entry.key_plain && is_plain_yaml(to) => to.to_owned(),
        Format::Toml if is_bare_toml_key(to) => to.to_owned(),
        Format::Yaml | Format::Toml => quoted(to),
    };
    Some(Fix {
        title: format!("rename `{key}` to `{to}`"),
        edits: vec![TextEdit { span: entry.key_span, replacement }],
    })
}

/// Replaces the string value at `pointer` with `to` (an enum's close match), keeping a
/// YAML plain scalar plain when `to` reads as the same string.
pub fn replace_string(document: &Document, pointer: &str, to: &str) -> Option<Fix> {
    let node = document.node(pointer)?;
    let crate::source::Value::String(written) = &node.value else {
        return None;
    };
    let replacement = match document.format {
        Format::Yaml if node.plain && is_plain_yaml(to) => to.to_owned(),
        Format::Yaml | Format::Toml => quoted(to),
    };
    Some(Fix {
        title: format!("replace `{written}` with `{to}`"),
        edits: vec![TextEdit { span: node.span, replacement }],
    })
}

/// Writes the number at `pointer` as the version string `version` (`1.10` → `"1.10"`).
pub fn quote_version(document: &Document, pointer: &str, version: &str) -> Option<Fix> {
    let node = document.node(pointer)?;
    Some(Fix {
        title: format!("quote the version: \"{version}\""),
        edits: vec![TextEdit { span: node.span, replacement: quoted(version) }],
    })
}

/// Adds `enabled: true` (TOML `enabled = true`) as the first entry of the mapping at
/// `pointer`: inside a flow mapping or inline table, as a line of its own in a block
/// mapping, or on the line after a TOML `[table]` header.
pub fn add_enabled(document: &Document, source: &str, pointer: &str) -> Option<Fix> {
    let (parent, key) = split_last(pointer)?;
    let entry = document.node(&parent)?.entry(&key)?;
    let crate::source::Value::Map(entries) = &entry.value.value else {
        return None;
    };
    let after_key = source.get(entry.key_span.end()..)?;
    let (separator, line) = match document.format {
        Format::Yaml => (':', "enabled: true"),
        Format::Toml => ('=', "enabled = true"),
    };
    let rest = after_key.trim_start_matches([' ', '\t', '"', '\'']);
    let edit = if let Some(value) = rest.strip_prefix(separator) {
        let value = value.trim_start_matches([' ', '\t']);
        let at = source.len() - value.len();
        if let Some(inside) = value.strip_prefix('{') {
            // A flow mapping or inline table: `{}` → `{enabled: true}`, `{a: 1}` → `{enabled: true, a: 1}`.
            let empty = inside.trim_start_matches([' ', '\t']).starts_with('}');
            let text = match (document.format, empty) {
                (Format::Yaml, true) => line.to_owned(),
                (Format::Yaml, false) => format!("{line}, "),
                (Format::Toml, true) => format!(" {line} "),
                (Format::Toml, false) => format!(" {line},"),
            };
            TextEdit { span: Span::new(at + 1, 0), replacement: text }
        } else if document.format == Format::Yaml {
            // A block mapping: a line of its own, indented like the first entry.
            let first = entries.first()?;
            let line_start = source[..first.key_span.offset].rfind('\n').map_or(0, |i| i + 1);
            let indent = &source[line_start..first.key_span.offset];
            if !indent.chars().all(|c| c == ' ') {
                return None;
            }
            TextEdit { span: Span::new(line_start, 0), replacement: format!("{indent}{line}\n") }
        } else {
            return None;
        }
    } else if document.format == Format::Toml && rest.starts_with(']') {
        // A `[table]` header: the first line of its body.
        let header_end = after_key.find('\n').map(|i| entry.key_span.end() + i + 1)?;
        TextEdit { span: Span::new(header_end, 0), replacement: format!("{line}\n") }
    } else {
        return None;
    };
    Some(Fix { title: format!("add `{line}`"), edits: vec![edit] })
}

/// A pointer's parent and its last token (`None` for the root).
fn split_last(pointer: &str) -> Option<(String, String)> {
    let cut = pointer.rfind('/')?;
    let key = tokens(&pointer[cut..]).next()?;
    Some((pointer[..cut].to_owned(), key))
}

/// A double-quoted string, valid in both YAML and TOML (JSON's escapes are a subset of both).
fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// Whether `text` written as a YAML plain scalar reads back as that string: a name that
/// starts with a letter, made of letters, digits and `._-/`, and not a YAML 1.2 keyword.
pub fn is_plain_yaml(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c))
        && !matches!(text.to_ascii_lowercase().as_str(), "true" | "false" | "null")
}

/// Whether `text` is a TOML bare key.
fn is_bare_toml_key(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply;

    fn fixed(text: &str, format: Format, build: impl Fn(&Document) -> Option<Fix>) -> Option<String> {
        let document = crate::source::parse(text, format).expect("parses");
        build(&document).map(|fix| apply(text, &fix.edits))
    }

    #[test]
    fn a_key_is_renamed_in_place_unless_the_mapping_has_the_new_key() {
        let yaml = "a: 1\ninstnce_type: x # note\n";
        assert_eq!(
            fixed(yaml, Format::Yaml, |d| rename_key(d, "/instnce_type", "instance_type")).as_deref(),
            Some("a: 1\ninstance_type: x # note\n")
        );
        let both = "instance_type: y\ninstnce_type: x\n";
        assert_eq!(fixed(both, Format::Yaml, |d| rename_key(d, "/instnce_type", "instance_type")), None);
        let toml = "[distribution.smdistributed.dataparalel]\nenabled = true\n";
        assert_eq!(
            fixed(toml, Format::Toml, |d| rename_key(d, "/distribution/smdistributed/dataparalel", "dataparallel"))
                .as_deref(),
            Some("[distribution.smdistributed.dataparallel]\nenabled = true\n")
        );
    }

    #[test]
    fn a_value_keeps_its_plain_or_quoted_form() {
        let plain = "framework: pytorh\n";
        assert_eq!(
            fixed(plain, Format::Yaml, |d| replace_string(d, "/framework", "pytorch")).as_deref(),
            Some("framework: pytorch\n")
        );
        let single = "framework: 'pytorh'\n";
        assert_eq!(
            fixed(single, Format::Yaml, |d| replace_string(d, "/framework", "pytorch")).as_deref(),
            Some("framework: \"pytorch\"\n")
        );
        let keyword = "mode: tru\n";
        assert_eq!(
            fixed(keyword, Format::Yaml, |d| replace_string(d, "/mode", "true")).as_deref(),
            Some("mode: \"true\"\n")
        );
        let toml = "framework = 'pytorh' # note\n";
        assert_eq!(
            fixed(toml, Format::Toml, |d| replace_string(d, "/framework", "pytorch")).as_deref(),
            Some("framework = \"pytorch\" # note\n")
        );
    }

    #[test]
    fn enabled_goes_where_the_layout_puts_a_first_entry() {
        let cases = [
            (Format::Yaml, "d:\n  dp: {}\n", "d:\n  dp: {enabled: true}\n"),
            (Format::Yaml, "d:\n  dp: {x: 1}\n", "d:\n  dp: {enabled: true, x: 1}\n"),
            (Format::Yaml, "d:\n  dp:\n    # why\n    x: 1\n", "d:\n  dp:\n    # why\n    enabled: true\n    x: 1\n"),
            (Format::Toml, "[d]\ndp = {}\n", "[d]\ndp = { enabled = true }\n"),
            (Format::Toml, "[d]\ndp = { x = 1 }\n", "[d]\ndp = { enabled = true, x = 1 }\n"),
            (Format::Toml, "[d.dp] # why\nx = 1\n", "[d.dp] # why\nenabled = true\nx = 1\n"),
        ];
        for (format, given, expected) in cases {
            let got = fixed(given, format, |d| add_enabled(d, given, "/d/dp"));
            assert_eq!(got.as_deref(), Some(expected), "{given:?}");
        }
        // A dotted TOML key is left to the user.
        let dotted = "d.dp.x = 1\n";
        assert_eq!(fixed(dotted, Format::Toml, |d| add_enabled(d, dotted, "/d/dp")), None);
    }
}
