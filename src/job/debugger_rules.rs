//! `rules:` resolved: each built-in rule becomes a `DebugRuleConfiguration` or a
//! `ProfilerRuleConfiguration` as `Rule.sagemaker` / `ProfilerRule.sagemaker` and the
//! estimator's `_prepare_debugger_rules` / `_prepare_profiler_rules` build them, and the
//! Debugger rules' collections are merged into the hook (`_prepare_collection_configs`).
//! The tables are [`crate::facts::debugger_rules`].
//!
//! - A Debugger rule's parameters: `rule_to_invoke`, then the manifest's; its collections:
//!   `collections_to_save`, else the rule's defaults.
//! - A Profiler rule's parameters: every keyword argument of its class, defaults included,
//!   in signature order, then `rule_to_invoke`, all as Python's `str()` of the value
//!   (`ProfilerReport`: the manifest's `<Rule>_<parameter>` keys).
//! - Actions become the parameter `action_json` when the job is named (they name it).

use indexmap::IndexMap;

use crate::encode::python_float;
use crate::facts::debugger_rules::{self as facts, Default as ParameterDefault, RULE_TO_INVOKE};
use crate::spec::{self, Manifest, RuleParameterValue};

use super::Collection;

/// One `DebugRuleConfiguration` or `ProfilerRuleConfiguration`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleConfig {
    /// `RuleConfigurationName`.
    pub name: String,
    /// `RuleEvaluatorImage`.
    pub image: String,
    /// `LocalPath`.
    pub local_path: Option<String>,
    /// `S3OutputPath`.
    pub s3_output_path: Option<String>,
    /// `RuleParameters` without `action_json`, in order.
    pub parameters: IndexMap<String, String>,
    /// The actions (Debugger rules only), serialized into `action_json` once the job has
    /// its name.
    pub actions: Vec<Action>,
}

/// One action of a Debugger rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `StopTraining`, with its prefix (default: the job's name).
    StopTraining {
        /// `training_job_prefix` as written.
        prefix: Option<String>,
    },
    /// `Email`.
    Email(String),
    /// `SMS`.
    Sms(String),
}

/// The job's rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    /// `DebugRuleConfigurations`.
    pub debugger: Vec<RuleConfig>,
    /// `ProfilerRuleConfigurations`.
    pub profiler: Vec<RuleConfig>,
    /// The collections the Debugger rules save, merged into the hook.
    pub collections: Vec<Collection>,
}

/// Why the rules could not be resolved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// `builtin` names no built-in rule.
    #[error("`{0}` is not a built-in Debugger or Profiler rule")]
    UnknownRule(String),
    /// No rule evaluator image in the region.
    #[error("built-in rules are not available in {0} (the SDK has no rule evaluator image there)")]
    UnsupportedRegion(String),
}

impl RuleConfig {
    /// `RuleParameters` as sent by a job named `job_name`: with `action_json` when the rule
    /// has actions.
    pub fn parameters_for(&self, job_name: &str) -> IndexMap<String, String> {
        let mut parameters = self.parameters.clone();
        if !self.actions.is_empty() {
            parameters.insert(facts::ACTION_JSON.to_owned(), action_json(&self.actions, job_name));
        }
        parameters
    }
}

/// Resolves `manifest.rules` in `region`.
pub fn resolve(manifest: &Manifest, region: &str) -> Result<Rules, RulesError> {
    let mut rules = Rules::default();
    let Some(written) = manifest.rules.as_ref().filter(|rules| !rules.is_empty()) else {
        return Ok(rules);
    };
    let image = facts::rule_evaluator_image(region).ok_or_else(|| RulesError::UnsupportedRegion(region.to_owned()))?;
    for rule in written {
        let builtin = rule.builtin.as_deref().unwrap_or_default();
        if let Some(debugger) = facts::debugger_rule(builtin) {
            rules.collections.extend(collections(rule, debugger));
            rules.debugger.push(debugger_config(rule, debugger, &image));
        } else if let Some(profiler) = facts::profiler_rule(builtin) {
            rules.profiler.push(profiler_config(rule, profiler, &image));
        } else {
            return Err(RulesError::UnknownRule(builtin.to_owned()));
        }
    }
    Ok(rules)
}

fn debugger_config(rule: &spec::DebuggerRule, builtin: &facts::DebuggerRule, image: &str) -> RuleConfig {
    let mut parameters = IndexMap::from([(RULE_TO_INVOKE.to_owned(), builtin.name.to_owned())]);
    for (key, value) in rule.rule_parameters.iter().flatten() {
        parameters.insert(key.clone(), python_str(value));
    }
    // A rule without actions never sends `action_json`, even one written by hand.
    parameters.shift_remove(facts::ACTION_JSON);
    RuleConfig {
        actions: rule.actions.iter().flatten().filter_map(action).collect(),
        ..config(rule, builtin.name, image, parameters)
    }
}

fn profiler_config(rule: &spec::DebuggerRule, builtin: &facts::ProfilerRule, image: &str) -> RuleConfig {
    let written = rule.rule_parameters.as_ref();
    let mut parameters: IndexMap<String, String> = if builtin.parameters.is_empty() {
        written.into_iter().flatten().map(|(key, value)| (key.clone(), python_str(value))).collect()
    } else {
        builtin
            .parameters
            .iter()
            .map(|parameter| {
                let value = written
                    .and_then(|w| w.get(parameter.name))
                    .map_or_else(|| default_str(parameter.default), python_str);
                (parameter.name.to_owned(), value)
            })
            .collect()
    };
    parameters.insert(RULE_TO_INVOKE.to_owned(), builtin.name.to_owned());
    config(rule, builtin.name, image, parameters)
}

fn config(rule: &spec::DebuggerRule, name: &str, image: &str, parameters: IndexMap<String, String>) -> RuleConfig {
    RuleConfig {
        name: rule.name.clone().unwrap_or_else(|| name.to_owned()),
        image: image.to_owned(),
        local_path: rule.container_local_output_path.clone(),
        s3_output_path: rule.s3_output_path.clone(),
        parameters,
        actions: Vec::new(),
    }
}

/// `collections_to_save`, else the rule's default collections.
fn collections(rule: &spec::DebuggerRule, builtin: &facts::DebuggerRule) -> Vec<Collection> {
    match rule.collections_to_save.as_ref().filter(|written| !written.is_empty()) {
        Some(written) => written
            .iter()
            .filter_map(|c| c.name.clone().map(|name| Collection { name, parameters: c.parameters.clone() }))
            .collect(),
        None => builtin
            .collections
            .iter()
            .map(|c| Collection {
                name: c.name.to_owned(),
                parameters: Some(c.parameters.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()),
            })
            .collect(),
    }
}

fn action(written: &spec::RuleAction) -> Option<Action> {
    if let Some(stop) = &written.stop_training {
        return Some(Action::StopTraining { prefix: stop.training_job_prefix.clone() });
    }
    if let Some(email) = &written.email {
        return email.email_address.clone().map(Action::Email);
    }
    written.sms.as_ref().and_then(|sms| sms.phone_number.clone()).map(Action::Sms)
}

/// `ActionList.serialize()`: each action's parameters in their construction order, quotes
/// backslash-escaped (the rule container evaluates the text inside a Python string).
fn action_json(actions: &[Action], job_name: &str) -> String {
    let serialize = |pairs: &[(&str, &str)]| {
        let fields: Vec<String> = pairs.iter().map(|(key, value)| format!(r#"\"{key}\": \"{value}\""#)).collect();
        format!("{{{}}}", fields.join(", "))
    };
    let each: Vec<String> = actions
        .iter()
        .map(|action| match action {
            Action::StopTraining { prefix: Some(prefix) } => {
                serialize(&[("training_job_prefix", prefix), ("name", "stoptraining")])
            }
            Action::StopTraining { prefix: None } => {
                serialize(&[("name", "stoptraining"), ("training_job_prefix", job_name)])
            }
            Action::Email(address) => serialize(&[("endpoint", address), ("name", "email")]),
            Action::Sms(number) => serialize(&[("endpoint", number), ("name", "sms")]),
        })
        .collect();
    format!("[{}]", each.join(", "))
}

/// Python's `str()` of a parameter value.
pub fn python_str(value: &RuleParameterValue) -> String {
    match value {
        RuleParameterValue::Bool(true) => "True".to_owned(),
        RuleParameterValue::Bool(false) => "False".to_owned(),
        RuleParameterValue::Number(number) if number.is_f64() => {
            number.as_f64().map_or_else(|| number.to_string(), python_float)
        }
        RuleParameterValue::Number(number) => number.to_string(),
        RuleParameterValue::Text(text) => text.clone(),
    }
}

fn default_str(default: ParameterDefault) -> String {
    match default {
        ParameterDefault::Int(n) => n.to_string(),
        ParameterDefault::Float(x) => python_float(x),
        ParameterDefault::None => "None".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_serialize_as_the_rule_container_reads_them() {
        let actions = [
            Action::StopTraining { prefix: None },
            Action::Email("ml@example.com".into()),
            Action::StopTraining { prefix: Some("other".into()) },
        ];
        assert_eq!(
            action_json(&actions, "job-1"),
            r#"[{\"name\": \"stoptraining\", \"training_job_prefix\": \"job-1\"}, {\"endpoint\": \"ml@example.com\", \"name\": \"email\"}, {\"training_job_prefix\": \"other\", \"name\": \"stoptraining\"}]"#
        );
    }

    #[test]
    fn python_str_of_values() {
        let number = |text: &str| RuleParameterValue::Number(serde_json::from_str(text).expect("number"));
        assert_eq!(python_str(&RuleParameterValue::Bool(true)), "True");
        assert_eq!(python_str(&number("40")), "40");
        assert_eq!(python_str(&number("0.5")), "0.5");
        assert_eq!(python_str(&number("1e-7")), "1e-07");
        assert_eq!(default_str(ParameterDefault::None), "None");
    }
}
