//! One changed field ([`Change`]), shown as Terraform shows a diff (`~ field: from → to`,
//! `+ field: to`, `- field: from`), and [`request_changes`]: the fields in which two
//! request bodies of one operation differ.
//!
//! Both parts of the plan that say what changes use it: an endpoint update
//! (`crate::deploy::changes`, from the model and configuration the endpoint runs) and a
//! job that replaces an older job of the same base name (`crate::plan::Replacement`, from
//! the request SageMaker describes for the old job and the one `compile` prints for the
//! new one).
//!
//! [`request_changes`] compares two JSON bodies leaf by leaf and names each field by its
//! path, as the API names it: `ResourceConfig.InstanceType`, `HyperParameters.epochs`,
//! `InputDataConfig[0].DataSource.S3DataSource.S3Uri`, `Tags.team` (a `Key`/`Value` list
//! is compared key by key, as a map). It leaves out what differs only because the jobs
//! differ, not their requests:
//!
//! - the members that name the job ([`OWN_NAME_MEMBERS`]), and any text that holds the
//!   old job's name where the new one holds the new name (`sagemaker_job_name`, an output
//!   path under the job's name);
//! - a member only the described job has, when it holds the value SageMaker fills in for
//!   a member the request leaves out ([`DESCRIBED_DEFAULTS`]) or an empty text.
//!
//! So a job whose code alone changed shows one line, its content-addressed code path:
//! `~ HyperParameters.sagemaker_submit_directory: "s3://…/<old hash>/sourcedir.tar.gz" →
//! "s3://…/<new hash>/sourcedir.tar.gz"`. Hyperparameter values are `json.dumps` text
//! (`crate::encode`); when both sides of one are JSON strings, the strings are shown, not
//! their quoted encoding.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;
use serde_json::Value as Json;

/// One changed field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The field, as the API names it (`model.Environment.X`,
    /// `config.ProductionVariants[0].InstanceType`, `HyperParameters.epochs`).
    pub field: String,
    /// Its value now (`None`: not set).
    pub from: Option<String>,
    /// Its value after the change (`None`: removed).
    pub to: Option<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.from, &self.to) {
            (Some(from), Some(to)) => write!(f, "~ {}: {from:?} → {to:?}", self.field),
            (None, Some(to)) => write!(f, "+ {}: {to:?}", self.field),
            (Some(from), None) => write!(f, "- {}: {from:?}", self.field),
            (None, None) => write!(f, "~ {}", self.field),
        }
    }
}

/// Top-level request members that name the job itself, so differ between any two jobs.
pub const OWN_NAME_MEMBERS: &[&str] = &["TrainingJobName", "HyperParameterTuningJobName"];

/// Maps whose values are `json.dumps` text (`crate::encode`, facts §3.1): a training job's
/// `HyperParameters`, a tuning job's `StaticHyperParameters`.
const ENCODED_MAPS: &[&str] = &["HyperParameters", "StaticHyperParameters"];

/// The values SageMaker describes for request members left out: each member's default as
/// the SageMaker API reference documents it (`CreateTrainingJob`: the three `Enable…`
/// flags default to false; `Channel`: `CompressionType` and `RecordWrapperType` default
/// to `None`; `OutputDataConfig.CompressionType` defaults to `GZIP`;
/// `ProfilerConfig.ProfilingIntervalInMilliseconds` to 500). Paths as [`request_changes`]
/// names fields, `[]` for any index, relative to a training job's request or to a tuning
/// job's `TrainingJobDefinition` (or any of its `TrainingJobDefinitions`).
pub const DESCRIBED_DEFAULTS: &[(&str, &str)] = &[
    ("EnableNetworkIsolation", "false"),
    ("EnableInterContainerTrafficEncryption", "false"),
    ("EnableManagedSpotTraining", "false"),
    ("InputDataConfig[].CompressionType", "None"),
    ("InputDataConfig[].RecordWrapperType", "None"),
    ("OutputDataConfig.CompressionType", "GZIP"),
    ("ProfilerConfig.ProfilingIntervalInMilliseconds", "500"),
];

/// The prefixes under which a tuning job's request holds a training job definition.
const DEFINITION_PREFIXES: &[&str] = &["TrainingJobDefinition.", "TrainingJobDefinitions[]."];

/// The fields in which the request `new` (job `new_name`) differs from `old` (job
/// `old_name`, as SageMaker describes it), in path order (members sorted by name, list
/// items by index).
pub fn request_changes(old: &Json, new: &Json, old_name: &str, new_name: &str) -> Vec<Change> {
    let mut walk = Walk { old_name, new_name, out: Vec::new() };
    walk.compare("", Some(old), Some(new), false);
    walk.out
}

/// The comparison under way: the two names and the changes found so far.
struct Walk<'a> {
    old_name: &'a str,
    new_name: &'a str,
    out: Vec<Change>,
}

impl Walk<'_> {
    /// Compares the values at `path` (`None`: absent); `encoded` when they are values of an
    /// [`ENCODED_MAPS`] map.
    fn compare(&mut self, path: &str, old: Option<&Json>, new: Option<&Json>, encoded: bool) {
        let old = old.filter(|value| !value.is_null());
        let new = new.filter(|value| !value.is_null());
        match (old, new) {
            (None, None) => {}
            (Some(Json::Object(_)) | None, Some(Json::Object(_)) | None) => self.members(path, old, new),
            (Some(Json::Array(_)) | None, Some(Json::Array(_)) | None) => self.items(path, old, new),
            _ => self.leaf(path, old, new, encoded),
        }
    }

    fn members(&mut self, path: &str, old: Option<&Json>, new: Option<&Json>) {
        let keys: BTreeSet<&String> =
            [old, new].into_iter().flatten().filter_map(Json::as_object).flat_map(|map| map.keys()).collect();
        let encoded = ENCODED_MAPS.iter().any(|map| path.rsplit('.').next() == Some(*map));
        for key in keys {
            if path.is_empty() && OWN_NAME_MEMBERS.contains(&key.as_str()) {
                continue;
            }
            let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            self.compare(&child, member(old, key), member(new, key), encoded);
        }
    }

    fn items(&mut self, path: &str, old: Option<&Json>, new: Option<&Json>) {
        let (old_items, new_items) = (items(old), items(new));
        if let (Some(old_tags), Some(new_tags)) = (key_values(old_items), key_values(new_items)) {
            let keys: BTreeSet<&str> = old_tags.iter().chain(&new_tags).map(|(key, _)| *key).collect();
            for key in keys {
                self.compare(&format!("{path}.{key}"), tag(&old_tags, key), tag(&new_tags, key), false);
            }
            return;
        }
        for index in 0..old_items.len().max(new_items.len()) {
            self.compare(&format!("{path}[{index}]"), old_items.get(index), new_items.get(index), false);
        }
    }

    fn leaf(&mut self, path: &str, old: Option<&Json>, new: Option<&Json>, encoded: bool) {
        if let (Some(Json::String(old)), Some(Json::String(new))) = (old, new)
            && !self.old_name.is_empty()
            && old.replace(self.old_name, self.new_name) == *new
        {
            return;
        }
        if old == new || (new.is_none() && old.is_some_and(|old| is_described_default(path, old))) {
            return;
        }
        let decoded = |value: Option<&Json>| match value {
            Some(Json::String(text)) => serde_json::from_str::<String>(text).ok(),
            _ => None,
        };
        let (from, to) =
            if encoded && old.is_none_or(|_| decoded(old).is_some()) && new.is_none_or(|_| decoded(new).is_some()) {
                (decoded(old), decoded(new))
            } else {
                (old.map(text), new.map(text))
            };
        self.out.push(Change { field: path.to_owned(), from, to });
    }
}

/// The member `key` of `value`, if it is an object that has one.
fn member<'a>(value: Option<&'a Json>, key: &str) -> Option<&'a Json> {
    value.and_then(|value| value.get(key))
}

/// The items of `value`, if it is a list.
fn items(value: Option<&Json>) -> &[Json] {
    value.and_then(Json::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// The value of the tag `key`.
fn tag<'a>(tags: &[(&str, &'a Json)], key: &str) -> Option<&'a Json> {
    tags.iter().find(|(k, _)| *k == key).map(|(_, value)| *value)
}

/// A `Key`/`Value` list (`Tags`) as pairs; `None` for any other list. An empty list is
/// one too (so it compares with a list of tags).
fn key_values(items: &[Json]) -> Option<Vec<(&str, &Json)>> {
    items.iter().map(|item| Some((item.get("Key")?.as_str()?, item.get("Value").unwrap_or(&Json::Null)))).collect()
}

/// Whether `value` at `path`, which only the described job has, is what SageMaker fills
/// in for a member left out: an empty text, or the member's [`DESCRIBED_DEFAULTS`] value.
fn is_described_default(path: &str, value: &Json) -> bool {
    if value.as_str() == Some("") {
        return true;
    }
    let mut general = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if in_index => continue,
            _ => {}
        }
        general.push(c);
    }
    let relative = DEFINITION_PREFIXES.iter().find_map(|prefix| general.strip_prefix(prefix)).unwrap_or(&general);
    DESCRIBED_DEFAULTS.iter().any(|(field, default)| *field == relative && text(value) == *default)
}

/// A value as the change lines show it: a text as itself, anything else as JSON.
fn text(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn lines(old: &Json, new: &Json) -> Vec<String> {
        request_changes(old, new, "bert-000000000000", "bert-111111111111").iter().map(ToString::to_string).collect()
    }

    #[test]
    fn hyperparameters_are_compared_key_by_key_and_shown_decoded() {
        let old = json!({"HyperParameters": {"epochs": "3", "lr": "0.001", "model": "\"bert\"", "gone": "1"}});
        let new = json!({"HyperParameters": {"epochs": "5", "lr": "0.001", "model": "\"roberta\"", "added": "true"}});
        assert_eq!(
            lines(&old, &new),
            [
                "+ HyperParameters.added: \"true\"",
                "~ HyperParameters.epochs: \"3\" → \"5\"",
                "- HyperParameters.gone: \"1\"",
                "~ HyperParameters.model: \"bert\" → \"roberta\"",
            ]
        );
    }

    #[test]
    fn a_hyperparameter_that_changes_type_keeps_its_encoding() {
        let old = json!({"HyperParameters": {"n": "3"}});
        let new = json!({"HyperParameters": {"n": "\"3\""}});
        assert_eq!(lines(&old, &new), ["~ HyperParameters.n: \"3\" → \"\\\"3\\\"\""]);
    }

    #[test]
    fn nested_fields_and_list_items_are_named_by_their_path() {
        let old = json!({
            "ResourceConfig": {"InstanceType": "ml.g5.xlarge", "InstanceCount": 1},
            "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/a/"}}}],
        });
        let new = json!({
            "ResourceConfig": {"InstanceType": "ml.g5.2xlarge", "InstanceCount": 2},
            "InputDataConfig": [
                {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/b/"}}},
                {"ChannelName": "test", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/t/"}}},
            ],
        });
        assert_eq!(
            lines(&old, &new),
            [
                "~ InputDataConfig[0].DataSource.S3DataSource.S3Uri: \"s3://b/a/\" → \"s3://b/b/\"",
                "+ InputDataConfig[1].ChannelName: \"test\"",
                "+ InputDataConfig[1].DataSource.S3DataSource.S3Uri: \"s3://b/t/\"",
                "~ ResourceConfig.InstanceCount: \"1\" → \"2\"",
                "~ ResourceConfig.InstanceType: \"ml.g5.xlarge\" → \"ml.g5.2xlarge\"",
            ]
        );
    }

    #[test]
    fn added_and_removed_members_are_listed_with_their_one_value() {
        let old = json!({"CheckpointConfig": {"S3Uri": "s3://b/ckpt/"}, "RoleArn": "arn:r"});
        let new = json!({"RoleArn": "arn:r", "VpcConfig": {"Subnets": ["subnet-1"], "SecurityGroupIds": ["sg-1"]}});
        assert_eq!(
            lines(&old, &new),
            [
                "- CheckpointConfig.S3Uri: \"s3://b/ckpt/\"",
                "+ VpcConfig.SecurityGroupIds[0]: \"sg-1\"",
                "+ VpcConfig.Subnets[0]: \"subnet-1\"",
            ]
        );
    }

    #[test]
    fn tags_are_compared_by_key_whatever_their_order() {
        let old = json!({"Tags": [{"Key": "team", "Value": "nlp"}, {"Key": "env", "Value": "dev"}]});
        let new = json!({"Tags": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "nlp"}]});
        assert_eq!(lines(&old, &new), ["~ Tags.env: \"dev\" → \"prod\""]);
    }

    #[test]
    fn when_only_the_code_changed_only_the_code_path_is_shown() {
        let body = |name: &str, hash: &str| {
            json!({
                "TrainingJobName": name,
                "HyperParameters": {
                    "epochs": "3",
                    "sagemaker_submit_directory": format!("\"s3://b/sagespec/code/{hash}/sourcedir.tar.gz\""),
                    "sagemaker_job_name": format!("\"{name}\""),
                },
                "CheckpointConfig": {"S3Uri": format!("s3://b/checkpoints/{name}/")},
                "ResourceConfig": {"InstanceType": "ml.g5.xlarge"},
            })
        };
        let old = body("bert-000000000000", "aaaa");
        let new = body("bert-111111111111", "bbbb");
        assert_eq!(
            lines(&old, &new),
            ["~ HyperParameters.sagemaker_submit_directory: \"s3://b/sagespec/code/aaaa/sourcedir.tar.gz\" → \
              \"s3://b/sagespec/code/bbbb/sourcedir.tar.gz\""]
        );
    }

    #[test]
    fn what_sagemaker_fills_in_for_members_left_out_is_no_change() {
        let old = json!({
            "EnableNetworkIsolation": false,
            "EnableManagedSpotTraining": true,
            "OutputDataConfig": {"S3OutputPath": "s3://b/o/", "KmsKeyId": "", "CompressionType": "GZIP"},
            "InputDataConfig": [{"ChannelName": "train", "CompressionType": "None", "RecordWrapperType": "None"}],
            "HyperParameterTuningJobName": "old",
        });
        let new = json!({
            "OutputDataConfig": {"S3OutputPath": "s3://b/o/"},
            "InputDataConfig": [{"ChannelName": "train"}],
            "HyperParameterTuningJobName": "new",
        });
        // Spot training on is no default: the new request drops it.
        assert_eq!(lines(&old, &new), ["- EnableManagedSpotTraining: \"true\""]);
        let tuning_old = json!({"TrainingJobDefinition": {"EnableNetworkIsolation": false, "RoleArn": "a"}});
        let tuning_new = json!({"TrainingJobDefinition": {"RoleArn": "b"}});
        assert_eq!(lines(&tuning_old, &tuning_new), ["~ TrainingJobDefinition.RoleArn: \"a\" → \"b\""]);
    }

    #[test]
    fn equal_bodies_have_no_changes() {
        let body = json!({"HyperParameters": {"a": "1"}, "Tags": [], "StoppingCondition": {"MaxRuntimeInSeconds": 60}});
        assert!(request_changes(&body, &body, "x", "y").is_empty());
    }
}
