//! `sagespec::distribution::multiple-smdistributed-strategies`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::SMDISTRIBUTED_SUPPORTED_STRATEGIES;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::multiple-smdistributed-strategies",
    summary: "`smdistributed` names more than one library",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`distribution.smdistributed` with more than one library under it, e.g. both `dataparallel` and \
               `modelparallel`.",
        why: "the SDK refuses it (facts §2.4 D2: \"Cannot use more than 1 smdistributed strategy\"), enabled or not: \
              SMDDP and SMP v1 are alternative libraries. SMP has its own sharded data parallelism (`ddp: true` in \
              its parameters).",
        example: r"```yaml
distribution:
  smdistributed:
    dataparallel: {enabled: true}     # error: pick one of the two
    modelparallel: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let keys = view::keys(cx, view::SMDISTRIBUTED);
    if keys.len() < 2 {
        return;
    }
    let mut finding = Finding::error(
        RULE.code,
        format!("`smdistributed` names {} libraries ({}), but a job can use only one", keys.len(), view::listed(&keys)),
    )
    .at_key(view::SMDISTRIBUTED)
    .with_label("more than one library here")
    .with_help(format!(
        "keep exactly one of {} under distribution.smdistributed; for data parallelism inside model parallelism, set `ddp: true` in modelparallel.parameters",
        view::listed(SMDISTRIBUTED_SUPPORTED_STRATEGIES)
    ));
    for key in &keys {
        finding = finding.also(format!("{}/{key}", view::SMDISTRIBUTED), "one library");
    }
    out.push(finding);
}
