//! Every `"expect": "ok"` TrainingJob conformance case (`tests/conformance/cases` and
//! `training-more`), imported in-process from its recorded request
//! (`sagespec::import::import`, no AWS): the manifest compiles
//! back to the recorded request and keeps the job's name. `tests/aws_import.rs` does the
//! same through moto and the binary.

use serde_json::Value;

mod support;

#[test]
fn every_ok_case_imports_from_its_recorded_request() {
    let mut failures = Vec::new();
    let cases = support::cases::ok();
    for (dir, expect) in &cases {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let request = &expect["request"];
        let region = region_of(request);
        match sagespec::import::import(request, &region) {
            Ok(imported) => {
                let mut diffs = Vec::new();
                support::cases::differences(request, &imported.request, "", &mut diffs);
                if !diffs.is_empty() || imported.manifest["job_name"] != request["TrainingJobName"] {
                    failures.push(format!("{name}: {diffs:?}"));
                }
            }
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    }
    println!("import round trip (in-process): {}/{} ok cases", cases.len() - failures.len(), cases.len());
    assert_eq!(cases.len(), 94);
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// The region the SDK ran in: `sagemaker_region`.
fn region_of(request: &Value) -> String {
    let encoded = request["HyperParameters"]["sagemaker_region"].as_str().unwrap_or("\"us-west-2\"");
    serde_json::from_str(encoded).unwrap_or_else(|_| "us-west-2".to_owned())
}
