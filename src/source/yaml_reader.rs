//! YAML → [`Node`], through serde-saphyr, read as YAML 1.2 (its core schema).
//!
//! A private visitor deserializes "any" YAML value and wraps every child in
//! `serde_saphyr::Spanned` and `serde_saphyr::Tagged`, so each value and each key keeps
//! its byte span and whether it carries a tag. serde-saphyr enforces the budget: depth,
//! node count and alias replay, and rejects repeated keys at their second occurrence. A
//! file with several documents is reported, not silently cut.
//!
//! The editor and the CLI must read a value the same way. yaml-language-server reads YAML
//! 1.2, so a plain scalar is typed by [`core_schema`] from its text as written:
//! serde-saphyr's own guess (it still reads `017` as 17.0 and `0b101` as 5) is replaced,
//! and YAML 1.1's `yes`/`no`/`on`/`off`/`y`/`n` are strings. Quoted, block and tagged
//! scalars keep serde-saphyr's reading. A key is its text as written (`y` is "y", `0x1F`
//! is "0x1F"); two keys of one mapping that become the same JSON key (`1` and `"1"`) or
//! that YAML reads as the same value (`true` and `True`) are a duplicate-key error: no key
//! is ever silently lost.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned, Tagged};

use super::core_schema;
use super::document::push_token;
use super::{Entry, Limits, Node, Span, Value};
use crate::diagnostic::{Finding, codes};

/// A node as serde-saphyr hands it over: where it is, its tag (if any), its value.
type Read = Spanned<Tagged<Raw>>;

/// Reads exactly one YAML document.
pub fn read(text: &str, limits: &Limits) -> Result<Node, Box<Finding>> {
    let options = options(limits);
    let documents: Vec<Read> =
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
    into_node(first, text)
}

fn options(limits: &Limits) -> serde_saphyr::Options {
    serde_saphyr::options! {
        reject_unsupported_tags: true,
        // YAML 1.2 booleans only, so serde-saphyr's own duplicate-key check never sees
        // `y` and `on` as one key; the core schema has the last word on every plain scalar.
        strict_booleans: true,
        // Every entry reaches [`mapping`], which reports a repeated key with its pointer
        // (`/inputs/train`) as well as its span; YAML's rule stays an error there.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
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

/// A YAML value as the visitor sees it, before spans are attached. Scalars hold
/// serde-saphyr's reading, which [`scalar`] corrects for plain scalars.
enum Raw {
    Scalar(Value),
    Seq(Vec<Read>),
    Map(Vec<(Spanned<Tagged<Key>>, Read)>),
}

/// A mapping key: any scalar (a mapping or sequence as a key is refused).
struct Key(Value);

fn into_node(read: Read, text: &str) -> Result<Node, Box<Finding>> {
    let span = span_of(&read.referenced, text);
    let Tagged(raw, tag) = read.value;
    let value = match raw {
        Raw::Scalar(guess) => {
            let (value, plain) = scalar(guess, tag.is_some(), written(&read.defined, text));
            return Ok(Node { value, span, plain });
        }
        Raw::Seq(items) => Value::Seq(
            items
                .into_iter()
                .enumerate()
                .map(|(i, n)| into_node(n, text).map_err(|finding| under(&i.to_string(), finding)))
                .collect::<Result<_, _>>()?,
        ),
        Raw::Map(entries) => Value::Map(mapping(entries, text)?),
    };
    Ok(Node::new(value, span))
}

/// A scalar's value, and whether it is plain (see [`Node::plain`]).
///
/// `guess` is serde-saphyr's reading, `written` the scalar's text in the source (for an
/// alias, the anchored scalar's). A tagged scalar keeps the guess: the tag chose its type.
/// An untagged string whose text differs from what is written was quoted or a block
/// scalar (or a plain scalar folded over lines, always a string), so it stays a string.
/// Anything else is plain and the core schema reads its text.
fn scalar(guess: Value, tagged: bool, written: Option<&str>) -> (Value, bool) {
    let Some(written) = written.filter(|_| !tagged) else {
        return (guess, false);
    };
    match guess {
        Value::String(s) if s != written => (Value::String(s), false),
        Value::String(s) => (core_schema::resolve(&s).unwrap_or(Value::String(s)), true),
        _ => (core_schema::resolve(written).unwrap_or_else(|| Value::String(written.to_owned())), true),
    }
}

/// The source text at a location, when it carries byte offsets.
fn written<'t>(location: &Location, text: &'t str) -> Option<&'t str> {
    let span = location.span();
    let offset = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    text.get(offset..offset.checked_add(len)?)
}

/// One key as read, before its value.
struct KeyRead {
    /// The key as text: as written for a plain scalar, the content for a quoted one.
    name: String,
    /// What YAML reads a key that is not a string as (`True` → true), to compare keys.
    typed: Option<Value>,
    span: Span,
    plain: bool,
}

fn key_read(key: Spanned<Tagged<Key>>, text: &str) -> KeyRead {
    let span = span_of(&key.referenced, text);
    let written = written(&key.defined, text);
    let Tagged(Key(guess), tag) = key.value;
    let (value, plain) = scalar(guess, tag.is_some(), written);
    let (name, typed) = match value {
        Value::String(s) => (s, None),
        typed => (written.map_or_else(|| scalar_text(&typed), str::to_owned), Some(typed)),
    };
    KeyRead { name, typed, span, plain }
}

/// A scalar value as text, for a key whose spelling is not known.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::String(s) | Value::BigInt(s) => s.clone(),
        Value::Seq(_) | Value::Map(_) => String::new(),
    }
}

/// A mapping's entries. Keys are checked before any value is read, so the first problem
/// in source order is the one reported.
fn mapping(entries: Vec<(Spanned<Tagged<Key>>, Read)>, text: &str) -> Result<Vec<Entry>, Box<Finding>> {
    let (keys, values): (Vec<KeyRead>, Vec<Read>) = entries.into_iter().map(|(k, v)| (key_read(k, text), v)).unzip();
    if let Some((first, second)) = first_duplicate(&keys) {
        let finding = duplicate(&keys[first], &keys[second], text);
        return Err(under(&keys[second].name, Box::new(finding)));
    }
    keys.into_iter()
        .zip(values)
        .map(|(key, value)| {
            let value = into_node(value, text).map_err(|finding| under(&key.name, finding))?;
            Ok(Entry { key: key.name, key_span: key.span, key_plain: key.plain, value })
        })
        .collect()
}

/// A finding raised inside the value at `token` of the node being read: its pointer, so
/// far relative to that value, gets the token in front. Pointers are built only on this
/// error path, from the inside out, so reading a valid document builds none.
fn under(token: &str, mut finding: Box<Finding>) -> Box<Finding> {
    finding.pointer = push_token("", token) + &finding.pointer;
    finding
}

/// The first pair of keys that would collapse into one: the same text (one JSON key), or
/// the same value as YAML reads it (`true` and `True`, `null` and `~`).
fn first_duplicate(keys: &[KeyRead]) -> Option<(usize, usize)> {
    let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
    let mut typed: Vec<(&Value, usize)> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(&first) = by_name.get(key.name.as_str()) {
            return Some((first, i));
        }
        if let Some(value) = &key.typed {
            if let Some(&(_, first)) = typed.iter().find(|(seen, _)| *seen == value) {
                return Some((first, i));
            }
            typed.push((value, i));
        }
        by_name.insert(&key.name, i);
    }
    None
}

/// The finding for two keys that name the same entry, at the second.
fn duplicate(first: &KeyRead, second: &KeyRead, text: &str) -> Finding {
    let as_written = |key: &KeyRead| text.get(key.span.offset..key.span.end()).unwrap_or(&key.name).to_owned();
    let (one, two) = (as_written(first), as_written(second));
    let line = text[..first.span.offset.min(text.len())].matches('\n').count() + 1;
    let (message, help) = if one == two {
        (format!("duplicate key `{}`", second.name), "a key may appear once per mapping; remove one of them".to_owned())
    } else if first.name == second.name {
        (
            format!("duplicate key `{two}`: the same key as `{one}` on line {line}"),
            format!(
                "`{one}` and `{two}` both name the key \"{}\"; a key may appear once per mapping, so remove one of them",
                second.name
            ),
        )
    } else {
        let tag = core_schema::tag_of(&second.name);
        (
            format!("duplicate key `{two}`: the same key as `{one}` on line {line}"),
            format!(
                "YAML reads `{one}` and `{two}` as the same {tag}; a key may appear once per mapping, so remove one of them"
            ),
        )
    };
    Finding::error(codes::SOURCE_DUPLICATE_KEY, message)
        .at_span(second.span)
        .with_label("repeated here")
        .with_help(help)
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

/// Turns serde-saphyr's callbacks into values; both values and keys use it.
struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::BigInt(v.to_string()), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::BigInt(v.to_string()), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::BigInt(v.to_string()), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        String::from_utf8(v.to_vec()).map(Value::String).map_err(|_| E::custom("binary values are not supported"))
    }
}

/// Any YAML value: scalars through [`ScalarVisitor`], collections here.
struct RawVisitor;

/// Visitor methods that read a scalar through [`ScalarVisitor`] and wrap it.
macro_rules! forward_scalars {
    ($out:ty => $wrap:expr; $($method:ident($($arg:ty)?)),* $(,)?) => {
        $(fn $method<E: de::Error>(self $(, v: $arg)?) -> Result<$out, E> {
            ScalarVisitor.$method($(forward_scalars!(@arg v $arg))?).map($wrap)
        })*
    };
    (@arg $v:ident $arg:ty) => { $v };
}

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    forward_scalars! {
        Raw => Raw::Scalar;
        visit_unit(), visit_none(), visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_i128(i128),
        visit_u128(u128), visit_f64(f64), visit_str(&str), visit_string(String), visit_bytes(&[u8]),
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Read>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Tagged<Key>>>()? {
            let value = map.next_value::<Read>()?;
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

/// A key: a scalar; a mapping or sequence is refused with "expected a scalar mapping key".
struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }
    forward_scalars! {
        Key => Key;
        visit_unit(), visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_i128(i128), visit_u128(u128),
        visit_f64(f64), visit_str(&str), visit_string(String),
    }
}
