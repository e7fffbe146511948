//! Reading manifests: text in, a [`Document`] out, every value carrying its byte span.
//!
//! YAML goes through serde-saphyr (budgets, alias limits, duplicate keys), its plain
//! scalars typed by YAML 1.2's [`core_schema`] as the editor types them, and TOML through
//! toml's spanned `DeTable`; both produce the same [`Node`] tree, so everything downstream
//! is format-blind. A [`Document`] answers "where is the value at this JSON pointer" for the
//! reporters. To support a new format, add a sibling module that builds a [`Node`].

pub mod core_schema;
pub mod document;
pub mod integer;
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
        assert_eq!(finding.pointer, "/role");
        let nested = "inputs:\n  train: s3://b/t\n  train: s3://b/u\ntags: [{a: 1, b: 2, b: 3}]\n";
        assert_eq!(parse(nested, Format::Yaml).expect_err("duplicate key").pointer, "/inputs/train");
        let in_list = "tags: [{a: 1, b: 2, b: 3}]\n";
        assert_eq!(parse(in_list, Format::Yaml).expect_err("duplicate key").pointer, "/tags/0/b");
        let toml = "role = \"a\"\nrole = \"b\"\n";
        let finding = parse(toml, Format::Toml).expect_err("duplicate key");
        assert_eq!(finding.code, crate::diagnostic::codes::SOURCE_DUPLICATE_KEY);
        assert_eq!(finding.span.map(|s| s.offset), Some(toml.rfind("role").unwrap_or(0)));
    }

    /// The value at `pointer` in `text` (YAML).
    fn yaml_value(text: &str, pointer: &str) -> Value {
        let document = parse(text, Format::Yaml).expect("parses");
        document.node(pointer).unwrap_or_else(|| panic!("{pointer} in {text:?}")).value.clone()
    }

    #[test]
    fn yaml_is_read_with_the_core_schema_as_the_editor_reads_it() {
        let text = "country: NO\nflag: y\nMODE: yes\nswitch: On\nmask: 017\nnegative: -017\noctal: 0o17\nhex: 0x1F\nbinary: 0b101\nthousand: 1_000\nreal: 1.e3\nbool: TRUE\nnothing: ~\nempty:\nbig: 99999999999999999999\n";
        let string = |s: &str| Value::String(s.to_owned());
        for (pointer, expected) in [
            ("/country", string("NO")),
            ("/flag", string("y")),
            ("/MODE", string("yes")),
            ("/switch", string("On")),
            ("/mask", Value::Int(17)),
            ("/negative", Value::Int(-17)),
            ("/octal", Value::Int(15)),
            ("/hex", Value::Int(31)),
            ("/binary", string("0b101")),
            ("/thousand", string("1_000")),
            ("/real", Value::Float(1000.0)),
            ("/bool", Value::Bool(true)),
            ("/nothing", Value::Null),
            ("/empty", Value::Null),
            ("/big", Value::BigInt("99999999999999999999".to_owned())),
        ] {
            assert_eq!(yaml_value(text, pointer), expected, "{pointer}");
        }
    }

    /// Python: `2**63`, `-(2**63) - 1`, `10**30`, `0x1_0000_0000_0000_0000 == 2**64`; the
    /// JSON the schema and the typed manifest read keeps every digit.
    #[test]
    fn integers_beyond_i64_keep_their_digits_in_both_formats_and_in_json() {
        let yaml = "a: 9223372036854775808\nb: -9223372036854775809\nc: [1000000000000000000000000000000]\nd: 1.5\n";
        let toml = "a = 9223372036854775808\nb = -9223372036854775809\nc = [1_000_000_000_000_000_000_000_000_000_000]\nd = 1.5\nh = 0x1_0000_0000_0000_0000\n";
        for (text, format) in [(yaml, Format::Yaml), (toml, Format::Toml)] {
            let document = parse(text, format).expect("parses");
            assert_eq!(
                document.node("/a").map(|n| n.value.clone()),
                Some(Value::BigInt("9223372036854775808".into())),
                "{format:?}"
            );
            let json = document.root.to_json();
            assert_eq!(json["a"].to_string(), "9223372036854775808", "{format:?}");
            assert_eq!(json["b"].to_string(), "-9223372036854775809", "{format:?}");
            assert_eq!(json["c"][0].to_string(), "1000000000000000000000000000000", "{format:?}");
            assert_eq!(json["d"].as_f64(), Some(1.5), "{format:?}");
        }
        let document = parse(toml, Format::Toml).expect("parses");
        assert_eq!(document.node("/h").map(|n| n.value.clone()), Some(Value::BigInt("18446744073709551616".into())));
    }

    /// Tables keep their keys in source order, as YAML mappings do: channels and
    /// hyperparameters are sent in the order written (a Python dict's order).
    #[test]
    fn toml_tables_keep_their_keys_in_source_order() {
        let toml = "zeta = 1\nalpha = { b = 1, a = 2 }\n[mid]\ny = 1\nx = 2\n";
        let keys = |document: &Document, pointer: &str| match document.node(pointer).map(|n| &n.value) {
            Some(Value::Map(entries)) => entries.iter().map(|e| e.key.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let document = parse(toml, Format::Toml).expect("parses");
        assert_eq!(keys(&document, ""), ["zeta", "alpha", "mid"]);
        assert_eq!(keys(&document, "/alpha"), ["b", "a"]);
        assert_eq!(keys(&document, "/mid"), ["y", "x"]);
    }

    #[test]
    fn quoted_block_and_tagged_scalars_keep_their_type() {
        let text = "a: \"017\"\nb: 'yes'\nc: |-\n  017\nd: !!str 017\ne: !!float 017\nf: ! yes\ng: !!bool true\n";
        assert_eq!(yaml_value(text, "/a"), Value::String("017".into()));
        assert_eq!(yaml_value(text, "/b"), Value::String("yes".into()));
        assert_eq!(yaml_value(text, "/c"), Value::String("017".into()));
        assert_eq!(yaml_value(text, "/d"), Value::String("017".into()));
        assert_eq!(yaml_value(text, "/e"), Value::Float(17.0));
        assert_eq!(yaml_value(text, "/f"), Value::String("yes".into()));
        assert_eq!(yaml_value(text, "/g"), Value::Bool(true));
    }

    #[test]
    fn plain_scalars_are_marked_plain() {
        let text = "a: yes\nb: \"yes\"\nc: |-\n  yes\nd: !!str yes\ne: &x on\nf: *x\ng: [n, 'n']\n\"h\": 1\n";
        let document = parse(text, Format::Yaml).expect("parses");
        let plain = |pointer: &str| document.node(pointer).expect(pointer).plain;
        assert!(plain("/a") && plain("/e") && plain("/f") && plain("/g/0"));
        assert!(!plain("/b") && !plain("/c") && !plain("/d") && !plain("/g/1"));
        assert_eq!(yaml_value(text, "/f"), Value::String("on".into()));
        let keys: Vec<(&str, bool)> = match &document.root.value {
            Value::Map(entries) => entries.iter().map(|e| (e.key.as_str(), e.key_plain)).collect(),
            _ => Vec::new(),
        };
        assert_eq!(keys.first(), Some(&("a", true)));
        assert_eq!(keys.last(), Some(&("h", false)));
        let toml = parse("a = \"yes\"\n", Format::Toml).expect("parses");
        assert!(!toml.node("/a").expect("a").plain);
    }

    #[test]
    fn keys_are_their_text_as_written() {
        let text = "y: 1\non: 2\nOFF: 3\n0x1F: 4\n017: 5\n~: 6\ntrue: 7\n";
        let document = parse(text, Format::Yaml).expect("y and on are two keys");
        let keys: Vec<String> = match document.root.value {
            Value::Map(entries) => entries.into_iter().map(|e| e.key).collect(),
            _ => Vec::new(),
        };
        assert_eq!(keys, ["y", "on", "OFF", "0x1F", "017", "~", "true"]);
        assert_eq!(
            document_json(text),
            serde_json::json!({"y": 1, "on": 2, "OFF": 3, "0x1F": 4, "017": 5, "~": 6, "true": 7})
        );
    }

    fn document_json(text: &str) -> serde_json::Value {
        parse(text, Format::Yaml).expect("parses").to_json()
    }

    #[test]
    fn keys_that_would_collapse_into_one_are_duplicates() {
        // (text, the second key as written, the message)
        for (text, repeated, message) in [
            ("1: a\n\"1\": b\n", "\"1\"", "duplicate key `\"1\"`: the same key as `1` on line 1"),
            ("role: a\nkind: x\n'role': b\n", "'role'", "duplicate key `'role'`: the same key as `role` on line 1"),
            ("true: a\nTrue: b\n", "True", "duplicate key `True`: the same key as `true` on line 1"),
            ("null: a\n~: b\n", "~", "duplicate key `~`: the same key as `null` on line 1"),
            ("x:\n  y: 1\n  1.0: b\n  1.00: c\n", "1.00", "duplicate key `1.00`: the same key as `1.0` on line 3"),
            ("on: 1\nON: 2\non: 3\n", "on", "duplicate key `on`"),
        ] {
            let finding = parse(text, Format::Yaml).expect_err(text);
            assert_eq!(finding.code, crate::diagnostic::codes::SOURCE_DUPLICATE_KEY, "{text:?}");
            assert_eq!(finding.message, message, "{text:?}");
            assert_eq!(finding.span.map(|s| s.offset), text.rfind(repeated), "{text:?}");
            assert!(!finding.pointer.is_empty(), "{text:?}: the pointer names the repeated key");
        }
        let finding = parse("true: a\nTrue: b\n", Format::Yaml).expect_err("true and True");
        assert_eq!(
            finding.help.as_deref(),
            Some(
                "YAML reads `true` and `True` as the same bool; a key may appear once per mapping, so remove one of them"
            )
        );
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
