//! `sagespec::tuning::keep-static-without-autotune`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::keep-static-without-autotune",
    summary: "`hyperparameters_to_keep_static` without `autotune: true`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`hyperparameters_to_keep_static` when `autotune` is not `true`.",
        why: "the list says which hyperparameters Autotune must not turn into hints; without Autotune every \
              static hyperparameter stays static anyway. The SDK refuses it (\"hyperparameters_to_keep_static \
              parameter is set, however Autotune mode is not enabled\").",
        example: r"```yaml
hyperparameters_to_keep_static: [epochs]   # error: add `autotune: true`, or remove this
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    if cx.tuning.hyperparameters_to_keep_static.is_none() || cx.tuning.autotune == Some(true) {
        return;
    }
    out.tuning.push(
        Finding::error(RULE.code, "`hyperparameters_to_keep_static` only applies with `autotune: true`")
            .at_key("/hyperparameters_to_keep_static")
            .with_label("Autotune is not enabled")
            .with_help("set `autotune: true`, or remove `hyperparameters_to_keep_static` (without Autotune every static hyperparameter stays static)"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn keep_static_needs_autotune() {
        let keep = "hyperparameters_to_keep_static: [epochs]\n";
        assert_eq!(here(&run(&RULE, &tuning(keep), None)), ["/hyperparameters_to_keep_static"]);
        assert!(run(&RULE, &tuning(&format!("autotune: true\n{keep}")), None).tuning.is_empty());
    }
}
