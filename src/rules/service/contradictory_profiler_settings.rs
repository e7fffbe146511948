//! `sagespec::service::contradictory-profiler-settings`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::support::profiler::profiler_off;
use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::contradictory-profiler-settings",
    summary: "a `profiler_config` that leaves the profiler on in a job whose profiler is off",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a `profiler_config` that does not say `disable_profiler: true`, in a job whose profiler is off: \
               `disable_profiler: true`, a region without the profiler, or a Trainium instance (where the SDK \
               turns it off itself).",
        why: "a `profiler_config` turns the profiler on unless it says otherwise (its `disable_profiler` defaults to \
              false), so the two settings contradict each other. The SDK raises RuntimeError \
              \"profiler_config.disable_profiler cannot be False when disable_profiler is True.\" (facts §3.5).",
        example: r"```yaml
disable_profiler: true        # or region: ap-southeast-3, or instance_type: ml.trn1.32xlarge
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
    let Some(off) = profiler_off(cx) else {
        return;
    };
    if config.disable_profiler == Some(true) {
        return;
    }
    let inner = "/profiler_config/disable_profiler";
    let inner_written = cx.document.node(inner).is_some();
    // An inner `disable_profiler` the schema rejected (not a boolean) has its own finding.
    if config.disable_profiler.is_none() && inner_written {
        return;
    }
    let message = if off.explicit {
        "`disable_profiler: true` contradicts `profiler_config`, which leaves the profiler on".to_owned()
    } else {
        format!("`profiler_config` leaves the profiler on, but {}", off.label)
    };
    let finding = Finding::error(RULE.code, message);
    let finding = if inner_written {
        finding.at(inner).with_label("turns the profiler on")
    } else {
        finding
            .at_key("/profiler_config")
            .with_label("turns the profiler on (its `disable_profiler` defaults to false)")
    };
    let help = if off.explicit {
        "remove `profiler_config` to keep the profiler off, or remove `disable_profiler: true` to use it"
    } else {
        "remove `profiler_config`: the SDK runs no profiler here"
    };
    out.push(finding.also(off.pointer, off.label).with_help(format!(
        "{help}; the SDK raises \"profiler_config.disable_profiler cannot be False when disable_profiler is True.\""
    )));
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
    fn profiler_config_where_the_sdk_turns_the_profiler_off() {
        let config = "profiler_config:\n  s3_output_path: s3://my-bucket/profile/\n";
        assert_eq!(pointers(RULE.code, &format!("region: ap-southeast-3\n{config}")), ["/profiler_config"]);
        assert_eq!(
            pointers(RULE.code, &format!("instance_type: ml.trn1.32xlarge\ninstance_count: 1\n{config}")),
            ["/profiler_config"]
        );
        assert!(pointers(RULE.code, &format!("region: us-west-2\n{config}")).is_empty());
    }

    #[test]
    fn consistent_settings_are_fine() {
        assert!(pointers(RULE.code, "disable_profiler: true\nprofiler_config:\n  disable_profiler: true\n").is_empty());
        assert!(pointers(RULE.code, "disable_profiler: true\n").is_empty());
        assert!(pointers(RULE.code, "profiler_config:\n  disable_profiler: false\n").is_empty());
    }
}
