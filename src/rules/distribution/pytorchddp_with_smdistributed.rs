//! `sagespec::distribution::pytorchddp-with-smdistributed`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::pytorchddp-with-smdistributed",
    summary: "`pytorchddp` and `smdistributed` are both set",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "PyTorch with both `pytorchddp` and `smdistributed` in `distribution`, enabled or not.",
        why: "the SDK refuses it (facts §2.4 D15): `pytorchddp` is an alias that the SDK rewrites into \
              `smdistributed.dataparallel`, so the two would collide.",
        example: r"```yaml
distribution:
  pytorchddp: {enabled: true}         # error: keep only smdistributed
  smdistributed:
    dataparallel: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if !view::is(cx, Framework::Pytorch)
        || !view::written(cx, view::PYTORCHDDP)
        || !view::written(cx, view::SMDISTRIBUTED)
    {
        return;
    }
    out.push(
        Finding::error(RULE.code, "`pytorchddp` and `smdistributed` cannot be used together")
            .at_key(view::PYTORCHDDP)
            .with_label("alias of smdistributed.dataparallel")
            .also(view::SMDISTRIBUTED, "smdistributed set here")
            .with_help("remove `pytorchddp`: it is only another name for `smdistributed: {dataparallel: …}`, which is already set"),
    );
}
