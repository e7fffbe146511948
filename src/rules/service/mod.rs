//! Rules the service (or the SDK just before the call) enforces but a manifest can still
//! get wrong (facts §1.6, §1.7, §3.4, §3.5, §3.7): spot and stopping conditions, VPC
//! pairs, volume encryption on instance storage, Debugger and profiler settings, and
//! checkpoint and warm-pool settings that would be dropped or refused, and the newest
//! capacity settings (training plans, UltraServer placement, pending time).
//!
//! To add a rule: create a file here with a `pub const RULE`, list it in [`RULES`], and add
//! fixtures under `tests/fixtures/rules/service--<name>/`.

use super::Rule;

pub mod checkpoint_local_path_without_s3_uri;
pub mod contradictory_profiler_settings;
pub mod credentials_without_access_mode;
pub mod debugger_unsupported_region;
pub mod incomplete_vpc_config;
pub mod max_pending_time_not_accelerated;
pub mod max_wait_below_max_run;
pub mod max_wait_without_spot;
pub mod placement_count_mismatch;
pub mod placement_without_ultraserver;
pub mod spot_without_max_wait;
pub mod training_plan_with_spot;
pub mod training_plan_without_checkpoints;
pub mod volume_kms_key_on_instance_storage;
pub mod warm_pool_with_spot;

/// The service rules, in the order they run.
pub const RULES: &[Rule] = &[
    max_wait_without_spot::RULE,
    max_wait_below_max_run::RULE,
    spot_without_max_wait::RULE,
    warm_pool_with_spot::RULE,
    incomplete_vpc_config::RULE,
    volume_kms_key_on_instance_storage::RULE,
    debugger_unsupported_region::RULE,
    contradictory_profiler_settings::RULE,
    checkpoint_local_path_without_s3_uri::RULE,
    max_pending_time_not_accelerated::RULE,
    placement_without_ultraserver::RULE,
    placement_count_mismatch::RULE,
    training_plan_with_spot::RULE,
    training_plan_without_checkpoints::RULE,
    credentials_without_access_mode::RULE,
];

/// Test support: check a small manifest and list what one rule found.
#[cfg(test)]
pub(crate) mod testing {

    use crate::diagnostic::Finding;

    /// A complete, valid manifest without `region`; tests append the keys under test.
    const BASE: &str = "apiVersion: sagespec/v1
kind: TrainingJob
job_name: service-rule-test
framework: pytorch
framework_version: \"2.2.0\"
py_version: py310
entry_point: train.py
source_dir: src
role: arn:aws:iam::111122223333:role/SageMakerRole
";

    /// The findings with `code` for [`BASE`] plus `extra` (YAML lines), checked as text only.
    pub fn findings(code: &str, extra: &str) -> Vec<Finding> {
        crate::rules::testing::findings_with_code(&format!("{BASE}{extra}"), code, None)
    }

    /// The pointers of the findings with `code`.
    pub fn pointers(code: &str, extra: &str) -> Vec<String> {
        findings(code, extra).into_iter().map(|f| f.pointer).collect()
    }
}
