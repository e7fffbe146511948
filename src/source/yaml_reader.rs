//! YAML → [`Node`], through serde-saphyr.
//!
//! A private visitor deserializes "any" YAML value and wraps every child in
//! `serde_saphyr::Spanned`, so each value and each key keeps its byte span. serde-saphyr
//! enforces the budget: depth, node count and alias replay, and rejects duplicate keys at
//! their second occurrence. A file with several documents is reported, not silently cut.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::{Entry, Limits, Node, Span, Value};
use crate::diagnostic::{Finding, codes};

/// Reads exactly one YAML document.
pub fn read(text: &str, limits: &Limits) -> Result<Node, Box<Finding>> {
    let options = options(limits);
    let documents: Vec<Spanned<Raw>> =
        serde_saphyr::from_multiple_with_options(text, options).map_err(|e| Box::new(syntax(&e, text)))?;
    let mut documents = documents.into_iter();
    let Some(first) = documents.next() else {
        return Ok(Node::new(Value::Null, Span::new(0, 0)));
    };
    if let Some(second) = documents.next() {
        let span = span_of(&second.referenced, text);
        return Err(Box::new(
            Finding::error(codes::SOURCE_MULTIPLE_DOCUMENTS, "this file holds more than one YAML document")
                .at_span(span)
                .with_label("a second document starts here")
                .with_help("sagespec reads one job per file for now; move each job to its own file"),
        ));
    }
    Ok(into_node(first, text))
}

fn options(limits: &Limits) -> serde_saphyr::Options {
    serde_saphyr::options! {
        reject_unsupported_tags: true,
        budget: serde_saphyr::budget! {
            max_depth: limits.max_depth,
            max_nodes: limits.max_nodes,
            max_documents: 16,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits.max_alias_replay_events,
            max_replay_stack_depth: 16,
        },
    }
}

/// A YAML value as the visitor sees it, before spans are attached.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Key>, Spanned<Raw>)>),
}

/// A mapping key; YAML allows any scalar, JSON pointers need text.
struct Key(String);

fn into_node(spanned: Spanned<Raw>, text: &str) -> Node {
    let span = span_of(&spanned.referenced, text);
    let value = match spanned.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        Raw::Float(f) => Value::Float(f),
        Raw::String(s) => Value::String(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|n| into_node(n, text)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| Entry {
                    key_span: span_of(&k.referenced, text),
                    key: k.value.0,
                    value: into_node(v, text),
                })
                .collect(),
        ),
    };
    Node::new(value, span)
}

/// The byte span of a location. Values carry byte offsets; scanner and parser errors carry
/// only a line and a (character) column, which are turned into a byte offset here.
fn span_of(location: &Location, text: &str) -> Span {
    let span = location.span();
    let offset = span
        .byte_offset()
        .map(|o| o as usize)
        .or_else(|| offset_of_line_column(text, location.line(), location.column()))
        .unwrap_or(0)
        .min(text.len());
    let len = span.byte_len().map_or(0, |l| l as usize);
    Span::new(offset, len.min(text.len() - offset))
}

/// The byte offset of a 1-based line and character column, if the text has that line.
fn offset_of_line_column(text: &str, line: u64, column: u64) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(usize::try_from(line - 2).ok()?).map(|(i, _)| i + 1)?
    };
    let rest = &text[line_start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let skip = usize::try_from(column.saturating_sub(1)).ok()?;
    let within = line_text.char_indices().nth(skip).map_or(line_text.len(), |(i, _)| i);
    Some(line_start + within)
}

fn syntax(error: &serde_saphyr::Error, text: &str) -> Finding {
    use serde_saphyr::Error as E;
    let span = error.location().map_or(Span::new(0, 0), |l| span_of(&l, text));
    let finding = match error {
        E::DuplicateMappingKey { key, .. } => Finding::error(
            codes::SOURCE_DUPLICATE_KEY,
            match key {
                Some(key) => format!("duplicate key `{key}`"),
                None => "duplicate key".to_owned(),
            },
        )
        .with_label("repeated here")
        .with_help("a key may appear once per mapping; remove one of them"),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => Finding::error(codes::SOURCE_LIMIT, bare_message(error))
            .with_help("manifests are small; nesting, node counts and alias expansion are capped so a hostile file cannot exhaust memory"),
        _ if bare_message(error).starts_with("duplicate mapping key") => Finding::error(
            codes::SOURCE_DUPLICATE_KEY,
            bare_message(error)
                .split(',')
                .next()
                .map_or_else(|| "duplicate key".to_owned(), |m| m.replace("duplicate mapping key: ", "duplicate key `") + "`"),
        )
        .with_label("repeated here")
        .with_help("a key may appear once per mapping; remove one of them"),
        _ if unsupported_tag(&bare_message(error)).is_some() => {
            let message = bare_message(error);
            let tag = unsupported_tag(&message).unwrap_or_default();
            let finding = Finding::error(codes::SOURCE_UNSUPPORTED_TAG, format!("unsupported YAML tag `{tag}`"))
                .with_label("this tag")
                .with_help("manifests are plain data: remove the tag (nothing is ever constructed from a YAML tag)");
            // Point at the tag itself rather than where the parser noticed it.
            return match text.find(tag) {
                Some(at) => finding.at_span(Span::new(at, tag.len())),
                None => finding.at_span(span),
            };
        }
        _ if is_limit(&bare_message(error)) => Finding::error(codes::SOURCE_LIMIT, bare_message(error))
            .with_help("no manifest nests this deep; flatten the structure"),
        _ => Finding::error(codes::SOURCE_SYNTAX, format!("invalid YAML: {}", bare_message(error))),
    };
    finding.at_span(span)
}

/// The tag named by an "unsupported tag `…`" message.
fn unsupported_tag(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unsupported tag `")?;
    rest.split('`').next()
}

/// Whether the parser stopped at one of its own limits (it reports those as messages).
fn is_limit(message: &str) -> bool {
    ["recursion limit", "limit exceeded", "budget"].iter().any(|m| message.contains(m))
}

/// serde-saphyr's message without its "error: line N column M:" prefix and snippet.
fn bare_message(error: &serde_saphyr::Error) -> String {
    let text = error.to_string();
    let first = text.lines().next().unwrap_or("invalid YAML");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let first = match first.split_once(": ") {
        Some((head, rest)) if head.starts_with("line ") => rest,
        _ => first,
    };
    first.trim_end_matches('.').to_owned()
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::String(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Raw, E> {
        String::from_utf8(v.to_vec()).map(Raw::String).map_err(|_| E::custom("binary values are not supported"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Key>>()? {
            let value = map.next_value::<Spanned<Raw>>()?;
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }
    fn visit_unit<E>(self) -> Result<Key, E> {
        Ok(Key("null".to_owned()))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Key, E> {
        Ok(Key(v))
    }
}
