//! SageMaker Debugger hook and profiler: the SDK's defaults and the rules that drop them
//! (facts §3.5, `EstimatorBase._prepare_debugger_for_training`,
//! `_prepare_profiler_for_training`, `Framework._validate_and_set_debugger_configs`).
//!
//! - In a region of [`DEBUGGER_UNSUPPORTED_REGIONS`] there is no hook and the profiler is
//!   `{DisableProfiler: true}`.
//! - The hook defaults to `{S3OutputPath: <output_path>, CollectionConfigurations: []}`;
//!   `debugger_hook_config: false` drops it, and so does TensorFlow with an enabled
//!   parameter server, and (for PyTorch and TensorFlow, whose `distribution` is never
//!   unset) setting both `checkpoint_s3_uri` and `checkpoint_local_path`.
//! - The profiler defaults to `{S3OutputPath: <output_path>, DisableProfiler: false}`;
//!   `disable_profiler: true` and Trainium instances give `{DisableProfiler: true}`; a
//!   written `profiler_config` is sent as `ProfilerConfig._to_request_dict` writes it.

use indexmap::IndexMap;

use crate::facts::distribution::is_trainium_instance;
use crate::facts::regions::DEBUGGER_UNSUPPORTED_REGIONS;
use crate::spec::{DebuggerHookConfig, Framework, Manifest};

use super::Distribution;

/// `DebugHookConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DebugHook {
    /// `S3OutputPath`, default the output path.
    pub s3_output_path: String,
    /// `LocalPath`.
    pub local_path: Option<String>,
    /// `HookParameters`, in the user's order.
    pub hook_parameters: Option<IndexMap<String, String>>,
    /// `CollectionConfigurations`: always sent, possibly empty; the hook's and the
    /// Debugger rules' collections, each distinct one once (the SDK builds it from a set,
    /// so one name may appear twice with different parameters).
    pub collections: Vec<Collection>,
}

/// One `CollectionConfiguration`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collection {
    /// `CollectionName`.
    pub name: String,
    /// `CollectionParameters`, in the user's order.
    pub parameters: Option<IndexMap<String, String>>,
}

/// `ProfilerConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profiler {
    /// `S3OutputPath` (absent when the profiler is switched off by the SDK).
    pub s3_output_path: Option<String>,
    /// `ProfilingIntervalInMilliseconds`.
    pub interval_millis: Option<i64>,
    /// `DisableProfiler`.
    pub disabled: bool,
}

impl Profiler {
    /// The SDK's "off" profiler: `{DisableProfiler: true}`.
    pub const OFF: Self = Self { s3_output_path: None, interval_millis: None, disabled: true };
}

/// Whether Debugger and the profiler exist in `region`.
pub fn region_supports_debugger(region: &str) -> bool {
    !DEBUGGER_UNSUPPORTED_REGIONS.contains(&region)
}

/// The debugger hook the SDK sends, if any.
pub(super) fn debug_hook(
    manifest: &Manifest,
    framework: Framework,
    region: &str,
    output_path: &str,
    distribution: &Distribution,
) -> Option<DebugHook> {
    let both_checkpoint_paths = manifest.checkpoint_s3_uri.is_some() && manifest.checkpoint_local_path.is_some();
    let tf_parameter_server = framework == Framework::Tensorflow && distribution.parameter_server_enabled();
    if !region_supports_debugger(region) || both_checkpoint_paths || tf_parameter_server {
        return None;
    }
    match &manifest.debugger_hook_config {
        Some(DebuggerHookConfig::Flag(false)) => None,
        Some(DebuggerHookConfig::Flag(true)) | None => Some(DebugHook {
            s3_output_path: output_path.to_owned(),
            local_path: None,
            hook_parameters: None,
            collections: Vec::new(),
        }),
        Some(DebuggerHookConfig::Hook(hook)) => {
            let mut collections: Vec<Collection> = Vec::new();
            merge_collections(
                &mut collections,
                hook.collection_configs.iter().flatten().filter_map(|config| {
                    config.name.clone().map(|name| Collection { name, parameters: config.parameters.clone() })
                }),
            );
            Some(DebugHook {
                s3_output_path: hook.s3_output_path.clone().unwrap_or_else(|| output_path.to_owned()),
                local_path: hook.container_local_output_path.clone(),
                hook_parameters: hook.hook_parameters.clone(),
                collections,
            })
        }
    }
}

/// Adds each of `more` that `collections` does not hold yet (by name and parameters, as
/// the SDK's `CollectionConfig.__eq__` compares them).
pub(super) fn merge_collections(collections: &mut Vec<Collection>, more: impl IntoIterator<Item = Collection>) {
    for collection in more {
        if !collections.contains(&collection) {
            collections.push(collection);
        }
    }
}

/// The profiler config the SDK sends (`_prepare_profiler_for_training`, then
/// `ProfilerConfig._to_request_dict`): a written `profiler_config` is sent as written,
/// its `S3OutputPath` (default the output path) only while it leaves the profiler on and
/// its interval even when it turns it off; without one, the default config, or
/// `{DisableProfiler: true}` where the profiler is off.
pub(super) fn profiler(manifest: &Manifest, region: &str, output_path: &str, instance_type: Option<&str>) -> Profiler {
    let trainium = instance_type.is_some_and(is_trainium_instance);
    let off = !region_supports_debugger(region) || manifest.disable_profiler == Some(true) || trainium;
    match &manifest.profiler_config {
        // Leaving the profiler on where it is off makes the SDK raise; the rules report it.
        Some(config) if off && config.disable_profiler != Some(true) => Profiler::OFF,
        Some(config) => {
            let disabled = config.disable_profiler.unwrap_or(false);
            Profiler {
                s3_output_path: (!disabled)
                    .then(|| config.s3_output_path.clone().unwrap_or_else(|| output_path.to_owned())),
                interval_millis: config.system_monitor_interval_millis,
                disabled,
            }
        }
        None if off => Profiler::OFF,
        None => Profiler { s3_output_path: Some(output_path.to_owned()), interval_millis: None, disabled: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ProfilerConfig;

    const OUTPUT: &str = "s3://out/";

    fn with_config(disable_profiler: Option<bool>, config: ProfilerConfig) -> Manifest {
        Manifest { disable_profiler, profiler_config: Some(config), ..Manifest::default() }
    }

    // Expected values: sagemaker 2.257.7 `ProfilerConfig._to_request_dict` (S3OutputPath only
    // while DisableProfiler is False; ProfilingIntervalInMilliseconds whenever it is set).
    #[test]
    fn a_config_that_turns_the_profiler_off_sends_no_output_path() {
        let config = ProfilerConfig {
            s3_output_path: Some("s3://mine/".into()),
            disable_profiler: Some(true),
            ..ProfilerConfig::default()
        };
        let profiler = profiler(&with_config(None, config), "us-west-2", OUTPUT, Some("ml.m5.xlarge"));
        assert_eq!(profiler, Profiler { s3_output_path: None, interval_millis: None, disabled: true });
    }

    #[test]
    fn the_interval_is_sent_when_the_profiler_is_off() {
        let config = ProfilerConfig {
            system_monitor_interval_millis: Some(500),
            disable_profiler: Some(true),
            ..ProfilerConfig::default()
        };
        let profiler = profiler(&with_config(Some(true), config), "us-west-2", OUTPUT, Some("ml.m5.xlarge"));
        assert_eq!(profiler, Profiler { s3_output_path: None, interval_millis: Some(500), disabled: true });
    }

    #[test]
    fn defaults_where_the_profiler_runs_and_where_it_does_not() {
        let none = Manifest::default();
        assert_eq!(
            profiler(&none, "us-west-2", OUTPUT, Some("ml.m5.xlarge")),
            Profiler { s3_output_path: Some(OUTPUT.into()), interval_millis: None, disabled: false }
        );
        assert_eq!(profiler(&none, "eu-central-2", OUTPUT, Some("ml.m5.xlarge")), Profiler::OFF);
        assert_eq!(profiler(&none, "us-west-2", OUTPUT, Some("ml.trn1.32xlarge")), Profiler::OFF);
    }

    #[test]
    fn collections_merge_by_name_and_parameters() {
        let collection = |name: &str, interval: Option<&str>| Collection {
            name: name.into(),
            parameters: interval.map(|i| IndexMap::from([("save_interval".to_owned(), i.to_owned())])),
        };
        let mut collections = vec![collection("weights", Some("500"))];
        merge_collections(
            &mut collections,
            [collection("weights", Some("500")), collection("weights", Some("50")), collection("losses", None)],
        );
        assert_eq!(
            collections,
            [collection("weights", Some("500")), collection("weights", Some("50")), collection("losses", None)]
        );
    }
}
