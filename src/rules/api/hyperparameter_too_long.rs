//! `sagespec::api::hyperparameter-too-long`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use serde_json::Value as Json;

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::encode::python_json;
use crate::facts::api_limits::{MAX_HYPERPARAMETER_KEY_CHARS, MAX_HYPERPARAMETER_VALUE_CHARS};
use crate::facts::reserved_hyperparameters::reserved_keys;
use crate::source::document::push_token;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::api::hyperparameter-too-long",
    summary: "a hyperparameter key or encoded value is longer than the API allows",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a hyperparameter whose key is longer than 256 characters, or whose value is longer than 2500 \
               characters once encoded the way the SDK sends it (`json.dumps`). The SDK's own JSON-valued \
               hyperparameters count too: `mp_parameters` (from \
               `distribution.smdistributed.modelparallel.parameters`) and the `custom_mpi_options`.",
        why: "the API's `HyperParameters` map allows keys of 256 and values of 2500 characters (facts §1.2); neither \
              the SDK nor the schema checks it (facts §3.7), and the encoded length differs from the written one \
              (quotes, `\\u00e9` escapes, `\", \"`).",
        example: r"```yaml
hyperparameters:
  vocabulary: [ … 600 words … ]   # error: 3012 characters once encoded
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let reserved = reserved_keys(cx.manifest);
    for (key, value) in cx.manifest.hyperparameters.iter().flatten() {
        let pointer = push_token("/hyperparameters", key);
        let key_chars = key.chars().count();
        if key_chars > MAX_HYPERPARAMETER_KEY_CHARS {
            out.push(
                Finding::error(
                    RULE.code,
                    format!("a hyperparameter key is {key_chars} characters long; the API allows at most {MAX_HYPERPARAMETER_KEY_CHARS}"),
                )
                .at_key(&pointer)
                .with_help("use a shorter key"),
            );
        }
        // The SDK overwrites a reserved key's value with its own.
        if !reserved.contains(&key.as_str()) {
            check_value(&pointer, &format!("hyperparameter `{key}`"), value, out);
        }
    }
    for (pointer, name, value) in sdk_values(cx, &reserved) {
        check_value(pointer, name, &value, out);
    }
}

/// The SDK's own hyperparameters whose value comes from the manifest.
fn sdk_values(cx: &Context<'_>, reserved: &[&str]) -> Vec<(&'static str, &'static str, Json)> {
    let Some(distribution) = &cx.manifest.distribution else {
        return Vec::new();
    };
    let smd = distribution.smdistributed.as_ref();
    let candidates = [
        (
            "/distribution/smdistributed/modelparallel/parameters",
            "mp_parameters",
            smd.and_then(|s| s.modelparallel.as_ref())
                .and_then(|mp| mp.parameters.as_ref())
                .map(|p| Json::Object(p.clone().into_iter().collect())),
        ),
        (
            "/distribution/smdistributed/dataparallel/custom_mpi_options",
            "sagemaker_distributed_dataparallel_custom_mpi_options",
            smd.and_then(|s| s.dataparallel.as_ref()).and_then(|dp| dp.custom_mpi_options.clone()).map(Json::String),
        ),
        (
            "/distribution/pytorchddp/custom_mpi_options",
            "sagemaker_distributed_dataparallel_custom_mpi_options",
            distribution.pytorchddp.as_ref().and_then(|dp| dp.custom_mpi_options.clone()).map(Json::String),
        ),
        (
            "/distribution/mpi/custom_mpi_options",
            "sagemaker_mpi_custom_mpi_options",
            distribution.mpi.as_ref().and_then(|mpi| mpi.custom_mpi_options.clone()).map(Json::String),
        ),
    ];
    candidates
        .into_iter()
        .filter(|(_, name, _)| reserved.contains(name))
        .filter_map(|(pointer, name, value)| Some((pointer, name, value?)))
        .collect()
}

fn check_value(pointer: &str, name: &str, value: &Json, out: &mut Vec<Finding>) {
    let chars = python_json(value).chars().count();
    if chars <= MAX_HYPERPARAMETER_VALUE_CHARS {
        return;
    }
    out.push(
        Finding::error(
            RULE.code,
            format!("{name} is {chars} characters long once encoded as the SDK sends it; the API allows at most {MAX_HYPERPARAMETER_VALUE_CHARS}"),
        )
        .at(pointer)
        .with_label(format!("{chars} characters as JSON"))
        .with_help("put large values in a file in source_dir (or on S3) and pass its path instead"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::run;
    use super::*;

    #[test]
    fn measures_the_encoded_value() {
        // 2498 characters plus the two quotes of a JSON string: exactly at the limit.
        let at_limit = format!("framework: pytorch\nhyperparameters:\n  text: {}\n", "a".repeat(2498));
        assert!(run(&RULE, &at_limit).is_empty());
        let over = format!("framework: pytorch\nhyperparameters:\n  text: {}\n", "a".repeat(2499));
        let found = run(&RULE, &over);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/hyperparameters/text");
        // Each é encodes as six characters.
        let escaped = format!("framework: pytorch\nhyperparameters:\n  text: {}\n", "é".repeat(500));
        assert_eq!(run(&RULE, &escaped).len(), 1);
    }

    #[test]
    fn reports_long_keys_at_the_key() {
        let text = format!("framework: pytorch\nhyperparameters:\n  {}: 1\n", "k".repeat(257));
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].target, crate::diagnostic::Target::Key);
        let text = format!("framework: pytorch\nhyperparameters:\n  {}: 1\n", "k".repeat(256));
        assert!(run(&RULE, &text).is_empty());
    }

    #[test]
    fn ignores_values_the_sdk_overwrites_and_checks_its_own() {
        let text = format!("framework: pytorch\nhyperparameters:\n  sagemaker_program: {}\n", "a".repeat(3000));
        assert!(run(&RULE, &text).is_empty());
        let text = format!(
            "framework: pytorch\ndistribution:\n  mpi: {{enabled: true, custom_mpi_options: {}}}\n",
            "x".repeat(2600)
        );
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/distribution/mpi/custom_mpi_options");
    }
}
