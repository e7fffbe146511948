//! The values an editor offers for a TrainingJob's keys when the manifest narrows them
//! ([`crate::kinds::Kind::suggest`]):
//!
//! - `framework_version`: the versions (and aliases) with a training image for the chosen
//!   `framework` in the chosen `region` ([`crate::facts::frameworks`]);
//! - `py_version`: the Python versions of that framework version's images;
//! - `instance_type`: every type the schema allows, the ones SMDDP supports first when
//!   `dataparallel` is enabled ([`crate::facts::distribution`]).

use serde_json::Value as Json;

use super::Suggestion;
use crate::facts::distribution::SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES;
use crate::facts::frameworks::{ImageConfig, ImageVersion, PYTORCH, TENSORFLOW};
use crate::facts::regions;

/// The values for the key at `pointer`, or `None` for a key the schema's enum serves.
pub fn suggest(pointer: &str, written: &Json) -> Option<Vec<Suggestion>> {
    match pointer {
        "/framework_version" => Some(plain(framework_versions(written))),
        "/py_version" => Some(plain(py_versions(written))),
        "/instance_type" if dataparallel(written) => Some(smddp_first()),
        _ => None,
    }
}

fn plain(values: Vec<&'static str>) -> Vec<Suggestion> {
    values.into_iter().map(|value| Suggestion { value: value.into(), first_because: None }).collect()
}

/// The image config of the manifest's framework.
fn image_config(written: &Json) -> Option<&'static ImageConfig> {
    match written.get("framework")?.as_str()? {
        "pytorch" => Some(&PYTORCH),
        "tensorflow" => Some(&TENSORFLOW),
        _ => None,
    }
}

/// Whether a version row has an image in the manifest's region (any region when none is set).
fn in_region(row: &ImageVersion, written: &Json) -> bool {
    let Some(name) = written.get("region").and_then(Json::as_str) else {
        return true;
    };
    regions::region(name)
        .is_some_and(|region| row.coverage.includes(name) && row.repository.registry().account(region).is_some())
}

fn framework_versions(written: &Json) -> Vec<&'static str> {
    let Some(config) = image_config(written) else {
        return Vec::new();
    };
    let rows: Vec<&ImageVersion> = config.versions.iter().filter(|row| in_region(row, written)).collect();
    let mut out: Vec<&str> = Vec::new();
    for name in rows.iter().map(|row| row.version).chain(rows.iter().flat_map(|row| row.aliases.iter().copied())) {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn py_versions(written: &Json) -> Vec<&'static str> {
    let (Some(config), Some(version)) =
        (image_config(written), written.get("framework_version").and_then(Json::as_str))
    else {
        return Vec::new();
    };
    let mut out: Vec<&str> = Vec::new();
    for row in config.lookup(version).into_iter().filter(|row| in_region(row, written)) {
        for py in row.py_versions {
            if !out.contains(py) {
                out.push(py);
            }
        }
    }
    out
}

/// Whether the manifest enables the data-parallel library.
fn dataparallel(written: &Json) -> bool {
    ["/distribution/smdistributed/dataparallel/enabled", "/distribution/pytorchddp/enabled"]
        .iter()
        .any(|pointer| written.pointer(pointer) == Some(&Json::Bool(true)))
}

/// Every instance type the schema allows, SMDDP's first.
fn smddp_first() -> Vec<Suggestion> {
    let all = crate::schema::schema().pointer("/properties/instance_type/enum").and_then(Json::as_array);
    let others = all
        .into_iter()
        .flatten()
        .filter(|t| !t.as_str().is_some_and(|t| SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES.contains(&t)));
    SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES
        .iter()
        .map(|t| Suggestion { value: (*t).into(), first_because: Some("supported by SMDDP") })
        .chain(others.map(|t| Suggestion { value: t.clone(), first_because: None }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn values(pointer: &str, written: &Json) -> Vec<String> {
        suggest(pointer, written)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| s.value.as_str().map(str::to_owned))
            .collect()
    }

    #[test]
    fn framework_versions_are_those_with_an_image_in_the_region() {
        let everywhere = values("/framework_version", &json!({ "framework": "pytorch" }));
        assert!(everywhere.contains(&"2.2.0".to_owned()) && everywhere.contains(&"1.0.0".to_owned()), "{everywhere:?}");
        // The legacy repository (PyTorch ≤ 1.1.0) has no account in ap-east-2.
        let recent = values("/framework_version", &json!({ "framework": "pytorch", "region": "ap-east-2" }));
        assert!(recent.contains(&"2.2.0".to_owned()) && !recent.contains(&"1.0.0".to_owned()), "{recent:?}");
        assert!(values("/framework_version", &json!({})).is_empty());
    }

    #[test]
    fn py_versions_are_those_of_the_framework_version() {
        let written = json!({ "framework": "pytorch", "framework_version": "2.2.0" });
        assert_eq!(values("/py_version", &written), ["py310"]);
    }

    #[test]
    fn smddp_instance_types_come_first_only_when_dataparallel_is_enabled() {
        let enabled = json!({ "distribution": { "smdistributed": { "dataparallel": { "enabled": true } } } });
        let types = suggest("/instance_type", &enabled).expect("narrowed");
        assert_eq!(types[0], Suggestion { value: "ml.p3.16xlarge".into(), first_because: Some("supported by SMDDP") });
        assert_eq!(
            types.iter().filter(|t| t.first_because.is_some()).count(),
            SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES.len()
        );
        assert!(types.len() > 200);
        assert!(suggest("/instance_type", &json!({})).is_none());
    }
}
