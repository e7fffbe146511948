//! `sagespec::distribution::multi-worker-mirrored-not-tensorflow`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::MWMS_SUPPORTED_FRAMEWORKS;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::multi-worker-mirrored-not-tensorflow",
    summary: "multi_worker_mirrored_strategy on a framework other than TensorFlow",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`multi_worker_mirrored_strategy` enabled on a framework other than TensorFlow.",
        why: "the SDK refuses it when the job starts (facts §2.4 D18): the strategy is TensorFlow's \
              `tf.distribute.MultiWorkerMirroredStrategy`.",
        example: r"```yaml
framework: pytorch
distribution:
  multi_worker_mirrored_strategy: {enabled: true}   # error: use torch_distributed
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(framework) = cx.manifest.framework else {
        return;
    };
    let enabled = view::distribution(cx)
        .and_then(|d| d.multi_worker_mirrored_strategy.as_ref())
        .is_some_and(|t| view::on(t.enabled));
    if !enabled || MWMS_SUPPORTED_FRAMEWORKS.contains(&framework) {
        return;
    }
    let supported: Vec<&str> = MWMS_SUPPORTED_FRAMEWORKS.iter().map(|f| f.as_str()).collect();
    out.push(
        Finding::error(
            RULE.code,
            format!("multi_worker_mirrored_strategy is a TensorFlow strategy, but the framework is {}", framework.as_str()),
        )
        .at_key(view::MWMS)
        .with_label("not available for this framework")
        .also("/framework", "framework set here")
        .with_help(format!(
            "use multi_worker_mirrored_strategy only with framework {}; for PyTorch use `torch_distributed: {{enabled: true}}`",
            view::listed(&supported)
        )),
    );
}
