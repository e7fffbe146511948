//! `sagespec::distribution::multi-worker-mirrored-version-too-old`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use std::cmp::Ordering;

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::MWMS_MIN_TENSORFLOW_VERSION;
use crate::facts::versions::compare_versions;
use crate::rules::support::view;
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::multi-worker-mirrored-version-too-old",
    summary: "multi_worker_mirrored_strategy needs TensorFlow 2.9 or later",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "TensorFlow with `multi_worker_mirrored_strategy` enabled and a `framework_version` older than 2.9 \
               (numeric compare: `2.10` is newer than `2.9`).",
        why: "the SDK refuses it when the job starts (facts §2.4 D19): the SageMaker TensorFlow images support the \
              strategy from 2.9 on.",
        example: r#"```yaml
framework: tensorflow
framework_version: "2.8.0"            # error: needs 2.9 or later
distribution:
  multi_worker_mirrored_strategy: {enabled: true}
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let enabled = view::distribution(cx)
        .and_then(|d| d.multi_worker_mirrored_strategy.as_ref())
        .is_some_and(|t| view::on(t.enabled));
    if !enabled || !view::is(cx, Framework::Tensorflow) {
        return;
    }
    let Some(version) = cx.manifest.framework_version.as_deref() else {
        return;
    };
    if compare_versions(version, MWMS_MIN_TENSORFLOW_VERSION) != Some(Ordering::Less) {
        return;
    }
    out.push(
        Finding::error(
            RULE.code,
            format!("multi_worker_mirrored_strategy needs TensorFlow {MWMS_MIN_TENSORFLOW_VERSION} or later, but framework_version is {version}"),
        )
        .at("/framework_version")
        .with_label("too old for multi_worker_mirrored_strategy")
        .also(view::MWMS, "enabled here")
        .with_help(format!(
            "set framework_version to {MWMS_MIN_TENSORFLOW_VERSION} or later (e.g. \"2.11.0\"), or use `parameter_server` or `mpi` with this version"
        )),
    );
}
