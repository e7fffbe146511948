//! The JSON Schema: generated from the manifest types ([`crate::spec`]), committed as
//! `schema/sagespec.schema.json`, and used to validate every document.
//!
//! [`generate`] builds the schema text (draft-07, for editors' engines); [`check`] runs the
//! validator compiled from the committed file at build time, and turns each error into a
//! finding in the user's words (see `messages.rs`).

/// The items every kind's published schema module has besides how the schema is built
/// (its own `fn build() -> Json`): where it is published (`$file` in `schema/`), its
/// committed text, its value, its generation, and its validator, compiled at build time
/// from the committed file (`$path`, the same file named from the crate root, which the
/// validator's attribute reads).
macro_rules! published_schema {
    ($file:literal, $path:tt) => {
        /// Where the schema is published.
        pub const SCHEMA_ID: &str = concat!("https://raw.githubusercontent.com/sagespec/sagespec/main/schema/", $file);

        /// The committed schema, embedded at build time (`tests/schema_drift.rs` proves it
        /// equals [`generate`]'s output).
        pub const COMMITTED: &str = include_str!(concat!("../../schema/", $file));

        /// The schema as published.
        pub const PUBLISHED: super::Published = super::Published { file: $file, id: SCHEMA_ID, text: COMMITTED };

        /// The schema as a JSON value.
        pub fn schema() -> &'static serde_json::Value {
            static SCHEMA: std::sync::LazyLock<serde_json::Value> =
                std::sync::LazyLock::new(|| serde_json::from_str(COMMITTED).unwrap_or_else(|_| build()));
            &SCHEMA
        }

        /// Generates the schema: what the committed file must contain.
        pub fn generate() -> String {
            super::pretty(&build())
        }

        /// The committed schema compiled into Rust at build time, as the TrainingJob one is.
        #[jsonschema::validator(path = $path, draft = Draft7, pattern_options = { engine = regex })]
        struct Compiled;

        /// Validates a document of the kind (as JSON, nulls removed): every schema error as
        /// a finding.
        pub fn check(
            document: &crate::source::Document,
            instance: &serde_json::Value,
        ) -> Vec<crate::diagnostic::Finding> {
            super::findings(document, Compiled::iter_errors(instance), schema())
        }
    };
}

pub mod defaults;
pub mod endpoint;
mod messages;
pub mod model;
pub(crate) mod suggest;
pub mod tuning;

use std::sync::LazyLock;

use schemars::generate::SchemaSettings;
use serde_json::Value as Json;

use crate::diagnostic::Finding;
use crate::source::Document;
use crate::spec::Manifest;

pub use suggest::did_you_mean;

/// Where the schema is published, for editors and SchemaStore.
pub const SCHEMA_ID: &str = "https://raw.githubusercontent.com/sagespec/sagespec/main/schema/sagespec.schema.json";

/// A kind's published schema: its file name in `schema/`, its `$id`, its committed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published {
    /// The file name in `schema/` and of a local copy (`sagespec.schema.json`).
    pub file: &'static str,
    /// Its `$id`.
    pub id: &'static str,
    /// Its committed text.
    pub text: &'static str,
}

/// The TrainingJob schema as published.
pub const PUBLISHED: Published = Published { file: "sagespec.schema.json", id: SCHEMA_ID, text: COMMITTED };

/// The committed schema, embedded at build time. `tests/schema_drift.rs` proves it equals
/// [`generate`]'s output, so validating with it validates with the manifest types' schema
/// without generating it on every start.
pub const COMMITTED: &str = include_str!("../../schema/sagespec.schema.json");

/// The schema as a JSON value.
pub fn schema() -> &'static Json {
    static SCHEMA: LazyLock<Json> = LazyLock::new(|| serde_json::from_str(COMMITTED).unwrap_or_else(|_| build()));
    &SCHEMA
}

/// Generates the schema from the manifest types: pretty-printed, with a trailing newline.
/// This is what `schema/sagespec.schema.json` must contain.
pub fn generate() -> String {
    pretty(&build())
}

fn build() -> Json {
    build_for::<Manifest>(
        SCHEMA_ID,
        "sagespec training job",
        "A declarative Amazon SageMaker training job, compiled by sagespec to the exact CreateTrainingJob request the SageMaker Python SDK would send. Suggested file match: *.sagespec.yaml, *.sagespec.toml.",
    )
}

/// The schema of the manifest type `T`, published at `id`, with its `title` and
/// `description` first: every kind's schema is built the same way.
fn build_for<T: schemars::JsonSchema>(id: &str, title: &str, description: &str) -> Json {
    let mut settings = SchemaSettings::draft07();
    settings.meta_schema = Some("http://json-schema.org/draft-07/schema#".into());
    // `key: null` means "unset" and is removed before validation (see `crate::check`),
    // so optional keys need no `null` in their types.
    settings.transforms.push(Box::new(strip_null));
    settings.transforms.push(Box::new(int64_bounds));
    let generator = settings.into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut json = schema.to_value();
    if let Json::Object(map) = &mut json {
        let mut ordered = serde_json::Map::new();
        ordered.insert("$schema".into(), map.remove("$schema").unwrap_or_default());
        ordered.insert("$id".into(), Json::String(id.into()));
        ordered.insert("title".into(), Json::String(title.into()));
        ordered.insert("description".into(), Json::String(description.into()));
        map.remove("title");
        map.remove("description");
        ordered.append(map);
        *map = ordered;
    }
    add_titles(&mut json);
    json
}

/// Pretty-printed schema text with a trailing newline, as the committed files hold it.
fn pretty(schema: &Json) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Gives every top-level key and every definition a title for editors' hovers:
/// `instance_type` → "Instance type", `apiVersion` → "Api version", `TrainingInput` →
/// "Training input".
fn add_titles(schema: &mut Json) {
    for section in ["properties", "definitions"] {
        if let Some(Json::Object(entries)) = schema.get_mut(section) {
            for (name, entry) in entries.iter_mut() {
                if let Json::Object(entry) = entry {
                    entry.entry("title").or_insert_with(|| Json::String(humanize(name)));
                }
            }
        }
    }
}

/// Words of a snake_case or CamelCase name as a sentence; acronyms keep their case.
fn humanize(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c == '_' {
            words.push(String::new());
        } else {
            if words.is_empty() || (c.is_uppercase() && previous_lower) {
                words.push(String::new());
            }
            if let Some(word) = words.last_mut() {
                word.push(c);
            }
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    let words: Vec<String> = words
        .into_iter()
        .filter(|w| !w.is_empty())
        .map(|w| if w.len() > 1 && w.chars().all(char::is_uppercase) { w } else { w.to_lowercase() })
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Removes the `null` alternative schemars adds for `Option<T>`, and the `"default": null`
/// it writes for `#[serde(default)]` fields (yaml-language-server's completion trips on it).
fn strip_null(schema: &mut schemars::Schema) {
    if schema.get("default") == Some(&Json::Null) {
        schema.remove("default");
    }
    if let Some(Json::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            schema.insert("type".into(), only);
        }
    }
    if let Some(Json::Array(alternatives)) = schema.get("anyOf")
        && alternatives.len() == 2
        && alternatives.iter().any(|a| a.get("type") == Some(&Json::String("null".into())))
    {
        let kept = alternatives.iter().find(|a| a.get("type") != Some(&Json::String("null".into()))).cloned();
        schema.remove("anyOf");
        if let Some(Json::Object(kept)) = kept {
            for (k, v) in kept {
                schema.insert(k, v);
            }
        }
    }
    consts_to_enum(schema);
    schemars::transform::transform_subschemas(&mut strip_null, schema);
}

/// Bounds every `int64` to `i64`'s range. Manifests read integers of any size (a Python
/// int has no limit, and a hyperparameter keeps all its digits), so without a bound an
/// integer too large for its field passed the schema and then could not be typed.
fn int64_bounds(schema: &mut schemars::Schema) {
    if schema.get("format").and_then(Json::as_str) == Some("int64") {
        if schema.get("minimum").is_none() && schema.get("exclusiveMinimum").is_none() {
            schema.insert("minimum".into(), Json::from(i64::MIN));
        }
        if schema.get("maximum").is_none() && schema.get("exclusiveMaximum").is_none() {
            schema.insert("maximum".into(), Json::from(i64::MAX));
        }
    }
    schemars::transform::transform_subschemas(&mut int64_bounds, schema);
}

/// schemars writes a documented Rust enum as `oneOf` of `const`s; editors and our error
/// messages do better with a plain `enum`.
fn consts_to_enum(schema: &mut schemars::Schema) {
    let Some(Json::Array(alternatives)) = schema.get("oneOf") else {
        return;
    };
    let values: Option<Vec<Json>> = alternatives.iter().map(|a| a.get("const").cloned()).collect();
    if let Some(values) = values {
        schema.remove("oneOf");
        schema.insert("type".into(), Json::String("string".into()));
        schema.insert("enum".into(), Json::Array(values));
    }
}

/// The committed schema compiled into Rust when sagespec is built (jsonschema's `validator`
/// macro reads the same file as [`COMMITTED`]), so no run pays for building a validator:
/// that was 1–2 ms of every one-file `validate`. Patterns run on the `regex` engine rather
/// than the default `fancy-regex`: the schema's patterns need no look-around or
/// back-references, and `regex` matches in linear time whatever the input.
#[jsonschema::validator(path = "schema/sagespec.schema.json", draft = Draft7, pattern_options = { engine = regex })]
struct Compiled;

/// Builds the same validator at run time from [`schema`] (the benchmarks compare the two;
/// the checks use the compiled one).
pub fn build_validator() -> jsonschema::Validator {
    jsonschema::draft7::options()
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(schema())
        .expect("the generated schema is a valid draft-07 schema")
}

/// Validates `instance` (the document as JSON, nulls already removed) against the
/// TrainingJob schema and reports every schema error as a finding addressed by JSON pointer.
pub fn check(document: &Document, instance: &Json) -> Vec<Finding> {
    findings(document, Compiled::iter_errors(instance), schema())
}

/// The findings for the errors one kind's validator found in a document, in the user's
/// words; `schema` is the schema the validator was compiled from (messages quote it).
/// Every kind's check goes through here with its own compiled validator.
pub fn findings<'i>(
    document: &Document,
    errors: impl Iterator<Item = jsonschema::ValidationError<'i>>,
    schema: &Json,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = errors.flat_map(|error| messages::findings(&error, document, schema)).collect();
    // One finding per value, and one per key: a bad pattern says more than a bad length of
    // the same string. (A key and its value are two places: a bad channel name and a bad
    // value under it are both reported.)
    findings.sort_by_key(|f| messages::specificity(&f.code));
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| {
        f.code == crate::diagnostic::codes::SCHEMA_UNKNOWN_KEY
            || f.code == crate::diagnostic::codes::SCHEMA_MISSING_KEY
            || seen.insert((f.pointer.clone(), f.target))
    });
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_object_forbids_unknown_keys() {
        fn visit(value: &Json, path: &str, bad: &mut Vec<String>) {
            match value {
                Json::Object(map) => {
                    let is_struct =
                        map.get("type") == Some(&Json::String("object".into())) && map.contains_key("properties");
                    if is_struct && map.get("additionalProperties") != Some(&Json::Bool(false)) {
                        bad.push(path.to_owned());
                    }
                    // An `if` is a condition, not a shape: it declares the key it tests for
                    // (Ajv's strictRequired) and must not forbid the others.
                    for (k, v) in map.iter().filter(|(k, _)| k.as_str() != "if") {
                        visit(v, &format!("{path}/{k}"), bad);
                    }
                }
                Json::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        visit(v, &format!("{path}/{i}"), bad);
                    }
                }
                _ => {}
            }
        }
        let mut bad = Vec::new();
        visit(schema(), "", &mut bad);
        assert!(bad.is_empty(), "objects without additionalProperties: false: {bad:?}");
    }

    #[test]
    fn titles_read_as_words() {
        assert_eq!(humanize("instance_type"), "Instance type");
        assert_eq!(humanize("apiVersion"), "Api version");
        assert_eq!(humanize("TrainingInput"), "Training input");
        assert_eq!(humanize("S3DataType"), "S3 data type");
    }

    #[test]
    fn schema_uses_draft_07_only() {
        let text = COMMITTED;
        assert!(text.contains("http://json-schema.org/draft-07/schema#"));
        for keyword in ["unevaluatedProperties", "$defs", "prefixItems", "dependentRequired"] {
            assert!(!text.contains(keyword), "draft-07 has no {keyword}");
        }
    }
}
