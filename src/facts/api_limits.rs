//! The CreateTrainingJob limits the api rules enforce, as data.
//!
//! Source: botocore 1.44.8 `sagemaker/2017-07-24/service-2.json`, as quoted in
//! `reference/sagemaker-facts.md` §1.2 (`HyperParameters`, `Tags`), §1.4
//! (`InputDataConfig`). Lengths are in characters, as the service counts them.

/// `HyperParameters`: at most this many entries (reserved keys included).
pub const MAX_HYPERPARAMETERS: usize = 100;
/// `HyperParameters`: a key's maximum length.
pub const MAX_HYPERPARAMETER_KEY_CHARS: usize = 256;
/// `HyperParameters`: a value's maximum length, after the SDK's `json.dumps`.
pub const MAX_HYPERPARAMETER_VALUE_CHARS: usize = 2500;
/// `InputDataConfig`: at most this many channels (the SDK's extra channels included).
pub const MAX_CHANNELS: usize = 20;
/// The characters a `Tag` key and value may use: the model's pattern
/// `([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`, written as the class of characters it rejects.
pub const TAG_FORBIDDEN_CHARACTER: &str = r"[^\p{L}\p{Z}\p{N}_.:/=+\-@]";
/// The tag-key prefix AWS reserves for itself, in any letter case ("Tagging AWS
/// resources", tag naming limits: "Do not use `aws:`, `AWS:`, or any upper or lowercase
/// combination of such as a prefix").
pub const RESERVED_TAG_PREFIX: &str = "aws:";

/// Most items in `DebugRuleConfigurations`, and in `ProfilerRuleConfigurations`
/// (botocore 1.44.8 `service-2.json`, facts §1.2).
pub const MAX_RULE_CONFIGURATIONS: usize = 20;
/// Most entries in a rule's `RuleParameters` (facts §1.2).
pub const MAX_RULE_PARAMETERS: usize = 100;
/// Longest value in a rule's `RuleParameters` (facts §1.2).
pub const MAX_RULE_PARAMETER_VALUE_CHARS: usize = 256;
