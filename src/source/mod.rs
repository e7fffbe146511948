//! Reading manifests: text in, a [`Document`] out, every value carrying its byte span.
//!
//! YAML goes through serde-saphyr (budgets, alias limits, duplicate keys) and TOML through
//! toml's spanned `DeTable`; both produce the same [`Node`] tree, so everything downstream
//! is format-blind. A [`Document`] answers "where is the value at this JSON pointer" for the
//! reporters. To support a new format, add a sibling module that builds a [`Node`].

pub mod document;
mod limits;
mod toml_reader;
mod yaml_reader;

pub use document::{Document, Entry, Format, Located, Node, Span, Value};
pub use limits::{Limits, too_large};

use crate::diagnostic::Finding;

const BOM: &str = "\u{feff}";

/// Parses manifest text. A leading byte-order mark is skipped (spans still count it).
///
/// Every failure (bad syntax, duplicate keys, limits, several YAML documents) comes back as
/// a [`Finding`] with a span, never as a panic.
pub fn parse(text: &str, format: Format) -> Result<Document, Box<Finding>> {
    let limits = Limits::default();
    if text.len() > limits.max_file_bytes {
        return Err(Box::new(too_large(text.len(), &limits)));
    }
    let (body, shift) = match text.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (text, 0),
    };
    let parsed = match format {
        Format::Yaml => yaml_reader::read(body, &limits),
        Format::Toml => toml_reader::read(body, &limits),
    };
    match parsed {
        Ok(mut root) => {
            root.shift(shift);
            Ok(Document::new(format, root))
        }
        Err(mut finding) => {
            finding.span = finding.span.map(|s| Span::new(s.offset + shift, s.len));
            Err(finding)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(text: &str, span: Span) -> &str {
        &text[span.offset..span.end()]
    }

    /// Asserts that `pointer` resolves to `key` and `value` as written in `text`.
    fn assert_located(text: &str, format: Format, pointer: &str, key: Option<&str>, value: &str) {
        let document = parse(text, format).expect("parses");
        let located = document.locate(pointer);
        assert_eq!(located.key.map(|k| text_at(text, k)), key, "key of {pointer}");
        assert_eq!(text_at(text, located.value), value, "value of {pointer}");
    }

    const YAML: &str = "apiVersion: sagespec/v1\nframework_version: \"2.2.0\"\ndistribution:\n  smdistributed:\n    dataparallel: {enabled: true}\nlist:\n  - a\n  - 'b'\n";

    #[test]
    fn yaml_values_and_keys_keep_their_spans() {
        assert_located(YAML, Format::Yaml, "/apiVersion", Some("apiVersion"), "sagespec/v1");
        assert_located(YAML, Format::Yaml, "/framework_version", Some("framework_version"), "\"2.2.0\"");
        assert_located(YAML, Format::Yaml, "/distribution/smdistributed/dataparallel/enabled", Some("enabled"), "true");
        assert_located(YAML, Format::Yaml, "/list/1", None, "'b'");
    }

    #[test]
    fn a_pointer_past_the_document_lands_on_its_deepest_ancestor() {
        assert_located(YAML, Format::Yaml, "/distribution/smdistributed/dataparallel/nope", Some("dataparallel"), "{");
    }

    #[test]
    fn toml_values_and_keys_keep_their_spans() {
        let text = "apiVersion = \"sagespec/v1\"\ninstance_count = 2\n\n[distribution.smdistributed.dataparallel]\nenabled = true\n";
        assert_located(text, Format::Toml, "/apiVersion", Some("apiVersion"), "\"sagespec/v1\"");
        assert_located(text, Format::Toml, "/instance_count", Some("instance_count"), "2");
        assert_located(text, Format::Toml, "/distribution/smdistributed/dataparallel/enabled", Some("enabled"), "true");
        assert_located(
            text,
            Format::Toml,
            "/distribution/smdistributed/dataparallel",
            Some("dataparallel"),
            "[distribution.smdistributed.dataparallel]",
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_but_counted() {
        let text = "\u{feff}kind: TrainingJob\n";
        assert_located(text, Format::Yaml, "/kind", Some("kind"), "TrainingJob");
        let toml = "\u{feff}kind = \"TrainingJob\"\n";
        assert_located(toml, Format::Toml, "/kind", Some("kind"), "\"TrainingJob\"");
    }

    #[test]
    fn crlf_line_ends_read_like_lf() {
        let text = "kind: TrainingJob\r\ninstance_count: 2\r\n";
        assert_located(text, Format::Yaml, "/instance_count", Some("instance_count"), "2");
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_second_occurrence() {
        let text = "role: a\nkind: TrainingJob\nrole: b\n";
        let finding = parse(text, Format::Yaml).expect_err("duplicate key");
        assert_eq!(finding.code, crate::diagnostic::codes::SOURCE_DUPLICATE_KEY);
        assert_eq!(finding.span.map(|s| s.offset), Some(text.rfind("role").unwrap_or(0)));
        let toml = "role = \"a\"\nrole = \"b\"\n";
        let finding = parse(toml, Format::Toml).expect_err("duplicate key");
        assert_eq!(finding.code, crate::diagnostic::codes::SOURCE_DUPLICATE_KEY);
        assert_eq!(finding.span.map(|s| s.offset), Some(toml.rfind("role").unwrap_or(0)));
    }

    #[test]
    fn several_yaml_documents_are_reported() {
        let finding = parse("kind: TrainingJob\n---\nkind: TrainingJob\n", Format::Yaml).expect_err("two documents");
        assert_eq!(finding.code, crate::diagnostic::codes::SOURCE_MULTIPLE_DOCUMENTS);
    }

    #[test]
    fn deep_nesting_and_alias_bombs_hit_limits() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        for format in [Format::Yaml, Format::Toml] {
            let text = if format == Format::Toml { format!("a = {deep}") } else { deep.clone() };
            let finding = parse(&text, format).expect_err("too deep");
            assert_eq!(finding.code, crate::diagnostic::codes::SOURCE_LIMIT, "{format:?}: {}", finding.message);
        }
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let prev = if level == 1 { "a".to_owned() } else { format!("l{}", level - 1) };
            let aliases = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(&["l", &level.to_string(), ": &l", &level.to_string(), " [", &aliases, "]\n"].concat());
        }
        let finding = parse(&bomb, Format::Yaml).expect_err("alias bomb");
        assert_eq!(finding.code, crate::diagnostic::codes::SOURCE_LIMIT, "{}", finding.message);
    }
}
