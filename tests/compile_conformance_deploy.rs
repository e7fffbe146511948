//! The deployment conformance cases (`tests/conformance/deploy/`, recorded from SageMaker
//! Python SDK 2.257.7's `PyTorchModel` / `TensorFlowModel` / `deploy()`), in-process
//! through the ops layer as `sagespec compile manifest.yaml` and `sagespec validate
//! manifest.yaml` run them:
//!
//! - every `ok` case compiles to `CreateModel`, `CreateEndpointConfig` and `CreateEndpoint`,
//!   each equal to the SDK's up to the normalisations of `tests/conformance/README.md`:
//!   names the SDK stamped from its clock (and every configuration name) compared by role,
//!   consistently wherever they recur; code and model tarballs the SDK uploaded compared by
//!   bucket; the async default paths compared by folder;
//! - every `error` case is refused with an error at one of its pointers, in the file the
//!   case names (`model.yaml` for the model's own keys).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use sagespec::ops::compile::{Settings, compile_each};
use sagespec::ops::validate::validate_paths;
use serde_json::Value;

mod support;

const ACCOUNT: &str = "123456789012";
/// The SDK's frozen clock, as it appears in the names and paths it generated.
const FROZEN: [&str; 2] = ["2025-01-01-00-00-00-123", "1735689600"];
/// The request members that hold names, by role.
const NAME_KEYS: [&str; 3] = ["ModelName", "EndpointConfigName", "EndpointName"];

fn cases(expect: &str) -> Vec<(PathBuf, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/deploy");
    let mut cases: Vec<(PathBuf, Value)> = fs::read_dir(root)
        .expect("deploy cases are committed")
        .flatten()
        .map(|entry| entry.path())
        .filter(|dir| dir.join("expect.json").is_file())
        .map(|dir| {
            let text = fs::read_to_string(dir.join("expect.json")).expect("expect.json");
            (dir, serde_json::from_str::<Value>(&text).expect("valid expect.json"))
        })
        .filter(|(_, e)| e["expect"] == expect)
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

fn compile(dir: &Path) -> Result<Vec<(String, Value)>, String> {
    let validated = validate_paths(&[dir.join("manifest.yaml")]).map_err(|e| e.to_string())?;
    if validated.has_errors {
        return Err("validation errors".into());
    }
    let settings = Settings { region: None, account_id: Some(ACCOUNT.to_owned()) };
    let mut out = Vec::new();
    compile_each(&validated.manifests, &settings, None, |_, outcome| out.push(outcome.map_err(|e| e.to_string())));
    let compiled = out.pop().ok_or("nothing compiled")??;
    Ok(compiled.requests.into_iter().map(|r| (r.operation.to_owned(), r.body)).collect())
}

/// Each name at a name key becomes `<Role>` in both: the SDK's generated ones (and every
/// configuration name), bound to what sagespec put at the same place, which must then be
/// the same wherever that role recurs. Other name keys stay exact. Inside other strings a
/// generated name (and what it is bound to) becomes its first role's placeholder.
fn names_by_role(expected: &mut [Value], actual: &mut [Value]) -> Result<(), String> {
    let mut sites: Vec<(usize, String, String)> = Vec::new();
    let mut expected_subs: HashMap<String, String> = HashMap::new();
    let mut actual_subs: HashMap<String, String> = HashMap::new();
    let mut bound: HashMap<String, String> = HashMap::new();
    for (i, request) in expected.iter().enumerate() {
        for key in NAME_KEYS {
            for (pointer, value) in name_sites(request, key) {
                let generated = FROZEN.iter().any(|f| value.contains(f));
                if !(generated || key == "EndpointConfigName") {
                    continue;
                }
                let placeholder = format!("<{key}>");
                if let Some(Value::String(mine)) = actual.get(i).and_then(|a| a.pointer(&pointer)) {
                    if bound.entry(placeholder.clone()).or_insert_with(|| mine.clone()) != mine {
                        return Err(format!("{pointer}: {mine} is not what {placeholder} was elsewhere"));
                    }
                    if generated {
                        actual_subs.entry(mine.clone()).or_insert_with(|| placeholder.clone());
                    }
                }
                if generated {
                    expected_subs.entry(value).or_insert_with(|| placeholder.clone());
                }
                sites.push((i, pointer, placeholder));
            }
        }
    }
    for (requests, subs) in [(expected, &expected_subs), (actual, &actual_subs)] {
        for (i, request) in requests.iter_mut().enumerate() {
            replace(request, "", subs);
            for (_, pointer, placeholder) in sites.iter().filter(|(at, _, _)| *at == i) {
                if let Some(value) = request.pointer_mut(pointer) {
                    *value = Value::String(placeholder.clone());
                }
            }
        }
    }
    Ok(())
}

fn name_sites(value: &Value, key: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(value, "", &mut |pointer, v| {
        if pointer.rsplit('/').next() == Some(key)
            && let Some(text) = v.as_str()
        {
            out.push((pointer.to_owned(), text.to_owned()));
        }
    });
    out
}

fn walk(value: &Value, pointer: &str, each: &mut impl FnMut(&str, &Value)) {
    each(pointer, value);
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, &format!("{pointer}/{k}"), each)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| walk(v, &format!("{pointer}/{i}"), each)),
        _ => {}
    }
}

/// `subs` replaced inside every string that is not under a name key.
fn replace(value: &mut Value, key: &str, subs: &HashMap<String, String>) {
    match value {
        Value::String(text) if !NAME_KEYS.contains(&key) => {
            let mut names: Vec<&String> = subs.keys().collect();
            names.sort_by_key(|name| std::cmp::Reverse(name.len()));
            for name in names {
                *text = text.replace(name.as_str(), &subs[name]);
            }
        }
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| replace(v, k, subs)),
        Value::Array(items) => items.iter_mut().for_each(|v| replace(v, key, subs)),
        _ => {}
    }
}

/// Tarballs the SDK uploaded or named from its clock, and sagespec's content-addressed
/// ones, become `s3://<bucket>/<tarball>`; an S3 folder whose last segment the SDK took
/// from its clock is compared by its folder.
fn s3_keys(value: &mut Value, uploads: &[String]) {
    match value {
        Value::String(text) if text.starts_with("s3://") => {
            let bucket = text[5..].split('/').next().unwrap_or_default().to_owned();
            if text.ends_with(".tar.gz")
                && (uploads.contains(text) || text.contains('<') || FROZEN.iter().any(|f| text.contains(f)))
            {
                *text = format!("s3://{bucket}/<tarball>");
            } else if let Some((folder, last)) = text.rsplit_once('/')
                && (last.contains('<') || FROZEN.iter().any(|f| last.contains(f)))
            {
                *text = format!("{folder}/<generated>");
            }
        }
        Value::Object(map) => map.values_mut().for_each(|v| s3_keys(v, uploads)),
        Value::Array(items) => items.iter_mut().for_each(|v| s3_keys(v, uploads)),
        _ => {}
    }
}

#[test]
fn every_ok_case_compiles_to_the_sdk_requests() {
    let cases = cases("ok");
    assert_eq!(cases.len(), 38);
    let mut failures = Vec::new();
    for (dir, expect) in &cases {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let actual = match compile(dir) {
            Ok(actual) => actual,
            Err(error) => {
                failures.push(format!("{name}: {error}"));
                continue;
            }
        };
        let expected_ops: Vec<&str> =
            expect["requests"].as_array().expect("requests").iter().filter_map(|r| r["operation"].as_str()).collect();
        let actual_ops: Vec<&str> = actual.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(actual_ops, expected_ops, "{name}");
        let mut expected: Vec<Value> =
            expect["requests"].as_array().expect("requests").iter().map(|r| r["body"].clone()).collect();
        let mut actual: Vec<Value> = actual.into_iter().map(|(_, body)| body).collect();
        if let Err(error) = names_by_role(&mut expected, &mut actual) {
            failures.push(format!("{name}: {error}"));
            continue;
        }
        let uploads: Vec<String> =
            expect["uploads"].as_array().into_iter().flatten().filter_map(|u| u.as_str().map(str::to_owned)).collect();
        expected.iter_mut().chain(actual.iter_mut()).for_each(|v| s3_keys(v, &uploads));
        for (i, (e, a)) in expected.iter().zip(&actual).enumerate() {
            let mut diffs = Vec::new();
            support::cases::differences(e, a, "", &mut diffs);
            if !diffs.is_empty() {
                failures.push(format!("{name} request {i}: {diffs:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn every_error_case_is_refused_at_one_of_its_pointers_in_its_file() {
    let cases = cases("error");
    assert_eq!(cases.len(), 14);
    let mut failures = Vec::new();
    for (dir, expect) in &cases {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let validated = validate_paths(&[dir.join("manifest.yaml")]).expect("discovers");
        let file = expect["file"].as_str().unwrap_or("manifest.yaml");
        let pointers: Vec<&str> =
            expect["pointers"].as_array().expect("pointers").iter().filter_map(Value::as_str).collect();
        let errors: Vec<String> = validated
            .reports
            .iter()
            .filter(|report| Path::new(&report.path).file_name().is_some_and(|f| f == file))
            .flat_map(|report| report.findings.iter())
            .filter(|f| f.finding.is_error())
            .map(|f| f.finding.pointer.clone())
            .collect();
        if !errors.iter().any(|p| pointers.contains(&p.as_str())) {
            failures.push(format!("{name}: no error at {pointers:?} in {file}; errors at {errors:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
