//! TOML → [`Node`], through toml's spanned `DeTable`.
//!
//! toml rejects duplicate keys and caps recursion itself; a cheap pre-scan bounds nesting
//! so the parser never sees a pathological file. Dates are kept as their text.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Entry, Limits, Node, Span, Value};
use crate::diagnostic::{Finding, codes};

/// Reads one TOML document.
pub fn read(text: &str, limits: &Limits) -> Result<Node, Box<Finding>> {
    match prescan(text, limits) {
        Some(OverLimit::Depth(at)) => return Err(Box::new(super::limits::too_deep(Span::new(at, 1), limits))),
        Some(OverLimit::Values(at)) => return Err(Box::new(super::limits::too_many_values(Span::new(at, 1), limits))),
        None => {}
    }
    let table = DeTable::parse(text).map_err(|e| Box::new(syntax(&e, text)))?;
    let span = table.span();
    Ok(Node::new(table_value(table.into_inner()), to_span(span)))
}

fn node(value: Spanned<DeValue<'_>>) -> Node {
    let span = to_span(value.span());
    let value = match value.into_inner() {
        DeValue::String(s) => Value::String(s.into_owned()),
        DeValue::Integer(i) => integer(i.as_str(), i.radix()),
        DeValue::Float(f) => {
            f.as_str().replace('_', "").parse().map_or_else(|_| Value::String(f.as_str().to_owned()), Value::Float)
        }
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Seq(items.into_iter().map(node).collect()),
        DeValue::Table(table) => table_value(table),
    };
    Node::new(value, span)
}

fn table_value(table: DeTable<'_>) -> Value {
    Value::Map(
        table
            .into_iter()
            .map(|(key, value)| Entry {
                key_span: to_span(key.span()),
                key_plain: false,
                key: key.into_inner().into_owned(),
                value: node(value),
            })
            .collect(),
    )
}

/// An integer's digits as toml gives them (`_` separators, a sign in decimal), exact at
/// any size ([`super::integer`]); text that is somehow not digits stays a string.
fn integer(digits: &str, radix: u32) -> Value {
    let clean = digits.replace('_', "");
    let (negative, body) = match clean.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    super::integer::integer(negative, body, radix).unwrap_or_else(|| Value::String(digits.to_owned()))
}

fn to_span(range: std::ops::Range<usize>) -> Span {
    Span::new(range.start, range.end.saturating_sub(range.start))
}

fn syntax(error: &toml::de::Error, text: &str) -> Finding {
    let span = error.span().map_or(Span::new(0, 0), to_span);
    let message = error.message().trim_end().to_owned();
    let code = if message.contains("duplicate key") {
        codes::SOURCE_DUPLICATE_KEY
    } else if message.contains("recursion") {
        codes::SOURCE_LIMIT
    } else {
        codes::SOURCE_SYNTAX
    };
    let span = Span::new(span.offset.min(text.len()), span.len);
    Finding::error(code, message).at_span(span)
}

/// What the pre-scan found over a limit, and where.
enum OverLimit {
    /// `[`/`{` nesting deeper than the limit.
    Depth(usize),
    /// More key/value pairs and array items than the value limit.
    Values(usize),
}

/// One pass over the text, ignoring strings and comments, that stops at the first offset
/// where nesting exceeds `limits.max_depth` or the values (`=` and `,`) exceed
/// `limits.max_nodes`: a hostile file fails before the parser builds anything.
fn prescan(text: &str, limits: &Limits) -> Option<OverLimit> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut values = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > limits.max_depth {
                    return Some(OverLimit::Depth(i));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'=' | b',' => {
                values += 1;
                if values > limits.max_nodes {
                    return Some(OverLimit::Values(i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}
