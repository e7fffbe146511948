//! The TrainingJob conformance cases recorded from the SageMaker Python SDK
//! (`tests/conformance/cases` and `tests/conformance/training-more`):
//! one folder a case, with a manifest and `expect.json`; and [`differences`], to show how a
//! request differs from the recorded one.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The folders of TrainingJob cases, all in one format: the first recording, and the §8
/// keys added in v1.1.
const TRAINING_CASE_FOLDERS: [&str; 2] = ["tests/conformance/cases", "tests/conformance/training-more"];

/// Every case folder with its `expect.json`, in name order.
pub fn all() -> Vec<(PathBuf, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<(PathBuf, Value)> = TRAINING_CASE_FOLDERS
        .iter()
        .flat_map(|folder| fs::read_dir(root.join(folder)).expect("conformance cases are committed"))
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

/// Paths where two JSON values differ, for a readable failure.
pub fn differences(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                match a.get(key) {
                    Some(other) => differences(value, other, &format!("{path}/{key}"), out),
                    None => out.push(format!("{path}/{key}: missing")),
                }
            }
            out.extend(a.keys().filter(|k| !e.contains_key(*k)).map(|k| format!("{path}/{k}: unexpected")));
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                differences(x, y, &format!("{path}/{i}"), out);
            }
        }
        _ if expected == actual => {}
        _ => out.push(format!("{path}: expected {expected}, got {actual}")),
    }
}
