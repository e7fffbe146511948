//! `DebugRuleConfigurations` and `ProfilerRuleConfigurations` → `rules:`, the inverse of
//! `crate::job::Rules` (built-in rules only: the evaluator image must be the region's).
//!
//! A Debugger rule is found by its `rule_to_invoke` among [`DEBUGGER_RULES`]; its
//! `action_json` becomes `actions`. A Profiler rule is found among [`PROFILER_RULES`];
//! parameters equal to the rule's defaults are left out (lowering sends them again), the
//! rest are read back as numbers or booleans where they were written as such. The
//! collections a Debugger rule merged into the hook stay in `debugger_hook_config` (the
//! hook's set is the same either way).

use serde_json::{Map, Value as Json, json};

use super::{ImportError, array_len, take};
use crate::encode::python_float;
use crate::facts::debugger_rules::{
    ACTION_JSON, DEBUGGER_RULES, Default as ParameterDefault, PROFILER_REPORT, PROFILER_RULES, RULE_TO_INVOKE,
    rule_evaluator_image,
};

/// Moves both rule lists of `rest` into `m["rules"]`.
pub fn rules(rest: &mut Json, m: &mut Map<String, Json>, region: &str, job_name: &str) -> Result<(), ImportError> {
    let mut rules = Vec::new();
    for member in ["DebugRuleConfigurations", "ProfilerRuleConfigurations"] {
        let pointer = format!("/{member}");
        for i in 0..array_len(rest, &pointer) {
            rules.push(rule(rest, &format!("{pointer}/{i}"), region, job_name)?);
        }
        if rest.pointer(&pointer).and_then(Json::as_array).is_some_and(|items| items.iter().all(is_empty_object)) {
            take(rest, &pointer);
        }
    }
    if !rules.is_empty() {
        m.insert("rules".into(), Json::Array(rules));
    }
    Ok(())
}

fn is_empty_object(value: &Json) -> bool {
    value.as_object().is_some_and(Map::is_empty)
}

fn rule(rest: &mut Json, at: &str, region: &str, job_name: &str) -> Result<Json, ImportError> {
    let field = |name: &str| super::fields::field_name(&format!("{at}/{name}"));
    let image = take(rest, &format!("{at}/RuleEvaluatorImage"));
    if image.as_ref().and_then(Json::as_str) != rule_evaluator_image(region).as_deref() {
        return Err(ImportError::unexpressible(
            &field("RuleEvaluatorImage"),
            "not the region's built-in rule evaluator image: a custom rule, which a manifest cannot declare",
        ));
    }
    let mut parameters = match take(rest, &format!("{at}/RuleParameters")) {
        Some(Json::Object(map)) => map,
        _ => Map::new(),
    };
    let Some(Json::String(invoked)) = parameters.shift_remove(RULE_TO_INVOKE) else {
        return Err(ImportError::unexpressible(&field("RuleParameters"), "no rule_to_invoke: not a built-in rule"));
    };
    let mut written = Map::new();
    let name = take(rest, &format!("{at}/RuleConfigurationName"));
    if let Some(debugger) = DEBUGGER_RULES.iter().find(|rule| rule.name == invoked) {
        written.insert("builtin".into(), json!(debugger.builtin));
        if let Some(actions) = parameters.shift_remove(ACTION_JSON) {
            written.insert("actions".into(), actions_of(&actions, job_name, &field("RuleParameters.action_json"))?);
        }
    } else if let Some(profiler) = PROFILER_RULES.iter().find(|rule| rule.name == invoked) {
        written.insert("builtin".into(), json!(profiler.name));
        parameters.retain(|key, value| {
            let default = profiler.parameters.iter().find(|p| p.name == key).map(|p| default_text(p.default));
            default.is_none_or(|default| value.as_str() != Some(default.as_str()))
        });
        for value in parameters.values_mut() {
            *value = typed_value(value);
        }
        debug_assert!(profiler.name != PROFILER_REPORT || profiler.parameters.is_empty());
    } else {
        return Err(ImportError::unexpressible(
            &field("RuleParameters.rule_to_invoke"),
            format!("`{invoked}` is not a built-in Debugger or Profiler rule"),
        ));
    }
    if let Some(name) = name.filter(|name| name.as_str() != Some(invoked.as_str())) {
        written.insert("name".into(), name);
    }
    if !parameters.is_empty() {
        written.insert("rule_parameters".into(), Json::Object(parameters));
    }
    for (from, to) in [("S3OutputPath", "s3_output_path"), ("LocalPath", "container_local_output_path")] {
        if let Some(value) = take(rest, &format!("{at}/{from}")) {
            written.insert(to.into(), value);
        }
    }
    Ok(Json::Object(written))
}

/// `action_json` (`[{\"name\": \"stoptraining\", …}]`, quotes backslash-escaped) → `actions`.
fn actions_of(text: &Json, job_name: &str, field: &str) -> Result<Json, ImportError> {
    let unreadable = || ImportError::unexpressible(field, "not the action list smdebug_rulesconfig writes");
    let text = text.as_str().ok_or_else(unreadable)?.replace("\\\"", "\"");
    let parsed: Vec<Map<String, Json>> = serde_json::from_str(&text).map_err(|_| unreadable())?;
    let actions = parsed
        .iter()
        .map(|action| {
            let get = |key: &str| action.get(key).and_then(Json::as_str);
            match get("name") {
                Some("stoptraining") => Ok(match get("training_job_prefix") {
                    Some(prefix) if prefix != job_name => json!({"stop_training": {"training_job_prefix": prefix}}),
                    _ => json!({"stop_training": {}}),
                }),
                Some("email") => Ok(json!({"email": {"email_address": get("endpoint").ok_or_else(unreadable)?}})),
                Some("sms") => Ok(json!({"sms": {"phone_number": get("endpoint").ok_or_else(unreadable)?}})),
                _ => Err(unreadable()),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json::Array(actions))
}

fn default_text(default: ParameterDefault) -> String {
    match default {
        ParameterDefault::Int(n) => n.to_string(),
        ParameterDefault::Float(x) => python_float(x),
        ParameterDefault::None => "None".to_owned(),
    }
}

/// A Profiler parameter as written in a manifest: `"40"` was the number 40, `"True"` the
/// boolean (lowering writes them back with Python's `str()`).
fn typed_value(value: &Json) -> Json {
    let Some(text) = value.as_str() else {
        return value.clone();
    };
    match text {
        "True" => Json::Bool(true),
        "False" => Json::Bool(false),
        _ => match serde_json::from_str::<serde_json::Number>(text) {
            Ok(number) => Json::Number(number),
            Err(_) => value.clone(),
        },
    }
}
