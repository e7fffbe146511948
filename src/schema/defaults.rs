//! The Defaults schema: generated from [`crate::spec::defaults::DefaultsFile`] and every
//! kind's schema, committed as `schema/defaults.schema.json` (drift-tested like the
//! others), and compiled into a validator at build time.
//!
//! `defaults` and each environment may hold any key of any kind: their `Settings`
//! definition lists the top-level keys of every built-in kind's schema, with the kind's
//! own docs and values (all optional), except the keys that name one resource
//! ([`crate::defaults::merge::NOT_SHARED`]). A key two kinds define differently (an
//! `instance_type` for training and for hosting) accepts either. `policy.require` lists
//! the same keys.

use serde_json::{Map, Value as Json, json};

use crate::defaults::merge::NOT_SHARED;
use crate::spec::defaults::DefaultsFile;

published_schema!("defaults.schema.json", "schema/defaults.schema.json");

fn build() -> Json {
    let mut schema = super::build_for::<DefaultsFile>(
        SCHEMA_ID,
        "sagespec defaults",
        "Settings and policy shared by the sagespec manifests of a folder and the folders below it (a file named sagespec.defaults.yaml, .yml or .toml).",
    );
    let kinds: Vec<(&str, Json)> = crate::kinds::BUILTIN
        .iter()
        .filter(|kind| kind.declares_resources())
        .filter_map(|kind| Some((kind.name(), serde_json::from_str(kind.schema()?.text).ok()?)))
        .collect();
    let (settings, definitions) = settings(&kinds);
    let keys: Vec<Json> = settings.keys().map(|key| Json::String(key.clone())).collect();
    if let Some(Json::Object(all)) = schema.get_mut("definitions") {
        for (name, definition) in definitions {
            all.entry(name).or_insert(definition);
        }
        all.insert(
            "Settings".into(),
            json!({
                "title": "Settings",
                "description": "Values for any key of any kind of manifest, each with the kind's own docs. A manifest's own value wins.",
                "type": "object",
                "additionalProperties": false,
                "properties": settings,
            }),
        );
    }
    if let Some(require) = schema.pointer_mut("/definitions/Policy/properties/require") {
        require["items"] = json!({"type": "string", "enum": keys});
    }
    schema
}

/// The keys a Defaults file may set, in the order the kinds define them, and the
/// definitions their schemas refer to.
fn settings(kinds: &[(&str, Json)]) -> (Map<String, Json>, Map<String, Json>) {
    let mut variants: Vec<(String, Vec<Json>)> = Vec::new();
    let mut definitions = Map::new();
    for (_, schema) in kinds {
        let properties = schema.get("properties").and_then(Json::as_object).into_iter().flatten();
        for (key, property) in properties.filter(|(key, _)| !NOT_SHARED.contains(&key.as_str())) {
            let shape = without_docs(property);
            match variants.iter_mut().find(|(known, _)| known == key) {
                Some((_, seen)) if seen.iter().any(|s| without_docs(s) == shape) => {}
                Some((_, seen)) => seen.push(property.clone()),
                None => variants.push((key.clone(), vec![property.clone()])),
            }
        }
        if let Some(Json::Object(defined)) = schema.get("definitions") {
            for (name, definition) in defined {
                definitions.entry(name.clone()).or_insert_with(|| definition.clone());
            }
        }
    }
    let settings = variants
        .into_iter()
        .map(|(key, mut seen)| {
            let property = if seen.len() == 1 {
                seen.remove(0)
            } else {
                let title = seen[0].get("title").cloned().unwrap_or(Json::Null);
                json!({"title": title, "description": "Differs by kind: each kind's form is accepted.", "anyOf": seen})
            };
            (key, property)
        })
        .collect();
    (settings, definitions)
}

/// A property's schema without the text that only documents it.
fn without_docs(property: &Json) -> Json {
    let mut shape = property.clone();
    if let Json::Object(map) = &mut shape {
        for documentation in ["title", "description", "examples", "default"] {
            map.remove(documentation);
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_share_their_definitions_without_conflict() {
        let mut seen: Map<String, Json> = Map::new();
        for kind in crate::kinds::BUILTIN {
            let Some(published) = kind.schema() else { continue };
            let schema: Json = serde_json::from_str(published.text).expect("a committed schema is JSON");
            for (name, definition) in schema["definitions"].as_object().into_iter().flatten() {
                if let Some(earlier) = seen.insert(name.clone(), definition.clone()) {
                    assert_eq!(&earlier, definition, "{} defines `{name}` differently", kind.name());
                }
            }
        }
    }

    #[test]
    fn settings_take_every_shared_key_of_every_kind() {
        let properties = &schema()["definitions"]["Settings"]["properties"];
        for key in ["role", "output_path", "instance_type", "env", "initial_instance_count", "max_jobs", "tags"] {
            assert!(properties.get(key).is_some(), "`{key}` cannot be a default");
        }
        for key in NOT_SHARED {
            assert!(properties.get(key).is_none(), "`{key}` names one resource and cannot be shared");
        }
        // A training and a hosting instance type are both accepted.
        assert!(properties["instance_type"]["anyOf"].as_array().is_some_and(|forms| forms.len() == 2));
    }
}
