//! Property tests for the JSON-pointer ↔ span mapping.
//!
//! Random manifests (nested mappings, lists and scalars under a mapping root) are
//! rendered as YAML (block and flow style mixed, plain and double-quoted strings) and as
//! TOML (root keys, `[table]` sections, inline tables and arrays). While rendering, each
//! scalar's byte offset and text as written are recorded, with its RFC 6901 pointer (keys
//! may contain `/` and `~`, so escaping is exercised). The text is parsed with
//! `sagespec::source::parse` and every pointer must resolve, through both
//! `Document::node` and `Document::locate`, to a span that starts at that offset and
//! covers exactly that text, holding the generated value; every key's span must cover the
//! key as written; and the document as JSON must equal the generated value.

use proptest::prelude::*;
use sagespec::source::{Document, Format, Span, Value as Parsed, parse};
use serde_json::{Map, Value as Json};

/// A generated value.
#[derive(Clone, Debug)]
enum Gen {
    Null,
    Bool(bool),
    Int(i64),
    /// Written as `{whole}.{hundredths:02}`.
    Float(i32, u8),
    /// Written plain in YAML when it is a safe identifier, else double-quoted.
    Str(String),
    Seq(Vec<Gen>),
    Map(Vec<(String, Gen)>),
}

impl Gen {
    fn to_json(&self) -> Json {
        match self {
            Self::Null => Json::Null,
            Self::Bool(b) => Json::Bool(*b),
            Self::Int(i) => Json::from(*i),
            Self::Float(whole, hundredths) => {
                Json::from(float_text(*whole, *hundredths).parse::<f64>().expect("float"))
            }
            Self::Str(s) => Json::String(s.clone()),
            Self::Seq(items) => Json::Array(items.iter().map(Self::to_json).collect()),
            Self::Map(entries) => {
                Json::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect::<Map<_, _>>())
            }
        }
    }
}

fn float_text(whole: i32, hundredths: u8) -> String {
    format!("{whole}.{hundredths:02}")
}

/// Keys: mostly identifiers, some with `/`, `~`, spaces or dots (quoted when written).
fn key() -> impl Strategy<Value = String> {
    prop_oneof![4 => "[a-z_][a-z0-9_]{0,7}", 1 => "[a-z/~. -]{1,6}"]
}

fn scalar(toml: bool) -> BoxedStrategy<Gen> {
    let mut options = vec![
        any::<bool>().prop_map(Gen::Bool).boxed(),
        any::<i64>().prop_map(Gen::Int).boxed(),
        (-100_000i32..100_000, 0u8..100).prop_map(|(w, h)| Gen::Float(w, h)).boxed(),
        "[a-z][a-z0-9_]{0,8}".prop_map(Gen::Str).boxed(),
        "[ -~éü✓\t\n]{0,12}".prop_map(Gen::Str).boxed(),
    ];
    if !toml {
        options.push(Just(Gen::Null).boxed());
    }
    proptest::strategy::Union::new(options).boxed()
}

/// A mapping root with up to 4 levels of nesting.
fn manifest(toml: bool) -> impl Strategy<Value = Gen> {
    let tree = scalar(toml).prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Gen::Seq),
            proptest::collection::vec((key(), inner), 0..5).prop_map(|entries| Gen::Map(dedup(entries))),
        ]
    });
    proptest::collection::vec((key(), tree), 1..8).prop_map(|entries| Gen::Map(dedup(entries)))
}

fn dedup(entries: Vec<(String, Gen)>) -> Vec<(String, Gen)> {
    let mut seen = std::collections::HashSet::new();
    entries.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect()
}

/// One recorded scalar (or key): its pointer, where its text starts, and the text.
#[derive(Debug)]
struct Written {
    pointer: String,
    offset: usize,
    text: String,
}

/// Rendering state: the text so far and what was recorded.
#[derive(Default)]
struct Out {
    text: String,
    values: Vec<Written>,
    keys: Vec<Written>,
}

impl Out {
    fn value(&mut self, pointer: &str, token: &str) {
        self.values.push(Written { pointer: pointer.to_owned(), offset: self.text.len(), text: token.to_owned() });
        self.text.push_str(token);
    }

    fn key(&mut self, pointer: &str, token: &str) {
        self.keys.push(Written { pointer: pointer.to_owned(), offset: self.text.len(), text: token.to_owned() });
        self.text.push_str(token);
    }
}

fn push_token(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

fn is_identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A double-quoted string, valid in YAML and TOML (JSON escapes, which both accept).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

fn yaml_key(k: &str) -> String {
    if is_identifier(k) && !yaml_reserved(k) { k.to_owned() } else { quoted(k) }
}

/// Plain words a YAML reader may resolve to something other than a string.
fn yaml_reserved(s: &str) -> bool {
    matches!(s, "true" | "false" | "null" | "y" | "n" | "yes" | "no" | "on" | "off" | "_")
}

fn yaml_scalar(value: &Gen) -> String {
    match value {
        Gen::Null => "null".to_owned(),
        Gen::Bool(b) => b.to_string(),
        Gen::Int(i) => i.to_string(),
        Gen::Float(w, h) => float_text(*w, *h),
        Gen::Str(s) if is_identifier(s) && !yaml_reserved(s) => s.clone(),
        Gen::Str(s) => quoted(s),
        Gen::Seq(_) | Gen::Map(_) => unreachable!("not a scalar"),
    }
}

fn is_empty_container(value: &Gen) -> bool {
    matches!(value, Gen::Seq(v) if v.is_empty()) || matches!(value, Gen::Map(v) if v.is_empty())
}

/// YAML flow style: `[a, b]`, `{k: v}`.
fn yaml_flow(out: &mut Out, pointer: &str, value: &Gen) {
    match value {
        Gen::Seq(items) => {
            out.text.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.text.push_str(", ");
                }
                yaml_flow(out, &push_token(pointer, &i.to_string()), item);
            }
            out.text.push(']');
        }
        Gen::Map(entries) => {
            out.text.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.text.push_str(", ");
                }
                let child = push_token(pointer, k);
                out.key(&child, &yaml_key(k));
                out.text.push_str(": ");
                yaml_flow(out, &child, v);
            }
            out.text.push('}');
        }
        scalar => out.value(pointer, &yaml_scalar(scalar)),
    }
}

/// YAML block style; `first` replaces the indentation of the first line (`- ` items).
fn yaml_block(out: &mut Out, pointer: &str, value: &Gen, indent: usize, first: Option<String>, depth: usize) {
    let mut lead = first;
    let next_lead = |lead: &mut Option<String>| lead.take().unwrap_or_else(|| " ".repeat(indent));
    match value {
        Gen::Map(entries) => {
            for (k, v) in entries {
                let child = push_token(pointer, k);
                out.text.push_str(&next_lead(&mut lead));
                out.key(&child, &yaml_key(k));
                out.text.push(':');
                yaml_child(out, &child, v, indent, depth);
            }
        }
        Gen::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let child = push_token(pointer, &i.to_string());
                let prefix = format!("{}- ", next_lead(&mut lead));
                if matches!(item, Gen::Seq(_) | Gen::Map(_)) && !is_empty_container(item) && depth.is_multiple_of(2) {
                    yaml_block(out, &child, item, indent + 2, Some(prefix), depth + 1);
                } else {
                    out.text.push_str(&prefix);
                    yaml_flow(out, &child, item);
                    out.text.push('\n');
                }
            }
        }
        scalar => unreachable!("block of a scalar {scalar:?}"),
    }
}

/// The value after `key:` in block style.
fn yaml_child(out: &mut Out, pointer: &str, value: &Gen, indent: usize, depth: usize) {
    if matches!(value, Gen::Seq(_) | Gen::Map(_)) && !is_empty_container(value) && depth % 3 != 2 {
        out.text.push('\n');
        yaml_block(out, pointer, value, indent + 2, None, depth + 1);
    } else {
        out.text.push(' ');
        yaml_flow(out, pointer, value);
        out.text.push('\n');
    }
}

fn toml_key(k: &str) -> String {
    if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') { k.to_owned() } else { quoted(k) }
}

fn toml_scalar(value: &Gen) -> String {
    match value {
        Gen::Bool(b) => b.to_string(),
        Gen::Int(i) => i.to_string(),
        Gen::Float(w, h) => float_text(*w, *h),
        Gen::Str(s) => quoted(s),
        Gen::Null | Gen::Seq(_) | Gen::Map(_) => unreachable!("not a TOML scalar"),
    }
}

/// TOML inline values: `[a, b]`, `{ k = v }`.
fn toml_inline(out: &mut Out, pointer: &str, value: &Gen) {
    match value {
        Gen::Seq(items) => {
            out.text.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.text.push_str(", ");
                }
                toml_inline(out, &push_token(pointer, &i.to_string()), item);
            }
            out.text.push(']');
        }
        Gen::Map(entries) => {
            out.text.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                out.text.push_str(if i > 0 { ", " } else { " " });
                let child = push_token(pointer, k);
                out.key(&child, &toml_key(k));
                out.text.push_str(" = ");
                toml_inline(out, &child, v);
            }
            out.text.push_str(if entries.is_empty() { "}" } else { " }" });
        }
        scalar => out.value(pointer, &toml_scalar(scalar)),
    }
}

/// TOML: the root's non-table entries as `k = v`, then each table entry as a `[k]`
/// section whose own entries are written `k = <inline>`.
fn toml_document(root: &Gen) -> Out {
    let mut out = Out::default();
    let Gen::Map(entries) = root else { unreachable!("the root is a mapping") };
    let (tables, plain): (Vec<_>, Vec<_>) = entries.iter().partition(|(_, v)| matches!(v, Gen::Map(_)));
    for (k, v) in plain {
        let child = push_token("", k);
        out.key(&child, &toml_key(k));
        out.text.push_str(" = ");
        toml_inline(&mut out, &child, v);
        out.text.push('\n');
    }
    for (k, v) in tables {
        let child = push_token("", k);
        out.text.push('[');
        out.key(&child, &toml_key(k));
        out.text.push_str("]\n");
        let Gen::Map(inner) = v else { unreachable!("partitioned") };
        for (k2, v2) in inner {
            let grandchild = push_token(&child, k2);
            out.key(&grandchild, &toml_key(k2));
            out.text.push_str(" = ");
            toml_inline(&mut out, &grandchild, v2);
            out.text.push('\n');
        }
    }
    out
}

fn yaml_document(root: &Gen) -> Out {
    let mut out = Out::default();
    yaml_block(&mut out, "", root, 0, None, 0);
    out
}

fn slice(text: &str, span: Span) -> &str {
    text.get(span.offset..span.end()).unwrap_or("<out of range>")
}

fn same_scalar(parsed: &Parsed, generated: &Gen) -> bool {
    match (parsed, generated) {
        (Parsed::Null, Gen::Null) => true,
        (Parsed::Bool(a), Gen::Bool(b)) => a == b,
        (Parsed::Int(a), Gen::Int(b)) => a == b,
        (Parsed::Float(a), Gen::Float(w, h)) => float_text(*w, *h).parse::<f64>().ok() == Some(*a),
        (Parsed::Int(a), Gen::Float(w, h)) => float_text(*w, *h).parse::<f64>().ok() == Some(*a as f64),
        (Parsed::String(a), Gen::Str(b)) => a == b,
        _ => false,
    }
}

fn lookup<'a>(root: &'a Gen, pointer: &str) -> &'a Gen {
    let mut node = root;
    for token in pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")) {
        node = match node {
            Gen::Map(entries) => &entries.iter().find(|(k, _)| *k == token).expect("generated key").1,
            Gen::Seq(items) => &items[token.parse::<usize>().expect("index")],
            _ => unreachable!("pointer into a scalar"),
        };
    }
    node
}

/// Parses `out.text` and checks every recorded value and key against its span.
fn check(format: Format, root: &Gen, out: &Out) -> Result<(), TestCaseError> {
    let text = &out.text;
    let document: Document = parse(text, format)
        .map_err(|finding| TestCaseError::fail(format!("{format:?} did not parse: {finding:?}\n{text}")))?;
    prop_assert_eq!(document.to_json(), root.to_json(), "{:?} document differs:\n{}", format, text);
    for written in &out.values {
        let node = document.node(&written.pointer);
        prop_assert!(node.is_some(), "{} does not resolve in\n{}", written.pointer, text);
        let node = node.expect("checked");
        let located = document.locate(&written.pointer);
        prop_assert_eq!(located.value, node.span, "locate and node disagree at {}", written.pointer);
        prop_assert_eq!(
            (node.span.offset, slice(text, node.span)),
            (written.offset, written.text.as_str()),
            "{:?} value span at {} in\n{}",
            format,
            written.pointer,
            text
        );
        prop_assert!(same_scalar(&node.value, lookup(root, &written.pointer)), "value at {}", written.pointer);
    }
    for written in &out.keys {
        let key = document.locate(&written.pointer).key;
        prop_assert!(key.is_some(), "{} has no key span in\n{}", written.pointer, text);
        let key = key.expect("checked");
        prop_assert_eq!(
            (key.offset, slice(text, key)),
            (written.offset, written.text.as_str()),
            "{:?} key span at {} in\n{}",
            format,
            written.pointer,
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_yaml_pointer_resolves_to_its_value_as_written(root in manifest(false)) {
        check(Format::Yaml, &root, &yaml_document(&root))?;
    }

    #[test]
    fn every_toml_pointer_resolves_to_its_value_as_written(root in manifest(true)) {
        check(Format::Toml, &root, &toml_document(&root))?;
    }
}

#[test]
fn the_renderers_record_what_they_write() {
    let root = Gen::Map(vec![
        ("a/b".to_owned(), Gen::Seq(vec![Gen::Int(1), Gen::Str("x y".to_owned())])),
        ("t".to_owned(), Gen::Map(vec![("k~".to_owned(), Gen::Float(-3, 5))])),
    ]);
    let yaml = yaml_document(&root);
    assert_eq!(yaml.text, "\"a/b\":\n  - 1\n  - \"x y\"\nt:\n  \"k~\": -3.05\n");
    let pointers: Vec<&str> = yaml.values.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers, ["/a~1b/0", "/a~1b/1", "/t/k~0"]);
    let toml = toml_document(&root);
    assert_eq!(toml.text, "\"a/b\" = [1, \"x y\"]\n[t]\n\"k~\" = -3.05\n");
    check(Format::Yaml, &root, &yaml).expect("YAML spans");
    check(Format::Toml, &root, &toml).expect("TOML spans");
}
