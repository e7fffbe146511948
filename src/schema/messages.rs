//! Schema errors in the user's words: each jsonschema error becomes a finding at the right
//! pointer, with a message that names the thing and help that says what to write.
//!
//! Where a finding points:
//! - an unknown key, or a key that is itself invalid (the schema's `propertyNames`, which
//!   jsonschema reports at the mapping that holds the key): the key, `/inputs/train set`;
//! - a missing key: the enclosing mapping (shown at the key that introduces it);
//! - a whole mapping or list (too many or too few entries): the key that introduces it,
//!   `tags:`, not its first entry;
//! - anything else: the value.
//!
//! The keys of a few mappings are names the API constrains (channels, environment
//! variables, tags): [`NAMED_ENTRIES`] says what each is called, so a message reads
//! "`train set` is not a valid channel name" rather than "not a valid `inputs`".

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as Json;

use super::suggest::{did_you_mean, only_close_match};
use crate::diagnostic::{Finding, codes};
use crate::fix::repairs;
use crate::source::Document;
use crate::source::document::{push_token, tokens};

/// A mapping whose keys are names the API constrains, and what to call them.
struct NamedEntries {
    /// The mapping's pointer.
    map: &'static str,
    /// What one entry is.
    entry: &'static str,
    /// What an entry's key is.
    key: &'static str,
    /// Which keys are allowed, in words (the pattern of the schema's `propertyNames`).
    allowed: Option<&'static str>,
}

/// The mappings whose keys are names. Source: the schema's `propertyNames` and
/// `maxProperties` (`spec/`), from the CreateTrainingJob API model: `Channel.ChannelName`
/// `[A-Za-z0-9\.\-_]+` (1–64), `Environment` keys `[a-zA-Z_][a-zA-Z0-9_]*` (≤ 512),
/// `Tag.Key` (1–128).
const NAMED_ENTRIES: &[NamedEntries] = &[
    NamedEntries {
        map: "/inputs",
        entry: "channel",
        key: "channel name",
        allowed: Some("channel names may use only ASCII letters, digits, `.`, `-` and `_`"),
    },
    NamedEntries {
        map: "/environment",
        entry: "environment variable",
        key: "environment variable name",
        allowed: Some(
            "environment variable names may use only ASCII letters, digits and `_`, and may not start with a digit",
        ),
    },
    NamedEntries { map: "/tags", entry: "tag", key: "tag key", allowed: None },
    NamedEntries { map: "/hyperparameters", entry: "hyperparameter", key: "hyperparameter name", allowed: None },
];

fn named_entries(map: &str) -> Option<&'static NamedEntries> {
    NAMED_ENTRIES.iter().find(|n| n.map == map)
}

/// The findings for one validator error (unknown keys may yield several).
pub fn findings(error: &ValidationError<'_>, document: &Document, schema: &Json) -> Vec<Finding> {
    let pointer = error.instance_path().as_str().to_owned();
    // jsonschema reports a bad key (`propertyNames`) at the mapping that holds it.
    if let Some(key) = error.instance().as_str()
        && tokens(error.schema_path().as_str()).any(|t| t == "propertyNames")
    {
        return vec![key_finding(error.kind(), &pointer, key)];
    }
    let name = value_name(&pointer, error.schema_path().as_str());
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
                    .at_key(at.clone())
                    .with_label("not a manifest key");
                    let fix = only_close_match(key, known.iter().copied())
                        .and_then(|better| repairs::rename_key(document, &at, better));
                    let finding = finding.with_fix(fix);
                    match did_you_mean(key, known.iter().copied()) {
                        Some(better) => finding
                            .with_help(format!("did you mean `{better}`?"))
                            .misspelling_of(push_token(&pointer, better)),
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
            } else {
                finding = finding.missing(present);
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
            let fix = given
                .as_str()
                .and_then(|g| only_close_match(g, options.iter().copied()))
                .and_then(|better| repairs::replace_string(document, &pointer, better));
            let finding = finding.with_fix(fix);
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
            vec![collection(&pointer, &name, error.instance(), &format!("a list of at least {limit} items"))]
        }
        ValidationErrorKind::MaxItems { limit } => vec![collection(
            &pointer,
            &name,
            error.instance(),
            &format!("a list of at most {limit} items (it has {})", item_count(error.instance())),
        )],
        ValidationErrorKind::MinProperties { limit } => {
            vec![collection(&pointer, &name, error.instance(), &format!("a mapping with at least {limit} entries"))]
        }
        ValidationErrorKind::MaxProperties { limit } => vec![collection(
            &pointer,
            &name,
            error.instance(),
            &format!("a mapping with at most {limit} entries (it has {})", item_count(error.instance())),
        )],
        ValidationErrorKind::PropertyNames { error: inner } => {
            let key = inner.instance().as_str().unwrap_or_default();
            vec![key_finding(inner.kind(), &pointer, key)]
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

/// A finding about a whole mapping or list: labelled at the key that introduces it.
fn collection(pointer: &str, name: &str, given: &Json, bound: &str) -> Finding {
    let count = item_count(given);
    let label = match (given, named_entries(pointer)) {
        (_, _) if count == 0 => "empty".to_owned(),
        (Json::Object(_), Some(named)) => plural(count, named.entry),
        (Json::Object(_), None) => plural(count, "entry"),
        _ => plural(count, "item"),
    };
    Finding::error(codes::SCHEMA_INVALID_LENGTH, format!("{name} must be {bound}"))
        .at_key(pointer.to_owned())
        .with_label(label)
}

/// A finding about a key itself (the schema's `propertyNames`), at the key, naming it by
/// what it names: "`train set` is not a valid channel name".
fn key_finding(kind: &ValidationErrorKind, map: &str, key: &str) -> Finding {
    let named = named_entries(map);
    let noun = named.map_or_else(|| format!("key in {}", describe(map)), |n| n.key.to_owned());
    let subject = if key.is_empty() { "the empty key".to_owned() } else { show(&Json::String(key.to_owned())) };
    let invalid = format!("{subject} is not a valid {noun}");
    let finding = match kind {
        ValidationErrorKind::Pattern { pattern } => {
            let finding =
                Finding::error(codes::SCHEMA_INVALID_FORMAT, invalid).with_label(format!("must match `{pattern}`"));
            match named.and_then(|n| n.allowed) {
                Some(allowed) => finding.with_help(allowed),
                None => finding.with_help(format!("the API requires the pattern `{pattern}`")),
            }
        }
        ValidationErrorKind::MinLength { limit } => Finding::error(
            codes::SCHEMA_INVALID_LENGTH,
            format!(
                "{invalid}: it must be at least {} long",
                plural(usize::try_from(*limit).unwrap_or(0), "character")
            ),
        )
        .with_label("too short"),
        ValidationErrorKind::MaxLength { limit } => Finding::error(
            codes::SCHEMA_INVALID_LENGTH,
            format!(
                "{invalid}: it must be at most {} long (it has {})",
                plural(usize::try_from(*limit).unwrap_or(usize::MAX), "character"),
                key.chars().count()
            ),
        )
        .with_label("too long"),
        _ => Finding::error(codes::SCHEMA_INVALID_VALUE, invalid),
    };
    finding.at_key(push_token(map, key))
}

/// The human name of the value at `pointer`: an entry of a [`NAMED_ENTRIES`] mapping that
/// the schema checks as a free-form entry (`additionalProperties`) is "environment variable
/// `HOME`"; anything else as [`key_name`] names it.
fn value_name(pointer: &str, schema_path: &str) -> String {
    let free_form = parent_path(schema_path).ends_with("/additionalProperties");
    let entry = pointer.rsplit_once('/').and_then(|(map, _)| named_entries(map));
    match (free_form, entry, tokens(pointer).last()) {
        (true, Some(named), Some(key)) => format!("{} `{key}`", named.entry),
        _ => key_name(pointer),
    }
}

/// "1 channel", "2 channels", "3 entries".
fn plural(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("{n} {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
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

#[cfg(test)]
mod tests {
    use crate::diagnostic::{Finding, Target, codes};
    use crate::source::{Format, parse};

    fn check(yaml: &str) -> Vec<Finding> {
        let document = parse(yaml, Format::Yaml).expect("valid YAML");
        super::super::check(&document, &document.to_json())
    }

    fn only(yaml: &str, code: &str) -> Finding {
        let found: Vec<Finding> = check(yaml).into_iter().filter(|f| f.code == code).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().expect("one finding")
    }

    #[test]
    fn a_bad_channel_name_is_reported_at_its_key_by_what_it_names() {
        let finding = only("inputs:\n  train set: s3://b/t/\n", codes::SCHEMA_INVALID_FORMAT);
        assert_eq!(finding.pointer, "/inputs/train set");
        assert_eq!(finding.target, Target::Key);
        assert_eq!(finding.message, "`train set` is not a valid channel name");
        assert_eq!(finding.help.as_deref(), Some("channel names may use only ASCII letters, digits, `.`, `-` and `_`"));
    }

    #[test]
    fn bad_environment_and_tag_keys_are_named_too() {
        let finding = only("environment:\n  1BAD: x\n", codes::SCHEMA_INVALID_FORMAT);
        assert_eq!((finding.pointer.as_str(), finding.target), ("/environment/1BAD", Target::Key));
        assert_eq!(finding.message, "`1BAD` is not a valid environment variable name");
        let finding = only("tags:\n  '': x\n", codes::SCHEMA_INVALID_LENGTH);
        assert_eq!((finding.pointer.as_str(), finding.target), ("/tags/", Target::Key));
        assert_eq!(finding.message, "the empty key is not a valid tag key: it must be at least 1 character long");
        let long = "k".repeat(129);
        let finding = only(&format!("tags:\n  {long}: x\n"), codes::SCHEMA_INVALID_LENGTH);
        assert_eq!(finding.pointer, format!("/tags/{long}"));
        assert!(
            finding.message.ends_with("it must be at most 128 characters long (it has 129)"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn a_bad_key_and_a_bad_value_of_the_same_entry_are_both_reported() {
        let found: Vec<Finding> =
            check("environment:\n  1BAD: 3\n").into_iter().filter(|f| f.pointer.starts_with("/environment")).collect();
        let places: Vec<(&str, Target)> = found.iter().map(|f| (f.pointer.as_str(), f.target)).collect();
        assert_eq!(places, [("/environment/1BAD", Target::Value), ("/environment/1BAD", Target::Key)], "{found:?}");
        assert_eq!(found[0].message, "environment variable `1BAD` must be a string, not a number");
    }

    #[test]
    fn a_whole_mapping_is_labelled_at_its_key() {
        let yaml: String =
            std::iter::once("tags:\n".to_owned()).chain((0..51).map(|i| format!("  t{i}: v\n"))).collect();
        let finding = only(&yaml, codes::SCHEMA_INVALID_LENGTH);
        assert_eq!((finding.pointer.as_str(), finding.target), ("/tags", Target::Key));
        assert_eq!(finding.label.as_deref(), Some("51 tags"));
        let finding = only("inputs: {}\n", codes::SCHEMA_INVALID_LENGTH);
        assert_eq!(
            (finding.pointer.as_str(), finding.target, finding.label.as_deref()),
            ("/inputs", Target::Key, Some("empty"))
        );
    }

    #[test]
    fn a_likely_misspelling_names_the_key_it_misspells_and_a_missing_key_its_place() {
        let found =
            check("apiVersion: sagespec/v1\nkind: TrainingJob\nframework: pytorch\nentry_point: t.py\nrol: x\n");
        let typo = found.iter().find(|f| f.code == codes::SCHEMA_UNKNOWN_KEY).expect("unknown key");
        assert_eq!(typo.misspells.as_deref(), Some("/role"));
        let missing = found.iter().find(|f| f.code == codes::SCHEMA_MISSING_KEY).expect("missing key");
        assert_eq!(missing.missing, ["/role"]);
        // An empty key is not missing: a misspelling cannot stand for it.
        let found = check("apiVersion: sagespec/v1\nkind: TrainingJob\nframework: pytorch\nentry_point: t.py\nrole:\n");
        assert!(found.iter().all(|f| f.missing.is_empty()), "{found:?}");
    }
}
