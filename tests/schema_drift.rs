//! The committed JSON Schema is generated from the manifest types; this test fails when
//! they drift apart. Regenerate with:
//!
//! ```sh
//! cargo run -q -- schema > schema/sagespec.schema.json
//! ```

use std::path::Path;

#[test]
fn committed_schema_matches_the_manifest_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/sagespec.schema.json");
    let committed = std::fs::read_to_string(&path).expect("schema/sagespec.schema.json is committed");
    assert!(
        committed == sagespec::schema::generate(),
        "schema/sagespec.schema.json is stale; run `cargo run -q -- schema > schema/sagespec.schema.json`"
    );
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
