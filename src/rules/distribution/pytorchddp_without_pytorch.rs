//! `sagespec::distribution::pytorchddp-without-pytorch`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::pytorchddp-without-pytorch",
    summary: "`pytorchddp` on a framework other than PyTorch",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`distribution.pytorchddp` on a framework other than PyTorch (TensorFlow).",
        why: "only the PyTorch estimator knows `pytorchddp` (it rewrites it into `smdistributed.dataparallel`); the \
              TensorFlow estimator ignores the key silently, so the job would run without any data parallelism.",
        example: r"```yaml
framework: tensorflow
distribution:
  pytorchddp: {enabled: true}         # error: use smdistributed.dataparallel
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(framework) = cx.manifest.framework else {
        return;
    };
    if framework == Framework::Pytorch || !view::written(cx, view::PYTORCHDDP) {
        return;
    }
    out.push(
        Finding::error(RULE.code, format!("`pytorchddp` is a PyTorch option, but the framework is {}", framework.as_str()))
            .at_key(view::PYTORCHDDP)
            .with_label("ignored by this framework")
            .also("/framework", "framework set here")
            .with_help("for SageMaker data parallelism write `smdistributed: {dataparallel: {enabled: true}}` instead of `pytorchddp`"),
    );
}
