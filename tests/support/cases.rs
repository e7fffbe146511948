//! The conformance cases recorded from the SageMaker Python SDK (`tests/conformance/cases`):
//! one folder a case, with a manifest and `expect.json`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Every case folder with its `expect.json`, in name order.
pub fn all() -> Vec<(PathBuf, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases");
    let mut cases: Vec<(PathBuf, Value)> = fs::read_dir(&root)
        .expect("conformance cases are committed")
        .map(|entry| entry.expect("readable case folder").path())
        .filter(|dir| dir.join("expect.json").exists())
        .map(|dir| {
            let expect = fs::read_to_string(dir.join("expect.json")).expect("readable expect.json");
            (dir, serde_json::from_str::<Value>(&expect).expect("valid expect.json"))
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// The cases whose `expect` is `"ok"`, in name order.
pub fn ok() -> Vec<(PathBuf, Value)> {
    all().into_iter().filter(|(_, expect)| expect["expect"] == "ok").collect()
}
