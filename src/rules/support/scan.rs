//! Where credentials can leak: every string value under `environment` and
//! `hyperparameters`, however deeply nested, with the key that holds it.
//!
//! Reads the document rather than the typed manifest, so a value the schema
//! rejected (an environment value over 512 characters, as session tokens are) is still
//! seen; a secrets finding at the same pointer then replaces the schema's.

use crate::rules::Context;
use crate::source::document::push_token;
use crate::source::{Node, Value};

/// The top-level keys whose values a job exposes.
const EXPOSED: &[&str] = &["environment", "hyperparameters"];

/// One string value and its place.
pub struct Place<'a> {
    /// The JSON pointer of the value.
    pub pointer: String,
    /// The innermost mapping key that holds it (for a list item, the list's key).
    pub key: &'a str,
    /// Where it is, for messages: `environment.AWS_SECRET_ACCESS_KEY`.
    pub path: String,
    /// The value.
    pub value: &'a str,
}

/// Every string under the exposed keys, in document order.
pub fn strings<'a>(cx: &Context<'a>) -> Vec<Place<'a>> {
    let mut places = Vec::new();
    for top in EXPOSED {
        if let Some(entry) = cx.document.root.entry(top) {
            walk(&entry.value, &push_token("", top), top, top, &mut places);
        }
    }
    places
}

fn walk<'a>(node: &'a Node, pointer: &str, key: &'a str, path: &str, places: &mut Vec<Place<'a>>) {
    match &node.value {
        Value::String(value) => places.push(Place { pointer: pointer.to_owned(), key, path: path.to_owned(), value }),
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{i}"), key, &format!("{path}[{i}]"), places);
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                walk(
                    &entry.value,
                    &push_token(pointer, &entry.key),
                    &entry.key,
                    &format!("{path}.{}", entry.key),
                    places,
                );
            }
        }
        _ => {}
    }
}

/// Whether `key` names what `names` lists: equal to one of them, ignoring case and
/// treating `-` as `_`.
pub fn named(key: &str, names: &[&str]) -> bool {
    let key = key.replace('-', "_");
    names.iter().any(|name| key.eq_ignore_ascii_case(name))
}

/// Whether `key` contains one of `hints`, ignoring case.
pub fn hints(key: &str, hints: &[&str]) -> bool {
    let key = key.to_ascii_lowercase();
    hints.iter().any(|hint| key.contains(hint))
}

/// Whether every character of `value` is in the base64 alphabet (`A–Z a–z 0–9 / + =`).
pub fn is_base64(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'+' | b'='))
}
