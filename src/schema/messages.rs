//! Schema errors in the user's words: each jsonschema error becomes a finding at the right
//! pointer (the key for unknown keys, the enclosing mapping for missing keys, the value
//! otherwise), with a message that names the key and help that says what to write.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as Json;

use super::suggest::did_you_mean;
use crate::diagnostic::{Finding, codes};
use crate::source::Document;
use crate::source::document::{push_token, tokens};

/// The findings for one validator error (unknown keys may yield several).
pub fn findings(error: &ValidationError<'_>, document: &Document, schema: &Json) -> Vec<Finding> {
    let pointer = error.instance_path().as_str().to_owned();
    let name = key_name(&pointer);
    let subschema = || resolve(schema, error.schema_path().as_str());
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let parent = resolve(schema, parent_path(error.schema_path().as_str()));
            let known: Vec<&str> = parent
                .and_then(|s| s.get("properties"))
                .and_then(Json::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            unexpected
                .iter()
                .map(|key| {
                    let at = push_token(&pointer, key);
                    let finding = Finding::error(
                        codes::SCHEMA_UNKNOWN_KEY,
                        format!("unknown key `{key}` in {}", describe(&pointer)),
                    )
                    .at_key(at)
                    .with_label("not a manifest key");
                    match did_you_mean(key, known.iter().copied()) {
                        Some(better) => finding.with_help(format!("did you mean `{better}`?")),
                        None if known.is_empty() => finding,
                        None => finding.with_help(format!("known keys here: {}", list(&known))),
                    }
                })
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            let key = property.as_str().unwrap_or_default();
            let present = push_token(&pointer, key);
            let mut finding = Finding::error(
                codes::SCHEMA_MISSING_KEY,
                format!("missing required key `{key}` in {}", describe(&pointer)),
            )
            .at(pointer.clone())
            .with_label(format!("`{key}` is required here"));
            if let Some(located) = document.node(&present).map(|_| document.locate(&present)) {
                finding = finding.at_span(located.key.unwrap_or(located.value)).with_label(format!("`{key}` is empty"));
            }
            let example = resolve(schema, &format!("{}/properties/{key}", parent_path(error.schema_path().as_str())))
                .and_then(example_of);
            vec![match example {
                Some(example) => finding.with_help(format!("add `{key}`, for example `{key}: {example}`")),
                None => finding.with_help(format!("add `{key}`")),
            }]
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<&str> =
                options.as_array().map(|o| o.iter().filter_map(Json::as_str).collect()).unwrap_or_default();
            let given = error.instance();
            let finding = Finding::error(codes::SCHEMA_INVALID_VALUE, format!("{} is not a valid {name}", show(given)))
                .at(pointer.clone())
                .with_label(format!("not a known {name}"));
            let suggestion = given.as_str().and_then(|g| did_you_mean(g, options.iter().copied()));
            vec![match suggestion {
                Some(better) => finding.with_help(format!("did you mean `{better}`?")),
                None if options.len() <= 8 => finding.with_help(format!("use one of: {}", list(&options))),
                None => finding.with_help(format!(
                    "use one of the {} allowed values, e.g. {}",
                    options.len(),
                    list(&options[..3.min(options.len())])
                )),
            }]
        }
        ValidationErrorKind::Constant { expected_value } => vec![
            Finding::error(codes::SCHEMA_INVALID_VALUE, format!("{name} must be {}", show(expected_value)))
                .at(pointer.clone())
                .with_help(format!("write `{}`", show_plain(expected_value))),
        ],
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => article(&t.to_string()),
                TypeKind::Multiple(set) => set.iter().map(|t| article(&t.to_string())).collect::<Vec<_>>().join(" or "),
            };
            vec![
                Finding::error(
                    codes::SCHEMA_INVALID_TYPE,
                    format!("{name} must be {expected}, not {}", json_type(error.instance())),
                )
                .at(pointer.clone())
                .with_label(format!("expected {expected}")),
            ]
        }
        ValidationErrorKind::Pattern { pattern } => {
            let example = subschema()
                .and_then(|_| resolve(schema, parent_path(error.schema_path().as_str())).and_then(example_of));
            let finding = Finding::error(
                codes::SCHEMA_INVALID_FORMAT,
                format!("{} is not a valid {name}", show(error.instance())),
            )
            .at(pointer.clone())
            .with_label(format!("must match `{pattern}`"));
            vec![match example {
                Some(example) => finding.with_help(format!("write it like `{example}`")),
                None => finding.with_help(format!("the API requires the pattern `{pattern}`")),
            }]
        }
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::ExclusiveMinimum { limit } => {
            vec![range(&pointer, &name, error.instance(), &format!("at least {limit}"))]
        }
        ValidationErrorKind::Maximum { limit } | ValidationErrorKind::ExclusiveMaximum { limit } => {
            vec![range(&pointer, &name, error.instance(), &format!("at most {limit}"))]
        }
        ValidationErrorKind::MinLength { limit } => {
            vec![length(&pointer, &name, &format!("at least {limit} characters long"))]
        }
        ValidationErrorKind::MaxLength { limit } => vec![length(
            &pointer,
            &name,
            &format!("at most {limit} characters long (it has {})", char_len(error.instance())),
        )],
        ValidationErrorKind::MinItems { limit } => {
            vec![length(&pointer, &name, &format!("a list of at least {limit} items"))]
        }
        ValidationErrorKind::MaxItems { limit } => vec![length(
            &pointer,
            &name,
            &format!("a list of at most {limit} items (it has {})", item_count(error.instance())),
        )],
        ValidationErrorKind::MinProperties { limit } => {
            vec![length(&pointer, &name, &format!("a mapping with at least {limit} entries"))]
        }
        ValidationErrorKind::MaxProperties { limit } => vec![length(
            &pointer,
            &name,
            &format!("a mapping with at most {limit} entries (it has {})", item_count(error.instance())),
        )],
        ValidationErrorKind::PropertyNames { error: inner } => {
            let key = inner.instance().as_str().unwrap_or_default().to_owned();
            let mut finding = findings(inner, document, schema)
                .into_iter()
                .next()
                .unwrap_or_else(|| Finding::error(codes::SCHEMA_INVALID_FORMAT, "invalid key"));
            finding.message = format!("key `{key}` in {}: {}", describe(&pointer), finding.message);
            vec![finding.at_key(push_token(&pointer, &key))]
        }
        _ => vec![Finding::error(codes::SCHEMA_INVALID_VALUE, format!("{name}: {error}")).at(pointer.clone())],
    }
}

/// Orders findings on the same value from the most to the least telling.
pub fn specificity(code: &str) -> usize {
    [
        codes::SCHEMA_UNKNOWN_KEY,
        codes::SCHEMA_MISSING_KEY,
        codes::SCHEMA_INVALID_TYPE,
        codes::SCHEMA_INVALID_VALUE,
        codes::SCHEMA_INVALID_FORMAT,
        codes::SCHEMA_OUT_OF_RANGE,
        codes::SCHEMA_INVALID_LENGTH,
    ]
    .iter()
    .position(|c| *c == code)
    .unwrap_or(usize::MAX)
}

fn range(pointer: &str, name: &str, given: &Json, bound: &str) -> Finding {
    Finding::error(codes::SCHEMA_OUT_OF_RANGE, format!("{name} must be {bound}, not {given}"))
        .at(pointer.to_owned())
        .with_label(format!("must be {bound}"))
}

fn length(pointer: &str, name: &str, bound: &str) -> Finding {
    Finding::error(codes::SCHEMA_INVALID_LENGTH, format!("{name} must be {bound}")).at(pointer.to_owned())
}

/// The human name of the value at a pointer: its key in backticks, or "item N of `key`".
fn key_name(pointer: &str) -> String {
    let tokens: Vec<String> = tokens(pointer).collect();
    match tokens.as_slice() {
        [] => "the manifest".to_owned(),
        [.., parent, last] if last.parse::<usize>().is_ok() => {
            format!("item {} of `{parent}`", last.parse::<usize>().unwrap_or(0) + 1)
        }
        [.., last] => format!("`{last}`"),
    }
}

/// "the manifest" or "`distribution.smdistributed`".
fn describe(pointer: &str) -> String {
    if pointer.is_empty() {
        "the manifest".to_owned()
    } else {
        format!("`{}`", tokens(pointer).collect::<Vec<_>>().join("."))
    }
}

fn parent_path(schema_path: &str) -> &str {
    schema_path.rsplit_once('/').map_or("", |(head, _)| head)
}

/// Follows a schema location through `$ref`s to the subschema it names.
fn resolve<'a>(root: &'a Json, schema_path: &str) -> Option<&'a Json> {
    let mut node = root;
    for token in tokens(schema_path) {
        node = if token == "$ref" {
            let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
            root.pointer(target)?
        } else {
            match node {
                Json::Object(map) => map.get(&token)?,
                Json::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            }
        };
    }
    Some(node)
}

fn example_of(subschema: &Json) -> Option<String> {
    let example = subschema.get("examples")?.as_array()?.first()?;
    Some(match example {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// A value quoted for a message, cut to a readable length (a hostile 500 kB value must
/// not become a 500 kB message).
fn show(value: &Json) -> String {
    const MAX_CHARS: usize = 80;
    let text = match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > MAX_CHARS {
        format!("`{}…`", text.chars().take(MAX_CHARS).collect::<String>())
    } else {
        format!("`{text}`")
    }
}

fn show_plain(value: &Json) -> String {
    show(value).trim_matches('`').to_owned()
}

fn json_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(n) if n.is_f64() => "a decimal number",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "a mapping",
    }
}

fn article(json_type: &str) -> String {
    match json_type {
        "object" => "a mapping".to_owned(),
        "array" => "a list".to_owned(),
        "integer" => "a whole number".to_owned(),
        "null" => "null".to_owned(),
        other => format!("a {other}"),
    }
}

fn char_len(value: &Json) -> usize {
    value.as_str().map_or(0, |s| s.chars().count())
}

fn item_count(value: &Json) -> usize {
    match value {
        Json::Array(items) => items.len(),
        Json::Object(map) => map.len(),
        _ => 0,
    }
}

fn list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}
