//! The TuningJob rules (`sagespec::tuning::…`): every limit `CreateHyperParameterTuningJob`
//! enforces that the schema cannot express, checked before submit.
//!
//! A tuning rule sees the tuning manifest and, when it can be loaded, the TrainingJob
//! manifest its `training_job` names ([`Context`]). It reports where the fix belongs: a
//! finding about the tuner's keys goes in the tuning manifest, a finding about a training
//! job setting the tuning job cannot carry goes in the training job's file at that key
//! ([`Findings::training`]; `validate` shows it as that file's report, see
//! [`crate::kinds::Checked::elsewhere`]). Every limit comes from
//! [`crate::facts::tuning`], which names its source.
//!
//! Limits the schema already enforces are not repeated here: at most 30 ranges
//! (`maxProperties`), 1 to 30 categorical values and 1 to 5 warm-start parents
//! (`minItems`/`maxItems`), the enums of `strategy` and `scaling_type`.
//!
//! To add a rule: a file here with a `pub const RULE: TuningRule`, one line in [`RULES`], and
//! failing and passing fixtures under `tests/fixtures/rules/tuning--<name>/` (each tuning
//! fixture names a TrainingJob manifest beside it).

pub mod grid_max_jobs_mismatch;
pub mod grid_non_categorical_range;
pub mod hyperband_with_early_stopping;
pub mod instance_groups;
pub mod keep_static_duplicate;
pub mod keep_static_unknown;
pub mod keep_static_without_autotune;
pub mod max_parallel_above_max_jobs;
pub mod min_not_below_max;
pub mod missing_range_bounds;
pub mod no_ranges;
pub mod non_integer_bound;
pub mod objective_not_a_metric;
pub mod range_key_for_other_type;
pub mod scaling_not_for_range_type;
pub mod scaling_outside_domain;
pub mod setting_not_carried;
pub mod strategy_config_without_hyperband;
pub mod too_many_environment_variables;
pub mod too_many_hyperparameters;
pub mod tuned_and_static;

use crate::diagnostic::{CodeDocs, Docs, Finding, Severity};
use crate::source::Document;
use crate::source::document::push_token;
use crate::spec::Manifest;
use crate::spec::tuning::{ParameterRange, RangeType, TuningManifest};

/// What every tuning rule sees.
pub struct Context<'a> {
    /// The tuning manifest, typed. Values the schema rejected are absent.
    pub tuning: &'a TuningManifest,
    /// The tuning manifest as written, with spans.
    pub document: &'a Document,
    /// The TrainingJob manifest `training_job` names, when it could be loaded and typed.
    pub training: Option<&'a Manifest>,
}

/// What the tuning rules found, by the file each finding belongs in.
#[derive(Debug, Default)]
pub struct Findings {
    /// Findings in the tuning manifest.
    pub tuning: Vec<Finding>,
    /// Findings in the TrainingJob manifest `training_job` names, at its keys.
    pub training: Vec<Finding>,
}

/// One tuning rule.
#[derive(Clone, Copy)]
pub struct TuningRule {
    /// Stable code, `sagespec::tuning::<what-is-wrong>`.
    pub code: &'static str,
    /// One line: what the rule reports (a lower-case phrase, no full stop).
    pub summary: &'static str,
    /// The severity of every finding the rule raises.
    pub severity: Severity,
    /// What the rule reports, why, and an example.
    pub docs: Docs,
    /// Runs the rule.
    pub check: fn(&Context<'_>, &mut Findings),
}

impl TuningRule {
    /// The rule as the code registry lists it.
    pub const fn documented(&self) -> CodeDocs {
        CodeDocs { code: self.code, summary: self.summary, severity: self.severity, docs: self.docs }
    }
}

/// Every tuning rule, in the order they run: the ranges, the strategy and limits, autotune,
/// then the training job the tuning job runs.
pub const RULES: &[TuningRule] = &[
    no_ranges::RULE,
    missing_range_bounds::RULE,
    range_key_for_other_type::RULE,
    min_not_below_max::RULE,
    non_integer_bound::RULE,
    scaling_not_for_range_type::RULE,
    scaling_outside_domain::RULE,
    objective_not_a_metric::RULE,
    hyperband_with_early_stopping::RULE,
    strategy_config_without_hyperband::RULE,
    grid_non_categorical_range::RULE,
    grid_max_jobs_mismatch::RULE,
    max_parallel_above_max_jobs::RULE,
    keep_static_without_autotune::RULE,
    keep_static_unknown::RULE,
    keep_static_duplicate::RULE,
    tuned_and_static::RULE,
    too_many_hyperparameters::RULE,
    too_many_environment_variables::RULE,
    instance_groups::RULE,
    setting_not_carried::RULE,
];

/// Runs every tuning rule.
pub fn run(context: &Context<'_>) -> Findings {
    let mut findings = Findings::default();
    for rule in RULES {
        (rule.check)(context, &mut findings);
    }
    findings
}

/// One range as written: its name, its pointer, and its settings.
pub struct Range<'a> {
    /// The hyperparameter it tunes.
    pub name: &'a str,
    /// `/hyperparameter_ranges/<name>`.
    pub pointer: String,
    /// Its settings.
    pub range: &'a ParameterRange,
}

impl Range<'_> {
    /// The pointer of one of its keys.
    pub fn at(&self, key: &str) -> String {
        format!("{}/{key}", self.pointer)
    }

    /// Its type, when the schema accepted it.
    pub fn kind(&self) -> Option<RangeType> {
        self.range.range_type
    }
}

/// Every range of the tuning manifest, in the order written.
pub fn ranges(tuning: &TuningManifest) -> impl Iterator<Item = Range<'_>> {
    tuning.hyperparameter_ranges.iter().flatten().map(|(name, range)| Range {
        name,
        pointer: push_token("/hyperparameter_ranges", name),
        range,
    })
}

/// The bound as a number, when given.
pub fn number(value: Option<&serde_json::Number>) -> Option<f64> {
    value.and_then(serde_json::Number::as_f64)
}

/// How a range type is written in a manifest.
pub const fn range_type_name(range_type: RangeType) -> &'static str {
    match range_type {
        RangeType::Continuous => "continuous",
        RangeType::Integer => "integer",
        RangeType::Categorical => "categorical",
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs the tuning rules over manifest text, with an optional training manifest.

    use super::{Context, Findings, TuningRule};
    use crate::check::{builtin, check_document};
    use crate::source::{self, Format};
    use crate::spec::{Manifest, TuningManifest};

    /// A TrainingJob manifest the tests tune.
    pub const TRAINING: &str = "apiVersion: sagespec/v1\nkind: TrainingJob\nname: t\nregion: us-west-2\n\
                                framework: pytorch\nframework_version: \"2.2.0\"\npy_version: py310\n\
                                entry_point: train.py\nrole: arn:aws:iam::111122223333:role/R\n\
                                instance_type: ml.m5.xlarge\ninstance_count: 1\n";

    /// A tuning manifest with one continuous range, plus `extra` (YAML lines).
    pub fn tuning(extra: &str) -> String {
        format!(
            "apiVersion: sagespec/v1\nkind: TuningJob\nname: hpo\ntraining_job: train.yaml\n\
             objective_metric_name: val:acc\nmetric_definitions:\n- {{name: val:acc, regex: 'acc=(.*)'}}\n{extra}"
        )
    }

    /// The typed manifest of `text` as its kind checks it.
    fn typed<T: Clone + 'static>(text: &str) -> T {
        let document = source::parse(text, Format::Yaml).expect("test manifest parses");
        let (checked, _) = check_document(builtin(), &document, text, None);
        checked.manifest.as_ref().and_then(|t| t.downcast::<T>()).cloned().expect("typed manifest")
    }

    /// What `rule` finds in the tuning manifest `text`, tuning the training manifest
    /// `training` (YAML) when given.
    pub fn run(rule: &TuningRule, text: &str, training: Option<&str>) -> Findings {
        let document = source::parse(text, Format::Yaml).expect("test manifest parses");
        let tuning: TuningManifest = typed(text);
        let training: Option<Manifest> = training.map(typed);
        let mut found = Findings::default();
        (rule.check)(&Context { tuning: &tuning, document: &document, training: training.as_ref() }, &mut found);
        found
    }

    /// The pointer of each finding in the tuning manifest.
    pub fn here(found: &Findings) -> Vec<&str> {
        found.tuning.iter().map(|f| f.pointer.as_str()).collect()
    }

    /// The pointer of each finding in the training manifest.
    pub fn there(found: &Findings) -> Vec<&str> {
        found.training.iter().map(|f| f.pointer.as_str()).collect()
    }
}
