//! `sagespec::service::contradictory-profiler-settings`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::contradictory-profiler-settings",
    summary: "`disable_profiler: true` with a `profiler_config` that leaves the profiler on",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`disable_profiler: true` together with a `profiler_config` that does not also say `disable_profiler: \
               true`.",
        why: "a `profiler_config` turns the profiler on unless it says otherwise (its `disable_profiler` defaults to \
              false), so the two settings contradict each other. The SDK raises RuntimeError \
              \"profiler_config.disable_profiler cannot be False when disable_profiler is True.\" (facts §3.5).",
        example: r"```yaml
disable_profiler: true
profiler_config:
  disable_profiler: false   # error: contradicts the top-level setting
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    let Some(config) = &manifest.profiler_config else {
        return;
    };
    if manifest.disable_profiler != Some(true) || config.disable_profiler == Some(true) {
        return;
    }
    let inner = "/profiler_config/disable_profiler";
    let inner_written = cx.document.node(inner).is_some();
    // An inner `disable_profiler` the schema rejected (not a boolean) has its own finding.
    if config.disable_profiler.is_none() && inner_written {
        return;
    }
    let finding = Finding::error(
        RULE.code,
        "`disable_profiler: true` contradicts `profiler_config`, which leaves the profiler on",
    );
    let finding = if inner_written {
        finding.at(inner).with_label("turns the profiler on")
    } else {
        finding
            .at_key("/profiler_config")
            .with_label("turns the profiler on (its `disable_profiler` defaults to false)")
    };
    out.push(finding.also("/disable_profiler", "turns the profiler off").with_help(
        "remove `profiler_config` to keep the profiler off, or remove `disable_profiler: true` to use it; \
                 the SDK raises \"profiler_config.disable_profiler cannot be False when disable_profiler is True.\"",
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn explicit_contradiction_is_reported_at_the_inner_flag() {
        let yaml = "disable_profiler: true\nprofiler_config:\n  disable_profiler: false\n";
        assert_eq!(pointers(RULE.code, yaml), ["/profiler_config/disable_profiler"]);
    }

    #[test]
    fn profiler_config_without_inner_flag_is_reported_at_the_config() {
        let yaml = "disable_profiler: true\nprofiler_config:\n  s3_output_path: s3://my-bucket/profile/\n";
        assert_eq!(pointers(RULE.code, yaml), ["/profiler_config"]);
    }

    #[test]
    fn consistent_settings_are_fine() {
        assert!(pointers(RULE.code, "disable_profiler: true\nprofiler_config:\n  disable_profiler: true\n").is_empty());
        assert!(pointers(RULE.code, "disable_profiler: true\n").is_empty());
        assert!(pointers(RULE.code, "profiler_config:\n  disable_profiler: false\n").is_empty());
    }
}
