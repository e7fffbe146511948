//! `sagespec::distribution::dataparallel-not-enabled`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::fix::repairs;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::dataparallel-not-enabled",
    summary: "smdistributed dataparallel is configured without `enabled: true`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a `distribution.smdistributed.dataparallel` block (or `pytorchddp`) without `enabled: true`.",
        why: "the SDK reads a missing `enabled` as false and silently runs the job without the SageMaker \
              data-parallel library, on expensive multi-GPU instances, often for hours before anyone notices the \
              scaling is missing.",
        example: r"```yaml
distribution:
  smdistributed:
    dataparallel: {}        # error: add `enabled: true`
```
Writing `enabled: false` on purpose is allowed (it is reported by nothing).",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(distribution) = &cx.manifest.distribution else {
        return;
    };
    let blocks = [
        (
            "/distribution/smdistributed/dataparallel",
            distribution.smdistributed.as_ref().and_then(|s| s.dataparallel.as_ref()),
        ),
        ("/distribution/pytorchddp", distribution.pytorchddp.as_ref()),
    ];
    for (pointer, block) in blocks {
        // An `enabled` the schema rejected (not a boolean) has its own finding.
        let enabled_written = cx.document.node(&format!("{pointer}/enabled")).is_some();
        if let Some(block) = block
            && block.enabled.is_none()
            && !enabled_written
        {
            out.push(
                Finding::error(RULE.code, "smdistributed dataparallel is configured but not enabled")
                    .with_fix(repairs::add_enabled(cx.document, cx.source, pointer))
                    .at_key(pointer)
                    .with_label("no `enabled: true` here")
                    .with_help(format!(
                        "add `enabled: true` under {}; without it the SDK silently runs the job without the data-parallel library",
                        pointer.trim_start_matches('/').replace('/', ".")
                    )),
            );
        }
    }
}
