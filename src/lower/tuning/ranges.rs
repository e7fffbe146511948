//! The hyperparameters of a tuning job: the static ones, the tuned ranges and autotune's
//! hints, encoded as the SDK's `HyperparameterTuner` encodes them
//! (`reference/sdk-tuning-deploy-facts.md`, "Tuning"):
//!
//! - static values as in training ([`hyperparameters::encoded`], under the tuning job's
//!   name), tuned names removed, then `sagemaker_estimator_class_name` and `_module` last;
//! - `ParameterRanges` always with all three lists, continuous, categorical, integer, each
//!   in the manifest's order; `MinValue`/`MaxValue` are Python's `str()` of the number,
//!   `ScalingType` always sent (`Auto` by default) except on categorical ranges;
//! - a categorical value is `str()` then `json.dumps` (`True` → `"\"True\""`);
//! - with autotune, every static value not kept static becomes an `AutoParameters` hint.

use aws_sdk_sagemaker::types::{
    AutoParameter, CategoricalParameterRange, ContinuousParameterRange, HyperParameterScalingType,
    IntegerParameterRange, ParameterRanges,
};
use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::encode::{python_float, python_json};
use crate::facts::tuning::{ESTIMATOR_CLASS_NAME_KEY, ESTIMATOR_MODULE_KEY, estimator_class};
use crate::job::Job;
use crate::lower::hyperparameters;
use crate::spec::tuning::{ParameterRange, RangeType, ScalingType, TuningManifest};

/// The training definition's hyperparameters, split as the SDK sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// `StaticHyperParameters`, in the SDK's order.
    pub fixed: IndexMap<String, String>,
    /// Autotune's `AutoParameters` (name, value hint), in the same order.
    pub hints: Vec<(String, String)>,
}

/// The static hyperparameters of `job` tuned by `tuning`, the tuning job named `tuning_name`.
pub fn split(job: &Job, tuning: &TuningManifest, tuning_name: &str) -> Split {
    let mut all = hyperparameters::encoded(job, tuning_name);
    if let Some(ranges) = &tuning.hyperparameter_ranges {
        for name in ranges.keys() {
            all.shift_remove(name);
        }
    }
    if let Some((class, module)) = estimator_class(job.framework) {
        all.insert(ESTIMATOR_CLASS_NAME_KEY.to_owned(), python_json(&Json::String(class.to_owned())));
        all.insert(ESTIMATOR_MODULE_KEY.to_owned(), python_json(&Json::String(module.to_owned())));
    }
    if tuning.autotune != Some(true) {
        return Split { fixed: all, hints: Vec::new() };
    }
    let keep = tuning.hyperparameters_to_keep_static.as_deref().unwrap_or_default();
    let (fixed, hints): (IndexMap<String, String>, IndexMap<String, String>) =
        all.into_iter().partition(|(name, _)| keep.contains(name));
    Split { fixed, hints: hints.into_iter().collect() }
}

/// `ParameterRanges`: the three lists, always, and autotune's hints when there are any.
pub fn parameter_ranges(tuning: &TuningManifest, hints: &[(String, String)], autotune: bool) -> ParameterRanges {
    let mut continuous = Vec::new();
    let mut categorical = Vec::new();
    let mut integer = Vec::new();
    for (name, range) in tuning.hyperparameter_ranges.iter().flatten() {
        match range.range_type {
            Some(RangeType::Continuous) => continuous.push(
                ContinuousParameterRange::builder()
                    .name(name)
                    .set_min_value(range.min_value.as_ref().map(python_str_number))
                    .set_max_value(range.max_value.as_ref().map(python_str_number))
                    .scaling_type(scaling_type(range))
                    .build(),
            ),
            Some(RangeType::Integer) => integer.push(
                IntegerParameterRange::builder()
                    .name(name)
                    .set_min_value(range.min_value.as_ref().map(python_str_number))
                    .set_max_value(range.max_value.as_ref().map(python_str_number))
                    .scaling_type(scaling_type(range))
                    .build(),
            ),
            Some(RangeType::Categorical) => categorical.push(
                CategoricalParameterRange::builder()
                    .name(name)
                    .set_values(Some(range.values.iter().flat_map(|v| v.values()).map(categorical_value).collect()))
                    .build(),
            ),
            None => {}
        }
    }
    let auto = hints.iter().map(|(name, hint)| AutoParameter::builder().name(name).value_hint(hint).build());
    ParameterRanges::builder()
        .set_continuous_parameter_ranges(Some(continuous))
        .set_categorical_parameter_ranges(Some(categorical))
        .set_integer_parameter_ranges(Some(integer))
        .set_auto_parameters(autotune.then(|| auto.collect()))
        .build()
}

fn scaling_type(range: &ParameterRange) -> HyperParameterScalingType {
    HyperParameterScalingType::from(range.scaling_type.unwrap_or(ScalingType::Auto).as_str())
}

/// Python's `str()` of a number: integers as digits, floats as `repr(float)`.
pub fn python_str_number(number: &serde_json::Number) -> String {
    python_json(&Json::Number(number.clone()))
}

/// A categorical value as the SDK sends it for a framework estimator:
/// `json.dumps(str(value))`.
pub fn categorical_value(value: &Json) -> String {
    let text = match value {
        Json::String(text) => text.clone(),
        Json::Bool(true) => "True".to_owned(),
        Json::Bool(false) => "False".to_owned(),
        Json::Number(number) if number.is_f64() => number.as_f64().map(python_float).unwrap_or_default(),
        Json::Number(number) => number.to_string(),
        Json::Null => "None".to_owned(),
        other => python_json(other),
    };
    python_json(&Json::String(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn categorical_values_are_python_str_then_json_dumps() {
        assert_eq!(categorical_value(&json!("adam")), r#""adam""#);
        assert_eq!(categorical_value(&json!(32)), r#""32""#);
        assert_eq!(categorical_value(&json!(0.25)), r#""0.25""#);
        assert_eq!(categorical_value(&json!(1e-7)), r#""1e-07""#);
        assert_eq!(categorical_value(&json!(true)), r#""True""#);
        assert_eq!(categorical_value(&json!("café")), r#""caf\u00e9""#);
    }

    #[test]
    fn bounds_are_python_str_of_the_number() {
        let number = |v: Json| match v {
            Json::Number(n) => n,
            _ => unreachable!("a number"),
        };
        assert_eq!(python_str_number(&number(json!(1e-05))), "1e-05");
        assert_eq!(python_str_number(&number(json!(0.0001))), "0.0001");
        assert_eq!(python_str_number(&number(json!(16))), "16");
        assert_eq!(python_str_number(&number(json!(1.0))), "1.0");
    }
}
