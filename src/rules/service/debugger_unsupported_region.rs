//! `sagespec::service::debugger-unsupported-region`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::regions::DEBUGGER_UNSUPPORTED_REGIONS;
use crate::spec::DebuggerHookConfig;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::debugger-unsupported-region",
    summary: "`debugger_hook_config` is set in a region without SageMaker Debugger",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a `debugger_hook_config` mapping in a region without SageMaker Debugger.",
        why: "in those regions the SDK sends no `DebugHookConfig`, and one set by the user raises \"Current region \
              does not support debugger but debugger hook config is set!\" (facts §3.5). The region is the \
              manifest's `region`; a region that comes from `--region` or the AWS config is not known here.",
        example: r"```yaml
region: eu-central-2
debugger_hook_config:                       # error: no Debugger in eu-central-2
  s3_output_path: s3://my-bucket/debug/
```
`debugger_hook_config: false` is fine everywhere.",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    let Some(DebuggerHookConfig::Hook(_)) = &manifest.debugger_hook_config else {
        return;
    };
    let Some(region) = manifest.region.as_deref() else {
        return;
    };
    if !DEBUGGER_UNSUPPORTED_REGIONS.contains(&region) {
        return;
    }
    out.push(
        Finding::error(RULE.code, format!("SageMaker Debugger is not available in {region}"))
            .at_key("/debugger_hook_config")
            .with_label("a debugger hook is configured")
            .also("/region", format!("{region} has no Debugger"))
            .with_help(
                "remove `debugger_hook_config` (or set it to `false`), or run the job in a region with \
                 Debugger; the SDK raises \"Current region does not support debugger but debugger hook config is set!\"",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    const HOOK: &str = "debugger_hook_config:\n  s3_output_path: s3://my-bucket/debug/\n";

    #[test]
    fn hook_in_unsupported_region_is_reported() {
        assert_eq!(pointers(RULE.code, &format!("region: eu-central-2\n{HOOK}")), ["/debugger_hook_config"]);
    }

    #[test]
    fn hook_in_supported_region_or_disabled_hook_is_fine() {
        assert!(pointers(RULE.code, &format!("region: us-west-2\n{HOOK}")).is_empty());
        assert!(pointers(RULE.code, HOOK).is_empty());
        assert!(pointers(RULE.code, "region: eu-central-2\ndebugger_hook_config: false\n").is_empty());
    }
}
