//! The committed JSON Schema, proven under Ajv in strict mode, as SchemaStore's CI runs it
//! (draft-07, `strict: true`, the formats of `ajv-formats`). The pinned `ajv-cli` and
//! `ajv-formats` (`tests/editors/package.json`) are installed by `scripts/editors-setup`.
//! The tests check that:
//!
//! - the schema compiles under strict mode, and strict mode is really on: a schema whose
//!   `if` requires a key it does not define (`strictRequired`, the fault this schema had)
//!   fails to compile;
//! - every example in `specs/` (YAML and TOML, turned into JSON by sagespec's own reader,
//!   `sagespec::source`) and every `"expect": "ok"` conformance manifest validates;
//! - Ajv rejects an unknown key (top level, in a channel, in a single TrainingInput), a wrong
//!   enum value and a missing required key, at the pointer at fault.
//!
//! When ajv-cli is not installed the tests fail with a message naming the set-up script;
//! set `SAGESPEC_SKIP_EDITOR_TESTS=1` to skip them on a machine without Node.js (never in CI).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

mod support;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    repo().join("schema/sagespec.schema.json")
}

/// The schema that describes a kind: the TrainingJob schema (the one editors load by
/// default), or the kind's own file.
fn kind_schema_path(kind: &str) -> PathBuf {
    sagespec::check::builtin()
        .get(kind)
        .and_then(sagespec::kinds::Kind::schema)
        .map_or_else(schema_path, |published| repo().join("schema").join(published.file))
}

/// ajv-cli's entry script, run with `node`, or `None` when the tests are to be skipped.
fn ajv() -> Option<PathBuf> {
    let script = repo().join("tests/editors/node_modules/ajv-cli/dist/index.js");
    if script.is_file() {
        return Some(script);
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if !in_ci && std::env::var_os("SAGESPEC_SKIP_EDITOR_TESTS").is_some_and(|v| v == "1") {
        eprintln!("SKIPPED: ajv-cli is not installed and SAGESPEC_SKIP_EDITOR_TESTS=1");
        return None;
    }
    panic!(
        "ajv-cli is not installed at {}: run scripts/editors-setup (scripts/test does), \
         or set SAGESPEC_SKIP_EDITOR_TESTS=1 outside CI",
        script.display()
    );
}

/// What one ajv-cli run said.
struct Ran {
    success: bool,
    output: String,
}

/// Runs `ajv COMMAND` with SchemaStore's settings for a draft-07 schema.
fn run(ajv: &Path, command: &str, schema: &Path, data: &[PathBuf]) -> Ran {
    let mut cmd = Command::new("node");
    cmd.arg(ajv)
        .arg(command)
        .args(["--spec=draft7", "--strict=true", "-c", "ajv-formats", "-s"])
        .arg(schema)
        // `-c ajv-formats` is resolved from here, where scripts/editors-setup installed it.
        .current_dir(repo().join("tests/editors"));
    if command == "validate" {
        cmd.args(["--all-errors", "--errors=json"]);
    }
    for file in data {
        cmd.arg("-d").arg(file);
    }
    let output = cmd.output().expect("run node (Node.js is needed for the Ajv tests)");
    Ran {
        success: output.status.success(),
        output: String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr),
    }
}

/// A manifest file as JSON, read by sagespec's own reader (as `validate` reads it).
fn manifest_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read manifest");
    let format = sagespec::source::Format::from_path(path).expect("a .yaml or .toml manifest");
    sagespec::source::parse(&text, format).unwrap_or_else(|f| panic!("{}: {f:?}", path.display())).to_json()
}

fn write_json(folder: &Path, name: &str, value: &Value) -> PathBuf {
    let path = folder.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("JSON text")).expect("write JSON");
    path
}

/// Validates one document that must be rejected; returns Ajv's errors.
fn rejected(ajv: &Path, folder: &Path, name: &str, value: &Value) -> Vec<Value> {
    let file = write_json(folder, name, value);
    let ran = run(ajv, "validate", &schema_path(), &[file]);
    assert!(!ran.success, "{name}: Ajv accepted the document:\n{}", ran.output);
    let start = ran.output.find('[').unwrap_or_else(|| panic!("{name}: no errors printed:\n{}", ran.output));
    let errors: Value = serde_json::from_str(ran.output[start..].trim()).expect("Ajv's errors are JSON");
    errors.as_array().cloned().expect("a list of errors")
}

fn has_error(errors: &[Value], pointer: &str, keyword: &str, param: (&str, &str)) -> bool {
    errors.iter().any(|e| e["instancePath"] == pointer && e["keyword"] == keyword && e["params"][param.0] == param.1)
}

/// A clean manifest to break: `specs/bert-ddp.yaml` as JSON.
fn clean() -> Value {
    manifest_json(&repo().join("specs/bert-ddp.yaml"))
}

#[test]
fn schema_compiles_in_strict_mode() {
    let Some(ajv) = ajv() else { return };
    for schema in ["TrainingJob", "TuningJob", "Model", "Endpoint"].map(kind_schema_path) {
        let ran = run(&ajv, "compile", &schema, &[]);
        assert!(
            ran.success && ran.output.contains("is valid"),
            "Ajv strict rejects {}:\n{}",
            schema.display(),
            ran.output
        );
    }
}

#[test]
fn strict_mode_rejects_a_required_key_its_if_does_not_define() {
    let Some(ajv) = ajv() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let schema = write_json(
        folder.path(),
        "loose.schema",
        &json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "if": {"type": "object", "required": ["s3_data"]},
            "then": {"type": "object"}
        }),
    );
    let ran = run(&ajv, "compile", &schema, &[]);
    assert!(!ran.success && ran.output.contains("strictRequired"), "Ajv is not in strict mode:\n{}", ran.output);
}

#[test]
fn every_example_in_specs_validates() {
    let Some(ajv) = ajv() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo().join("specs"))
        .expect("read specs/")
        .map(|e| e.expect("specs/ entry").path())
        .filter(|p| sagespec::source::Format::from_path(p).is_some())
        .collect();
    examples.sort();
    assert!(examples.iter().any(|p| p.extension().is_some_and(|e| e == "yaml")), "specs/ holds no YAML example");
    assert!(examples.iter().any(|p| p.extension().is_some_and(|e| e == "toml")), "specs/ holds no TOML example");
    // Each example against its kind's schema.
    let mut by_schema: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for example in &examples {
        let name = example.file_name().expect("file name").to_string_lossy().into_owned();
        let json = manifest_json(example);
        let schema = kind_schema_path(json["kind"].as_str().unwrap_or_default());
        let file = write_json(folder.path(), &name, &json);
        match by_schema.iter_mut().find(|(path, _)| *path == schema) {
            Some((_, files)) => files.push(file),
            None => by_schema.push((schema, vec![file])),
        }
    }
    for (schema, files) in &by_schema {
        let ran = run(&ajv, "validate", schema, files);
        assert!(ran.success, "examples Ajv rejects against {}:\n{}", schema.display(), ran.output);
        for file in files {
            assert!(
                ran.output.contains(&format!("{} valid", file.display())),
                "{} not validated:\n{}",
                file.display(),
                ran.output
            );
        }
    }
}

#[test]
fn every_conformance_ok_manifest_validates() {
    let Some(ajv) = ajv() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (case, _) in support::cases::ok() {
        let name = case.file_name().expect("case name").to_string_lossy().into_owned();
        files.push(write_json(folder.path(), &name, &manifest_json(&case.join("manifest.yaml"))));
    }
    assert!(files.len() >= 50, "only {} ok conformance cases found", files.len());
    let ran = run(&ajv, "validate", &schema_path(), &files);
    assert!(ran.success, "ok manifests Ajv rejects:\n{}", ran.output);
}

#[test]
fn an_unknown_top_level_key_is_rejected() {
    let Some(ajv) = ajv() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let mut manifest = clean();
    manifest["instnce_count"] = json!(2);
    let errors = rejected(&ajv, folder.path(), "misspelled", &manifest);
    assert!(
        has_error(&errors, "", "additionalProperties", ("additionalProperty", "instnce_count")),
        "no unknown-key error: {errors:#?}"
    );
}

#[test]
fn an_unknown_key_in_a_channel_is_rejected() {
    let Some(ajv) = ajv() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let mut manifest = clean();
    manifest["inputs"]["train"] = json!({"s3_data": "s3://my-bucket/train/", "shuffle": true});
    let errors = rejected(&ajv, folder.path(), "channel", &manifest);
    assert!(
        has_error(&errors, "/inputs/train", "additionalProperties", ("additionalProperty", "shuffle")),
        "no unknown-key error in the channel: {errors:#?}"
    );
}

#[test]
fn an_unknown_key_in_a_single_training_input_is_rejected() {
    // `inputs` with `s3_data` is one TrainingInput: the `if` this dispatch rests on.
    let Some(ajv) = ajv() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let mut manifest = clean();
    manifest["inputs"] = json!({"s3_data": "s3://my-bucket/train/", "s3_data_typ": "S3Prefix"});
    let errors = rejected(&ajv, folder.path(), "single", &manifest);
    assert!(
        has_error(&errors, "/inputs", "additionalProperties", ("additionalProperty", "s3_data_typ")),
        "no unknown-key error in the TrainingInput: {errors:#?}"
    );
}

#[test]
fn a_wrong_enum_value_and_a_missing_required_key_are_rejected() {
    let Some(ajv) = ajv() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let mut manifest = clean();
    manifest["instance_type"] = json!("ml.p4d.48xlarge");
    manifest.as_object_mut().expect("a mapping").remove("role");
    let errors = rejected(&ajv, folder.path(), "wrong", &manifest);
    assert!(
        errors.iter().any(|e| e["instancePath"] == "/instance_type" && e["keyword"] == "enum"),
        "no enum error: {errors:#?}"
    );
    assert!(has_error(&errors, "", "required", ("missingProperty", "role")), "no missing-key error: {errors:#?}");
}
