//! `sagespec::tuning::strategy-config-without-hyperband`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;
use crate::facts::tuning::DEFAULT_STRATEGY;
use crate::spec::tuning::Strategy;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::strategy-config-without-hyperband",
    summary: "`strategy_config` is given for a strategy other than Hyperband",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`strategy_config` when `strategy` is not `Hyperband` (the default is `Bayesian`).",
        why: "the API reference (`HyperParameterTuningJobConfig.StrategyConfig`): the strategy configuration \
              should be provided only if Hyperband is the strategy. The SDK sends it; the service refuses it.",
        example: r"```yaml
strategy_config:               # error: set `strategy: Hyperband`, or remove it
  hyperband_strategy_config: {min_resource: 1, max_resource: 30}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let tuning = cx.tuning;
    if tuning.strategy_config.is_none() || tuning.strategy == Some(Strategy::Hyperband) {
        return;
    }
    let strategy = tuning.strategy.map_or(DEFAULT_STRATEGY, Strategy::as_str);
    let mut finding =
        Finding::error(RULE.code, format!("`strategy_config` configures Hyperband, but the strategy is {strategy}"))
            .at_key("/strategy_config")
            .with_label("only with strategy: Hyperband")
            .with_help("set `strategy: Hyperband`, or remove `strategy_config`");
    if tuning.strategy.is_some() {
        finding = finding.also("/strategy", strategy);
    }
    out.tuning.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn strategy_config_is_for_hyperband() {
        let config = "strategy_config:\n  hyperband_strategy_config: {min_resource: 1, max_resource: 3}\n";
        assert_eq!(here(&run(&RULE, &tuning(config), None)), ["/strategy_config"]);
        assert!(run(&RULE, &tuning(&format!("strategy: Hyperband\n{config}")), None).tuning.is_empty());
    }
}
