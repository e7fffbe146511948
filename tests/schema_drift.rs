//! The committed JSON Schema is generated from the manifest types; this test fails when
//! they drift apart. Regenerate with:
//!
//! ```sh
//! SAGESPEC_UPDATE_SCHEMA=1 cargo test --test schema_drift
//! ```

use std::path::Path;

/// Fails when the committed schema at `file` (from the repository root) differs from what
/// `generated` is, after rewriting it with `SAGESPEC_UPDATE_SCHEMA` set; returns its text.
fn assert_committed(file: &str, generated: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os("SAGESPEC_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, generated).unwrap_or_else(|e| panic!("{file} is not writable: {e}"));
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file} is not committed: {e}"));
    assert!(committed == generated, "{file} is stale; run `SAGESPEC_UPDATE_SCHEMA=1 cargo test --test schema_drift`");
    committed
}

#[test]
fn committed_schema_matches_the_manifest_types() {
    assert_committed("schema/sagespec.schema.json", &sagespec::schema::generate());
}

#[test]
fn committed_schema_is_a_valid_draft_07_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/sagespec.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("readable schema")).expect("schema is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(jsonschema::draft7::meta::is_valid(&schema), "not a valid draft-07 schema");
}

#[test]
fn schema_offers_every_training_instance_type_and_describes_every_key() {
    let schema = sagespec::schema::schema();
    let types = schema["properties"]["instance_type"]["enum"].as_array().expect("instance_type enum");
    assert_eq!(types.len(), 225);
    let properties = schema["properties"].as_object().expect("top-level properties");
    let undocumented: Vec<&String> = properties
        .iter()
        .filter(|(_, p)| p.get("description").and_then(|d| d.as_str()).is_none_or(str::is_empty))
        .map(|(k, _)| k)
        .collect();
    assert!(undocumented.is_empty(), "keys without a description: {undocumented:?}");
}

#[test]
fn committed_tuning_schema_matches_the_manifest_types() {
    let committed = assert_committed("schema/tuning-job.schema.json", &sagespec::schema::tuning::generate());
    let schema: serde_json::Value = serde_json::from_str(&committed).expect("schema is JSON");
    assert!(jsonschema::draft7::meta::is_valid(&schema), "not a valid draft-07 schema");
    let properties = schema["properties"].as_object().expect("top-level properties");
    let undocumented: Vec<&String> = properties
        .iter()
        .filter(|(_, p)| p.get("description").and_then(|d| d.as_str()).is_none_or(str::is_empty))
        .map(|(k, _)| k)
        .collect();
    assert!(undocumented.is_empty(), "keys without a description: {undocumented:?}");
    assert_eq!(
        schema["definitions"]["Strategy"]["enum"],
        serde_json::json!(["Bayesian", "Random", "Hyperband", "Grid"])
    );
}

#[test]
fn committed_deploy_schemas_match_the_manifest_types() {
    for (file, generated) in [
        ("schema/model.schema.json", sagespec::schema::model::generate()),
        ("schema/endpoint.schema.json", sagespec::schema::endpoint::generate()),
    ] {
        let committed = assert_committed(file, &generated);
        let schema: serde_json::Value = serde_json::from_str(&committed).expect("schema is JSON");
        assert!(jsonschema::draft7::meta::is_valid(&schema), "{file}: not a valid draft-07 schema");
        let properties = schema["properties"].as_object().expect("top-level properties");
        let undocumented: Vec<&String> = properties
            .iter()
            .filter(|(_, p)| p.get("description").and_then(|d| d.as_str()).is_none_or(str::is_empty))
            .map(|(k, _)| k)
            .collect();
        assert!(undocumented.is_empty(), "{file}: keys without a description: {undocumented:?}");
    }
}

#[test]
fn committed_defaults_schema_matches_the_types_and_the_kinds() {
    let committed = assert_committed("schema/defaults.schema.json", &sagespec::schema::defaults::generate());
    let schema: serde_json::Value = serde_json::from_str(&committed).expect("schema is JSON");
    assert!(jsonschema::draft7::meta::is_valid(&schema), "not a valid draft-07 schema");
    let settings = schema["definitions"]["Settings"]["properties"].as_object().expect("settings are listed");
    let undocumented: Vec<&String> = settings
        .iter()
        .filter(|(_, p)| p.get("description").and_then(|d| d.as_str()).is_none_or(str::is_empty))
        .map(|(k, _)| k)
        .collect();
    assert!(undocumented.is_empty(), "settings without a description: {undocumented:?}");
    // `require` names exactly the keys a Defaults file may set.
    let required: Vec<&str> = schema["definitions"]["Policy"]["properties"]["require"]["items"]["enum"]
        .as_array()
        .expect("require lists its keys")
        .iter()
        .filter_map(|key| key.as_str())
        .collect();
    assert_eq!(required, settings.keys().map(String::as_str).collect::<Vec<_>>());
}
