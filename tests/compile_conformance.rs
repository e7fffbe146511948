//! The 94 `"expect": "ok"` TrainingJob conformance cases (`tests/conformance/cases` and
//! `tests/conformance/training-more`), compiled in-process: each request must equal the
//! one the SageMaker Python SDK sent (`expect.json`), up to the two normalisations of
//! `tests/conformance/README.md`; and the JSON printed must be the AWS SDK's own
//! serialized body.

use std::fs;
use std::path::{Path, PathBuf};

use sagespec::check::check_file;
use sagespec::kinds::training_job::{CompileOptions, CompiledJob as Compiled, compile};
use sagespec::spec::Manifest;
use serde_json::Value;

mod support;

const ACCOUNT: &str = "123456789012";
const TARBALL_PLACEHOLDER: &str = "<uploaded code tarball>";

fn ok_cases() -> Vec<(PathBuf, Value)> {
    support::cases::ok()
}

fn compile_case(dir: &Path) -> Result<Compiled, String> {
    let path = dir.join("manifest.yaml");
    let checked = check_file(&path, "manifest.yaml");
    if checked.has_errors() {
        let codes: Vec<String> = checked.report.findings.iter().map(|f| f.finding.code.to_string()).collect();
        return Err(format!("validation errors: {codes:?}"));
    }
    let manifest = checked.manifest_as::<Manifest>().ok_or("no typed manifest")?;
    let options = CompileOptions { region: None, account_id: Some(ACCOUNT.to_owned()) };
    compile(manifest, dir, &options).map_err(|e| e.to_string())
}

fn local_code(dir: &Path) -> bool {
    let text = fs::read_to_string(dir.join("manifest.yaml")).expect("manifest");
    !text.contains("source_dir: s3://")
}

/// The README's normalisations: where the code is local, the tarball's S3 key may differ
/// but must be a JSON-encoded `s3://…tar.gz` URI; debugger collections are unordered.
fn normalise(mut request: Value, local_code: bool) -> Value {
    if local_code {
        if let Some(submit) = request.pointer_mut("/HyperParameters/sagemaker_submit_directory") {
            let decoded: Option<String> = submit.as_str().and_then(|s| serde_json::from_str(s).ok());
            if decoded.is_some_and(|uri| uri.starts_with("s3://") && uri.ends_with(".tar.gz")) {
                *submit = Value::String(TARBALL_PLACEHOLDER.into());
            }
        }
        for channel in request.get_mut("InputDataConfig").and_then(Value::as_array_mut).into_iter().flatten() {
            if channel["ChannelName"] != "code" {
                continue;
            }
            if let Some(uri) = channel.pointer_mut("/DataSource/S3DataSource/S3Uri")
                && uri.as_str().is_some_and(|u| u.starts_with("s3://") && u.ends_with(".tar.gz"))
            {
                *uri = Value::String(TARBALL_PLACEHOLDER.into());
            }
        }
    }
    if let Some(Value::Array(collections)) = request.pointer_mut("/DebugHookConfig/CollectionConfigurations") {
        collections.sort_by_key(ToString::to_string);
    }
    request
}

#[test]
fn there_are_94_ok_cases() {
    assert_eq!(ok_cases().len(), 94);
}

#[test]
fn every_ok_case_compiles_to_the_sdk_request() {
    let mut failures = Vec::new();
    let mut passed = 0;
    for (dir, expect) in ok_cases() {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match compile_case(&dir) {
            Err(error) => failures.push(format!("{name}: {error}")),
            Ok(compiled) => {
                let local = local_code(&dir);
                let expected = normalise(expect["request"].clone(), local);
                let actual = normalise(compiled.request.clone(), local);
                let mut diffs = Vec::new();
                support::cases::differences(&expected, &actual, "", &mut diffs);
                if diffs.is_empty() {
                    passed += 1;
                } else {
                    failures.push(format!("{name}:\n    {}", diffs.join("\n    ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{passed}/94 passed; failures:\n{}", failures.join("\n"));
    assert_eq!(passed, 94);
}

#[test]
fn the_printed_json_is_the_aws_sdk_body() {
    for (dir, _) in ok_cases() {
        let compiled = compile_case(&dir).expect("compiles");
        let body: Value = serde_json::from_slice(&compiled.sdk_body).expect("the SDK body is JSON");
        assert_eq!(compiled.request, body, "{}", dir.display());
        let printed = serde_json::to_string_pretty(&compiled.request).expect("prints");
        assert_eq!(serde_json::from_str::<Value>(&printed).expect("parses"), body, "{}", dir.display());
    }
}

#[test]
fn hyperparameters_are_printed_in_the_sdk_order() {
    for (dir, expect) in ok_cases() {
        let compiled = compile_case(&dir).expect("compiles");
        let keys = |request: &Value| -> Vec<String> {
            request["HyperParameters"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
        };
        assert_eq!(keys(&compiled.request), keys(&expect["request"]), "{}", dir.display());
    }
}

#[test]
fn local_code_gets_a_content_addressed_key_under_the_sdk_code_bucket() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases/code_location");
    let compiled = compile_case(&dir).expect("compiles");
    let sha = compiled.package.as_ref().map(|p| p.sha256.clone()).expect("packed");
    let submit = compiled.request["HyperParameters"]["sagemaker_submit_directory"].as_str().expect("string");
    assert_eq!(submit, format!("\"s3://oracle-code/uploads/sagespec/code/{sha}/sourcedir.tar.gz\""));
}

#[test]
fn network_isolation_ships_the_code_as_a_channel() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases/network_isolation");
    let compiled = compile_case(&dir).expect("compiles");
    let sha = compiled.package.as_ref().map(|p| p.sha256.clone()).expect("packed");
    let channels = compiled.request["InputDataConfig"].as_array().expect("channels");
    let code = channels.iter().find(|c| c["ChannelName"] == "code").expect("code channel");
    assert_eq!(
        code["DataSource"]["S3DataSource"]["S3Uri"],
        format!("s3://sagemaker-us-west-2-123456789012/sagespec/code/{sha}/sourcedir.tar.gz")
    );
}
