//! `sagespec::tuning::hyperband-with-early-stopping`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;
use crate::spec::tuning::{EarlyStoppingType, Strategy};

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::hyperband-with-early-stopping",
    summary: "the Hyperband strategy with `early_stopping_type: Auto`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`strategy: Hyperband` together with `early_stopping_type: Auto`.",
        why: "Hyperband has its own early-stopping mechanism; the API reference \
              (`HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType`) requires `Off` with Hyperband. The \
              SDK sends the request and the service refuses it.",
        example: r"```yaml
strategy: Hyperband
early_stopping_type: Auto   # error: remove it (Off is the default)
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let tuning = cx.tuning;
    if tuning.strategy != Some(Strategy::Hyperband) || tuning.early_stopping_type != Some(EarlyStoppingType::Auto) {
        return;
    }
    out.tuning.push(
        Finding::error(RULE.code, "Hyperband stops training jobs itself: `early_stopping_type` must be `Off`")
            .at("/early_stopping_type")
            .with_label("must be Off with Hyperband")
            .also("/strategy", "Hyperband")
            .with_help("remove `early_stopping_type` (the default is `Off`), or choose another strategy"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn hyperband_needs_early_stopping_off() {
        let found = run(&RULE, &tuning("strategy: Hyperband\nearly_stopping_type: Auto\n"), None);
        assert_eq!(here(&found), ["/early_stopping_type"]);
        assert!(run(&RULE, &tuning("strategy: Hyperband\nearly_stopping_type: 'Off'\n"), None).tuning.is_empty());
        assert!(run(&RULE, &tuning("strategy: Bayesian\nearly_stopping_type: Auto\n"), None).tuning.is_empty());
    }
}
