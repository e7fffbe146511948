//! `rules:`: SageMaker Debugger and Profiler built-in rules, as
//! `Rule.sagemaker(rule_configs.X(), …)` / `ProfilerRule.sagemaker(rule_configs.X(), …)`
//! take them (`design/manifest.md` §8). The built-in name decides which of the two a rule
//! is ([`crate::facts::debugger_rules`]).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::patterns;
use super::runtime::CollectionConfig;

/// One built-in rule.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DebuggerRule {
    /// The built-in rule: a Debugger rule (`vanishing_gradient`, `loss_not_decreasing`, …,
    /// the `rule_configs` function) or a Profiler rule (`ProfilerReport`, `CPUBottleneck`,
    /// …, the `rule_configs` class).
    #[schemars(required, schema_with = "patterns::builtin_rule")]
    pub builtin: Option<String>,
    /// `RuleConfigurationName`. Default: the built-in rule's name (`VanishingGradient`).
    #[schemars(length(min = 1, max = 256), example = &"LowGPU")]
    pub name: Option<String>,
    /// Rule parameters. A Profiler rule takes its own keyword arguments (every one is sent,
    /// defaults included, as text); a Debugger rule takes strings.
    #[schemars(extend("maxProperties" = 100), example = serde_json::json!({"threshold": 40}))]
    pub rule_parameters: Option<IndexMap<String, RuleParameterValue>>,
    /// Debugger rules only: the tensor collections the rule needs saved. They replace the
    /// rule's defaults and are merged into `DebugHookConfig`.
    #[schemars(length(max = 20))]
    pub collections_to_save: Option<Vec<CollectionConfig>>,
    /// S3 URI the rule's output is written to.
    #[serde(default)]
    #[schemars(schema_with = "patterns::s3_uri")]
    pub s3_output_path: Option<String>,
    /// Path of the rule's output in its container (`LocalPath`).
    #[schemars(length(max = 4096))]
    pub container_local_output_path: Option<String>,
    /// Debugger rules only: what to do when the rule fires.
    #[schemars(length(min = 1))]
    pub actions: Option<Vec<RuleAction>>,
}

/// A rule parameter's value: text, a number or a boolean.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RuleParameterValue {
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// Text.
    Text(String),
}

/// One action of a Debugger rule: exactly one of `stop_training`, `email`, `sms`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct RuleAction {
    /// `StopTraining`: stop the job when the rule fires.
    pub stop_training: Option<StopTraining>,
    /// `Email`: send an email (SNS) when the rule fires.
    pub email: Option<EmailAction>,
    /// `SMS`: send a text message (SNS) when the rule fires.
    pub sms: Option<SmsAction>,
}

/// `StopTraining(training_job_prefix=…)`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StopTraining {
    /// Prefix of the job to stop. Default: this job's name.
    #[schemars(length(min = 1), example = &"bert-ddp")]
    pub training_job_prefix: Option<String>,
}

/// `Email(email_address)`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailAction {
    /// The address (`username@domain.tld`).
    #[schemars(required, example = &"ml@example.com")]
    pub email_address: Option<String>,
}

/// `SMS(phone_number)`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SmsAction {
    /// The number, in E.164 form.
    #[schemars(required, example = &"+15555550100")]
    pub phone_number: Option<String>,
}
