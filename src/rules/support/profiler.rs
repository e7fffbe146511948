//! Whether the SDK runs the profiler, and if not, which key turned it off: the estimator
//! sets `disable_profiler = True` itself in regions without the profiler and for Trainium
//! instances (`EstimatorBase.__init__`, facts §3.5).

use super::super::Context;
use crate::facts::distribution::is_trainium_instance;
use crate::job::region_supports_debugger;

/// The key that turned the profiler off, and why.
pub struct ProfilerOff {
    /// Its pointer.
    pub pointer: &'static str,
    /// A label for it.
    pub label: String,
    /// Whether the manifest said so itself (`disable_profiler: true`).
    pub explicit: bool,
}

/// Why the profiler is off for this manifest, or `None` when it runs.
pub fn profiler_off(cx: &Context<'_>) -> Option<ProfilerOff> {
    let manifest = cx.manifest;
    if manifest.disable_profiler == Some(true) {
        return Some(ProfilerOff {
            pointer: "/disable_profiler",
            label: "turns the profiler off".to_owned(),
            explicit: true,
        });
    }
    if let Some(region) = manifest.region.as_deref().filter(|region| !region_supports_debugger(region)) {
        return Some(ProfilerOff {
            pointer: "/region",
            label: format!("the SDK turns the profiler off in {region}"),
            explicit: false,
        });
    }
    let instance_type = cx.compute.instance_type().filter(|t| is_trainium_instance(t))?;
    Some(ProfilerOff {
        pointer: "/instance_type",
        label: format!("the SDK turns the profiler off on Trainium ({instance_type})"),
        explicit: false,
    })
}
