//! `sagespec::distribution::multi-worker-mirrored-with-incompatible-strategy`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::MWMS_INCOMPATIBLE_STRATEGIES;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::multi-worker-mirrored-with-incompatible-strategy",
    summary: "multi_worker_mirrored_strategy together with smdistributed or parameter_server",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`multi_worker_mirrored_strategy` enabled while `smdistributed` or `parameter_server` is also in \
               `distribution`, even disabled.",
        why: "the SDK refuses it when the job starts (facts §2.4 D20): each of these strategies sets up the workers \
              its own way.",
        example: r"```yaml
distribution:
  multi_worker_mirrored_strategy: {enabled: true}   # error
  parameter_server: {enabled: false}                # remove this block
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let enabled = view::distribution(cx)
        .and_then(|d| d.multi_worker_mirrored_strategy.as_ref())
        .is_some_and(|t| view::on(t.enabled));
    if !enabled {
        return;
    }
    let conflicts: Vec<&str> =
        view::keys(cx, "/distribution").into_iter().filter(|k| MWMS_INCOMPATIBLE_STRATEGIES.contains(k)).collect();
    if conflicts.is_empty() {
        return;
    }
    let mut finding = Finding::error(
        RULE.code,
        format!("multi_worker_mirrored_strategy cannot be combined with {}", view::listed(&conflicts)),
    )
    .at_key(view::MWMS)
    .with_label("enabled here")
    .with_help(format!(
        "remove {} from distribution (even a disabled block counts), or drop multi_worker_mirrored_strategy",
        view::listed(&conflicts)
    ));
    for key in conflicts {
        finding = finding.also(format!("/distribution/{key}"), "conflicts with multi_worker_mirrored_strategy");
    }
    out.push(finding);
}
