//! The committed JSON Schema, proven in taplo (PyPI's `taplo` wheel, pinned and installed
//! by `scripts/editors-setup` as `tests/editors/bin/taplo`): `taplo check` validates a TOML
//! document against the schema its `#:schema` directive names, headlessly, with the same
//! engine Taplo's editor extensions (Even Better TOML) use. The tests check that:
//!
//! - a wrong enum value, an out-of-range number and a misspelled key each give an error on
//!   the line at fault, and a missing required key an error naming it (taplo 0.9 reports
//!   that one on the enclosing table, and repeats it on each of the table's keys, as it
//!   does for a misspelled key: so every error must name the key at fault);
//! - every TOML example in `specs/` (its relative directive included), every `"expect": "ok"`
//!   conformance manifest turned into TOML, and every TOML starter of `sagespec init` give
//!   none;
//! - a directive naming a missing schema fails the check (so silence means something).
//!
//! Completion is not tested here: it needs taplo's language server, which this build leaves
//! out. When taplo is not installed the tests fail with a message naming the set-up script;
//! set `SAGESPEC_SKIP_EDITOR_TESTS=1` to skip them outside CI.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod support;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    repo().join("schema/sagespec.schema.json")
}

fn directive() -> String {
    format!("#:schema {}\n", schema_path().display())
}

/// The installed taplo, or `None` when the tests are to be skipped.
fn taplo() -> Option<PathBuf> {
    let binary = repo().join("tests/editors/bin/taplo");
    if binary.is_file() {
        return Some(binary);
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if !in_ci && std::env::var_os("SAGESPEC_SKIP_EDITOR_TESTS").is_some_and(|v| v == "1") {
        eprintln!("SKIPPED: taplo is not installed and SAGESPEC_SKIP_EDITOR_TESTS=1");
        return None;
    }
    panic!(
        "taplo is not installed at {}: run scripts/editors-setup (scripts/test does), \
         or set SAGESPEC_SKIP_EDITOR_TESTS=1 outside CI",
        binary.display()
    );
}

/// One error taplo printed: its message and 1-based line.
#[derive(Debug)]
struct TaploError {
    message: String,
    line: usize,
}

/// What `taplo check` said about some files.
struct Checked {
    success: bool,
    errors: Vec<TaploError>,
    output: String,
}

fn check(taplo: &Path, files: &[PathBuf]) -> Checked {
    let output = Command::new(taplo)
        .args(["check", "--colors", "never", "--no-auto-config"])
        .args(files)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run taplo");
    let text = String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout);
    let mut errors = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else { continue };
        let location = lines.next().unwrap_or_default();
        let line = location
            .rsplit(':')
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no location after {message:?}: {location:?}"));
        errors.push(TaploError { message: message.to_owned(), line });
    }
    Checked { success: output.status.success(), errors, output: text }
}

fn write(folder: &Path, name: &str, text: &str) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("write TOML document");
    path
}

/// 1-based number of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|line| line.contains(needle)).expect("the needle is in the document") + 1
}

/// A document that is valid but for the lines of `body` (top-level keys).
fn manifest_with(body: &str) -> String {
    format!(
        "{}apiVersion = \"sagespec/v1\"\nkind = \"TrainingJob\"\nname = \"editor-test\"\nframework = \"pytorch\"\n\
         framework_version = \"2.2.0\"\npy_version = \"py310\"\nentry_point = \"train.py\"\n{body}",
        directive()
    )
}

const ROLE: &str = "role = \"arn:aws:iam::111122223333:role/SageMakerRole\"\n";

/// Checks `text` alone and asserts every error mentions `message_part`, and one sits on the
/// line holding `at_line`.
fn assert_error_on_line(taplo: &Path, name: &str, text: &str, at_line: &str, message_part: &str) {
    let folder = tempfile::tempdir().expect("temp dir");
    let checked = check(taplo, &[write(folder.path(), &format!("{name}.sagespec.toml"), text)]);
    assert!(!checked.success, "{name}: taplo accepted it:\n{}", checked.output);
    assert!(!checked.errors.is_empty(), "{name}: taplo failed without an error:\n{}", checked.output);
    for error in &checked.errors {
        assert!(error.message.contains(message_part), "{name}: unexpected error {error:?}\n{}", checked.output);
    }
    let line = line_of(text, at_line);
    assert!(
        checked.errors.iter().any(|e| e.line == line),
        "{name}: no error on line {line} ({at_line:?}):\n{}",
        checked.output
    );
}

#[test]
fn wrong_enum_value_is_reported_on_its_line() {
    let Some(taplo) = taplo() else { return };
    let text = manifest_with(&format!("{ROLE}instance_type = \"ml.p4d.24xlarg\"\ninstance_count = 1\n"));
    assert_error_on_line(&taplo, "enum", &text, "instance_type =", "\"ml.p4d.24xlarg\" is not one of");
}

#[test]
fn wrong_nested_enum_value_is_reported_on_its_line() {
    let Some(taplo) = taplo() else { return };
    let text = manifest_with(&format!(
        "{ROLE}instance_type = \"ml.p4d.24xlarge\"\ninstance_count = 1\n\n[inputs.train]\ns3_data = \"s3://b/train/\"\ninput_mode = \"Streaming\"\n"
    ));
    assert_error_on_line(&taplo, "enum-nested", &text, "input_mode =", "\"Streaming\" is not one of");
}

#[test]
fn out_of_range_number_is_reported_on_its_line() {
    let Some(taplo) = taplo() else { return };
    let text = manifest_with(&format!(
        "{ROLE}instance_type = \"ml.p4d.24xlarge\"\ninstance_count = 1\nmax_retry_attempts = 31\n"
    ));
    assert_error_on_line(&taplo, "range", &text, "max_retry_attempts =", "greater than the maximum of 30");
}

#[test]
fn misspelled_key_is_reported_on_its_line() {
    let Some(taplo) = taplo() else { return };
    let text = manifest_with(&format!("{ROLE}instance_type = \"ml.p4d.24xlarge\"\ninstnce_count = 1\n"));
    assert_error_on_line(&taplo, "misspelled", &text, "instnce_count =", "'instnce_count' was unexpected");
}

#[test]
fn missing_required_key_is_reported_on_the_enclosing_table() {
    let Some(taplo) = taplo() else { return };
    // No `role`: taplo marks the whole top-level table, starting on line 1.
    let text = manifest_with("instance_type = \"ml.p4d.24xlarge\"\ninstance_count = 1\n");
    assert_error_on_line(&taplo, "required", &text, "#:schema", "\"role\" is a required property");
}

#[test]
fn missing_required_nested_key_is_reported_on_its_table() {
    let Some(taplo) = taplo() else { return };
    let text = manifest_with(&format!(
        "{ROLE}instance_type = \"ml.p4d.24xlarge\"\ninstance_count = 1\n\n[tensorboard_output_config]\ncontainer_local_output_path = \"/opt/ml/output/tensorboard\"\n"
    ));
    assert_error_on_line(
        &taplo,
        "required-nested",
        &text,
        "container_local_output_path =",
        "\"s3_output_path\" is a required property",
    );
}

#[test]
fn a_directive_naming_a_missing_schema_fails() {
    let Some(taplo) = taplo() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let file =
        write(folder.path(), "wrong.sagespec.toml", "#:schema ./no-such.schema.json\napiVersion = \"sagespec/v1\"\n");
    assert!(!check(&taplo, &[file]).success, "taplo accepted a document whose schema is missing");
}

#[test]
fn every_toml_example_checks_clean() {
    let Some(taplo) = taplo() else { return };
    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo().join("specs"))
        .expect("read specs/")
        .map(|e| e.expect("specs/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    examples.sort();
    assert!(!examples.is_empty(), "specs/ holds no TOML example");
    for path in &examples {
        let text = std::fs::read_to_string(path).expect("read example");
        assert!(
            text.starts_with("#:schema ../schema/sagespec.schema.json\n"),
            "{} must open with the #:schema directive",
            path.display()
        );
    }
    let checked = check(&taplo, &examples);
    assert!(checked.success && checked.errors.is_empty(), "TOML examples with errors:\n{}", checked.output);
}

fn contains_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(contains_null),
        Value::Object(map) => map.values().any(contains_null),
        _ => false,
    }
}

#[test]
fn every_conformance_ok_manifest_as_toml_checks_clean() {
    let Some(taplo) = taplo() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for (case, _) in support::cases::ok() {
        let yaml = std::fs::read_to_string(case.join("manifest.yaml")).expect("read manifest");
        let value: Value = serde_saphyr::from_str(&yaml).expect("manifest is YAML");
        if contains_null(&value) {
            // TOML has no null (`hyperparameters: {nothing: null}`): not expressible there.
            skipped.push(case);
            continue;
        }
        let toml = toml::to_string(&sagespec::json_native::Native(&value)).expect("manifest as TOML");
        let name = case.file_name().expect("case name").to_string_lossy().into_owned();
        files.push(write(folder.path(), &format!("{name}.sagespec.toml"), &format!("{}{toml}", directive())));
    }
    assert!(files.len() >= 50, "only {} ok conformance cases found", files.len());
    assert!(skipped.len() <= 2, "too many cases with null values to skip: {skipped:?}");
    let checked = check(&taplo, &files);
    assert!(checked.success && checked.errors.is_empty(), "ok manifests with errors in taplo:\n{}", checked.output);
}

#[test]
fn every_toml_starter_of_init_checks_clean() {
    let Some(taplo) = taplo() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (_, path, text) in support::starters::write_all(folder.path(), "toml") {
        // Checked as written: its directive names the schema copy init wrote beside it.
        assert_eq!(text.lines().next(), Some("#:schema ./sagespec.schema.json"), "starter's first line");
        files.push(path);
    }
    let checked = check(&taplo, &files);
    assert!(checked.success && checked.errors.is_empty(), "init starters with errors in taplo:\n{}", checked.output);
}
