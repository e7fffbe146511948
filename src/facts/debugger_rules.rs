//! SageMaker Debugger's built-in rules, as `Rule.sagemaker(rule_configs.X())` and
//! `ProfilerRule.sagemaker(rule_configs.X())` lower them (facts: sdk-tuning-deploy-facts
//! "Debugger/Profiler rules"), and the registry of the rule evaluator image per region.
//!
//! Sources: `smdebug_rulesconfig` 1.0.1 (the SDK's dependency; `rule_configs` re-exports
//! it): `debugger_rules/rule_config_jsons/ruleConfigs.json` and `builtin_rules.py` for the
//! Debugger rules, `profiler_rules/rules.py` for the Profiler rules' parameters, defaults
//! and checks, `actions/utils.py` for the action patterns; sagemaker 2.257.7
//! `image_uri_config/debugger.json` for the evaluator image.

/// The rule evaluator image's repository and tag (`image_uri_config/debugger.json`).
pub const RULE_EVALUATOR_REPOSITORY: &str = "sagemaker-debugger-rules:latest";

/// The rule evaluator image's registry account, by region. A built-in rule in any other
/// region makes the SDK raise `ValueError: Unsupported region`.
///
/// Source: sagemaker 2.257.7 `image_uri_config/debugger.json` (`latest`).
pub const RULE_EVALUATOR_REGISTRIES: &[(&str, &str)] = &[
    ("af-south-1", "314341159256"),
    ("ap-east-1", "199566480951"),
    ("ap-northeast-1", "430734990657"),
    ("ap-northeast-2", "578805364391"),
    ("ap-northeast-3", "479947661362"),
    ("ap-south-1", "904829902805"),
    ("ap-southeast-1", "972752614525"),
    ("ap-southeast-2", "184798709955"),
    ("ca-central-1", "519511493484"),
    ("cn-north-1", "618459771430"),
    ("cn-northwest-1", "658757709296"),
    ("eu-central-1", "482524230118"),
    ("eu-north-1", "314864569078"),
    ("eu-south-1", "563282790590"),
    ("eu-west-1", "929884845733"),
    ("eu-west-2", "250201462417"),
    ("eu-west-3", "447278800020"),
    ("me-south-1", "986000313247"),
    ("sa-east-1", "818342061345"),
    ("us-east-1", "503895931360"),
    ("us-east-2", "915447279597"),
    ("us-gov-west-1", "515509971035"),
    ("us-west-1", "685455198987"),
    ("us-west-2", "895741380848"),
];

/// One collection a Debugger rule saves by default (`CollectionConfigurations` of its
/// `ruleConfigs.json` entry).
#[derive(Clone, Copy, Debug)]
pub struct Collection {
    /// `CollectionName`.
    pub name: &'static str,
    /// `CollectionParameters`, in the file's order.
    pub parameters: &'static [(&'static str, &'static str)],
}

/// A built-in Debugger rule: `rule_configs.<builtin>()`.
#[derive(Clone, Copy, Debug)]
pub struct DebuggerRule {
    /// The `rule_configs` function, as a manifest's `builtin:` names it.
    pub builtin: &'static str,
    /// `RuleConfigurationName` (and `rule_to_invoke`).
    pub name: &'static str,
    /// The collections the rule saves unless `collections_to_save` replaces them.
    pub collections: &'static [Collection],
}

/// Every built-in Debugger rule.
///
/// Source: smdebug_rulesconfig 1.0.1 `builtin_rules.py` and `ruleConfigs.json` (each rule's
/// only default parameter is `rule_to_invoke`).
pub const DEBUGGER_RULES: &[DebuggerRule] = &[
    DebuggerRule {
        builtin: "vanishing_gradient",
        name: "VanishingGradient",
        collections: &[Collection { name: "gradients", parameters: &[("save_interval", "500")] }],
    },
    DebuggerRule { builtin: "similar_across_runs", name: "SimilarAcrossRuns", collections: &[] },
    DebuggerRule {
        builtin: "weight_update_ratio",
        name: "WeightUpdateRatio",
        collections: &[Collection { name: "weights", parameters: &[("save_interval", "500")] }],
    },
    DebuggerRule { builtin: "all_zero", name: "AllZero", collections: &[] },
    DebuggerRule { builtin: "exploding_tensor", name: "ExplodingTensor", collections: &[] },
    DebuggerRule { builtin: "unchanged_tensor", name: "UnchangedTensor", collections: &[] },
    DebuggerRule {
        builtin: "loss_not_decreasing",
        name: "LossNotDecreasing",
        collections: &[Collection { name: "losses", parameters: &[("save_interval", "500")] }],
    },
    DebuggerRule {
        builtin: "check_input_images",
        name: "CheckInputImages",
        collections: &[Collection {
            name: "input_image",
            parameters: &[("include_regex", ".*hybridsequential0_input_0"), ("save_interval", "500")],
        }],
    },
    DebuggerRule {
        builtin: "dead_relu",
        name: "DeadRelu",
        collections: &[Collection {
            name: "relu_output",
            parameters: &[("include_regex", ".*relu_output"), ("save_interval", "500")],
        }],
    },
    DebuggerRule { builtin: "confusion", name: "Confusion", collections: &[] },
    DebuggerRule { builtin: "tree_depth", name: "TreeDepth", collections: &[] },
    DebuggerRule { builtin: "class_imbalance", name: "ClassImbalance", collections: &[] },
    DebuggerRule { builtin: "overfit", name: "Overfit", collections: &[] },
    DebuggerRule { builtin: "tensor_variance", name: "TensorVariance", collections: &[] },
    DebuggerRule { builtin: "overtraining", name: "Overtraining", collections: &[] },
    DebuggerRule {
        builtin: "poor_weight_initialization",
        name: "PoorWeightInitialization",
        collections: &[Collection {
            name: "relu_input",
            parameters: &[("include_regex", ".*relu_input"), ("save_interval", "500")],
        }],
    },
    DebuggerRule { builtin: "saturated_activation", name: "SaturatedActivation", collections: &[] },
    DebuggerRule {
        builtin: "nlp_sequence_ratio",
        name: "NLPSequenceRatio",
        collections: &[Collection {
            name: "input_sequence",
            parameters: &[("include_regex", ".*embedding0_input_0"), ("save_interval", "500")],
        }],
    },
    DebuggerRule { builtin: "stalled_training_rule", name: "StalledTrainingRule", collections: &[] },
    DebuggerRule {
        builtin: "feature_importance_overweight",
        name: "FeatureImportanceOverweight",
        collections: &[Collection { name: "feature_importance", parameters: &[("save_interval", "500")] }],
    },
    DebuggerRule {
        builtin: "create_xgboost_report",
        name: "CreateXgboostReport",
        collections: &[
            Collection { name: "metrics", parameters: &[("save_interval", "5")] },
            Collection { name: "feature_importance", parameters: &[("save_interval", "5")] },
            Collection { name: "hyperparameters", parameters: &[("save_steps", "0")] },
            Collection { name: "predictions", parameters: &[("save_interval", "5")] },
            Collection { name: "labels", parameters: &[("save_interval", "5")] },
        ],
    },
];

/// A Profiler rule parameter's default, sent as Python's `str()` of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Default {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// `None` (sent as the text `None`).
    None,
}

/// The check a Profiler rule applies to a parameter when it is constructed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// `validate_percentile`: a number from 0 to 100.
    Percentile,
    /// `validate_positive_integer`: a number above 0.
    PositiveInteger,
    /// `StepOutlier.mode`: a string, or absent.
    StringOrNone,
}

/// One parameter of a Profiler rule.
#[derive(Clone, Copy, Debug)]
pub struct Parameter {
    /// The keyword argument.
    pub name: &'static str,
    /// Its default.
    pub default: Default,
    /// Its check.
    pub check: Check,
}

/// A built-in Profiler rule: `rule_configs.<name>(**parameters)`. Every parameter is
/// sent, defaults included, in this order, then `rule_to_invoke`.
#[derive(Clone, Copy, Debug)]
pub struct ProfilerRule {
    /// The class name: the manifest's `builtin:`, `RuleConfigurationName` and
    /// `rule_to_invoke`.
    pub name: &'static str,
    /// Its keyword arguments. `ProfilerReport` has none: it takes
    /// `<Rule>_<parameter>` keys for the other rules instead.
    pub parameters: &'static [Parameter],
}

/// The rule whose parameters are other rules' parameters, as `<Rule>_<parameter>`.
pub const PROFILER_REPORT: &str = "ProfilerReport";

/// Every built-in Profiler rule.
///
/// Source: smdebug_rulesconfig 1.0.1 `profiler_rules/rules.py` (the classes, their
/// keyword defaults in signature order, and the `validate_*` call on each).
pub const PROFILER_RULES: &[ProfilerRule] = &[
    ProfilerRule {
        name: "BatchSize",
        parameters: &[
            Parameter { name: "cpu_threshold_p95", default: Default::Int(70), check: Check::Percentile },
            Parameter { name: "gpu_threshold_p95", default: Default::Int(70), check: Check::Percentile },
            Parameter { name: "gpu_memory_threshold_p95", default: Default::Int(70), check: Check::Percentile },
            Parameter { name: "patience", default: Default::Int(1000), check: Check::PositiveInteger },
            Parameter { name: "window", default: Default::Int(500), check: Check::PositiveInteger },
            Parameter { name: "scan_interval_us", default: Default::Int(60_000_000), check: Check::PositiveInteger },
        ],
    },
    ProfilerRule {
        name: "CPUBottleneck",
        parameters: &[
            Parameter { name: "threshold", default: Default::Int(50), check: Check::Percentile },
            Parameter { name: "gpu_threshold", default: Default::Int(10), check: Check::Percentile },
            Parameter { name: "cpu_threshold", default: Default::Int(90), check: Check::Percentile },
            Parameter { name: "patience", default: Default::Int(1000), check: Check::PositiveInteger },
            Parameter { name: "scan_interval_us", default: Default::Int(60_000_000), check: Check::PositiveInteger },
        ],
    },
    ProfilerRule {
        name: "Dataloader",
        parameters: &[
            Parameter { name: "min_threshold", default: Default::Int(70), check: Check::PositiveInteger },
            Parameter { name: "max_threshold", default: Default::Int(200), check: Check::PositiveInteger },
            Parameter { name: "scan_interval_us", default: Default::Int(60_000_000), check: Check::PositiveInteger },
        ],
    },
    ProfilerRule {
        name: "GPUMemoryIncrease",
        parameters: &[
            Parameter { name: "increase", default: Default::Int(5), check: Check::PositiveInteger },
            Parameter { name: "patience", default: Default::Int(1000), check: Check::PositiveInteger },
            Parameter { name: "window", default: Default::Int(10), check: Check::PositiveInteger },
            Parameter { name: "scan_interval_us", default: Default::Int(60_000_000), check: Check::PositiveInteger },
        ],
    },
    ProfilerRule {
        name: "IOBottleneck",
        parameters: &[
            Parameter { name: "threshold", default: Default::Int(50), check: Check::Percentile },
            Parameter { name: "gpu_threshold", default: Default::Int(10), check: Check::Percentile },
            Parameter { name: "io_threshold", default: Default::Int(50), check: Check::Percentile },
            Parameter { name: "patience", default: Default::Int(1000), check: Check::PositiveInteger },
            Parameter { name: "scan_interval_us", default: Default::Int(60_000_000), check: Check::PositiveInteger },
        ],
    },
    ProfilerRule {
        name: "LoadBalancing",
        parameters: &[
            Parameter { name: "threshold", default: Default::Float(0.5), check: Check::Percentile },
            Parameter { name: "patience", default: Default::Int(1000), check: Check::PositiveInteger },
            Parameter { name: "scan_interval_us", default: Default::Int(60_000_000), check: Check::PositiveInteger },
        ],
    },
    ProfilerRule {
        name: "LowGPUUtilization",
        parameters: &[
            Parameter { name: "threshold_p95", default: Default::Int(70), check: Check::Percentile },
            Parameter { name: "threshold_p5", default: Default::Int(10), check: Check::Percentile },
            Parameter { name: "window", default: Default::Int(500), check: Check::PositiveInteger },
            Parameter { name: "patience", default: Default::Int(1000), check: Check::PositiveInteger },
            Parameter { name: "scan_interval_us", default: Default::Int(60_000_000), check: Check::PositiveInteger },
        ],
    },
    ProfilerRule {
        name: "MaxInitializationTime",
        parameters: &[
            Parameter { name: "threshold", default: Default::Int(20), check: Check::PositiveInteger },
            Parameter { name: "scan_interval_us", default: Default::Int(60_000_000), check: Check::PositiveInteger },
        ],
    },
    ProfilerRule {
        name: "OverallSystemUsage",
        parameters: &[Parameter {
            name: "scan_interval_us",
            default: Default::Int(60_000_000),
            check: Check::PositiveInteger,
        }],
    },
    ProfilerRule { name: "ProfilerReport", parameters: &[] },
    ProfilerRule {
        name: "StepOutlier",
        parameters: &[
            Parameter { name: "stddev", default: Default::Int(3), check: Check::PositiveInteger },
            Parameter { name: "mode", default: Default::None, check: Check::StringOrNone },
            Parameter { name: "n_outliers", default: Default::Int(10), check: Check::PositiveInteger },
            Parameter { name: "scan_interval_us", default: Default::Int(60_000_000), check: Check::PositiveInteger },
        ],
    },
];

/// The rule parameter every built-in rule sets to its own name; a manifest may not set it
/// (`Rule.sagemaker` raises "You cannot provide a 'rule_to_invoke' for SageMaker rules").
pub const RULE_TO_INVOKE: &str = "rule_to_invoke";

/// The rule parameter that carries a rule's actions.
pub const ACTION_JSON: &str = "action_json";

/// `StopTraining`'s `training_job_prefix` pattern.
///
/// Source: smdebug_rulesconfig 1.0.1 `actions/utils.py` `TRAINING_JOB_PREFIX_REGEX`.
pub const TRAINING_JOB_PREFIX_PATTERN: &str = r"^[A-Za-z0-9\-]+$";

/// `Email`'s address pattern (stricter than RFC 5322: lower-case letters and digits, one
/// dot in the domain).
///
/// Source: as [`TRAINING_JOB_PREFIX_PATTERN`], `EMAIL_ADDRESS_REGEX`.
pub const EMAIL_ADDRESS_PATTERN: &str = r"^[a-z0-9]+[@]\w+[.]\w{2,3}$";

/// `SMS`'s phone number pattern (E.164).
///
/// Source: as [`TRAINING_JOB_PREFIX_PATTERN`], `PHONE_NUMBER_REGEX`.
pub const PHONE_NUMBER_PATTERN: &str = r"^\+\d{1,15}$";

/// The built-in Debugger rule `builtin`.
pub fn debugger_rule(builtin: &str) -> Option<&'static DebuggerRule> {
    DEBUGGER_RULES.iter().find(|rule| rule.builtin == builtin)
}

/// The built-in Profiler rule `builtin`.
pub fn profiler_rule(builtin: &str) -> Option<&'static ProfilerRule> {
    PROFILER_RULES.iter().find(|rule| rule.name == builtin)
}

/// Every name a manifest's `builtin:` accepts: the Debugger rules, then the Profiler rules.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    DEBUGGER_RULES.iter().map(|rule| rule.builtin).chain(PROFILER_RULES.iter().map(|rule| rule.name))
}

/// The rule evaluator image in `region`, or `None` where the SDK has none.
pub fn rule_evaluator_image(region: &str) -> Option<String> {
    let (_, account) = RULE_EVALUATOR_REGISTRIES.iter().find(|(name, _)| *name == region)?;
    let suffix = super::regions::region(region).map_or("amazonaws.com", |r| r.dns_suffix);
    Some(format!("{account}.dkr.ecr.{region}.{suffix}/{RULE_EVALUATOR_REPOSITORY}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_name_is_unique() {
        let names: Vec<&str> = builtin_names().collect();
        let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(names.len(), unique.len());
        assert_eq!(names.len(), 21 + 11);
    }

    #[test]
    fn action_patterns_compile() {
        for pattern in [TRAINING_JOB_PREFIX_PATTERN, EMAIL_ADDRESS_PATTERN, PHONE_NUMBER_PATTERN] {
            assert!(regex::Regex::new(pattern).is_ok(), "{pattern}");
        }
    }

    #[test]
    fn evaluator_image_follows_the_partition() {
        assert_eq!(
            rule_evaluator_image("us-west-2").as_deref(),
            Some("895741380848.dkr.ecr.us-west-2.amazonaws.com/sagemaker-debugger-rules:latest")
        );
        assert!(rule_evaluator_image("cn-north-1").is_some_and(|image| image.contains(".amazonaws.com.cn/")));
        assert_eq!(rule_evaluator_image("eu-central-2"), None);
    }
}
