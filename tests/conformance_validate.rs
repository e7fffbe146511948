//! The conformance cases recorded from the SageMaker Python SDK (`tests/conformance/`),
//! run through `validate`: every `"expect": "error"` case must be rejected with an error
//! at one of its pointers, and every `"expect": "ok"` case must validate with no errors.

use std::path::{Path, PathBuf};

use sagespec::check::check_file;
use serde_json::Value;

mod support;

use support::cases::all as cases;

fn manifest(dir: &Path) -> PathBuf {
    ["manifest.yaml", "manifest.toml"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.exists())
        .expect("every case has a manifest")
}

#[test]
fn there_are_139_cases_45_of_them_errors() {
    let cases = cases();
    let errors = cases.iter().filter(|(_, e)| e["expect"] == "error").count();
    assert_eq!((cases.len(), errors), (139, 45));
}

#[test]
fn every_error_case_is_rejected_at_one_of_its_pointers() {
    let mut failures = Vec::new();
    for (dir, expect) in cases().iter().filter(|(_, e)| e["expect"] == "error") {
        let checked = check_file(&manifest(dir), "manifest.yaml");
        let pointers: Vec<&str> =
            expect["pointers"].as_array().expect("pointers").iter().filter_map(Value::as_str).collect();
        let errors: Vec<&str> = checked
            .report
            .findings
            .iter()
            .filter(|r| r.finding.is_error())
            .map(|r| r.finding.pointer.as_str())
            .collect();
        if !errors.iter().any(|p| pointers.contains(p)) {
            failures.push(format!("{}: expected an error at {pointers:?}, got errors at {errors:?}", dir.display()));
        }
    }
    assert!(failures.is_empty(), "{} error cases not rejected as expected:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_ok_case_validates_without_errors() {
    let mut failures = Vec::new();
    for (dir, _) in cases().iter().filter(|(_, e)| e["expect"] == "ok") {
        let checked = check_file(&manifest(dir), "manifest.yaml");
        let errors: Vec<String> = checked
            .report
            .findings
            .iter()
            .filter(|r| r.finding.is_error())
            .map(|r| format!("{} at {:?}: {}", r.finding.code, r.finding.pointer, r.finding.message))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{}: {}", dir.display(), errors.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{} ok cases have errors:\n{}", failures.len(), failures.join("\n"));
}
