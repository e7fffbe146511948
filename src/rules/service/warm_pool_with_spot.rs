//! `sagespec::service::warm-pool-with-spot`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::warm-pool-with-spot",
    summary: "a warm pool (`keep_alive_period_in_seconds`) is requested for a spot training job",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "`keep_alive_period_in_seconds` above 0 together with `use_spot_instances: true`.",
        why: "SageMaker managed warm pools cannot be used with spot instances (SageMaker Developer Guide, \"Train \
              Using SageMaker Managed Warm Pools\", *Considerations*). The SDK sends both settings without a word, \
              and the job gets no warm pool. A warning, not an error: the guide does not say the service refuses the \
              job.",
        example: r"```yaml
use_spot_instances: true
max_wait: 7200
keep_alive_period_in_seconds: 1800   # warning: no warm pool with spot
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    let keep_alive = manifest.keep_alive_period_in_seconds.unwrap_or(0);
    if keep_alive <= 0 || manifest.use_spot_instances != Some(true) {
        return;
    }
    out.push(
        Finding::warning(RULE.code, "warm pools cannot be used with spot instances")
            .at("/keep_alive_period_in_seconds")
            .with_label(format!("asks for a {keep_alive} s warm pool"))
            .also("/use_spot_instances", "spot training")
            .with_help(
                "SageMaker keeps no warm pool for spot training jobs; remove \
                 `keep_alive_period_in_seconds`, or train on demand to reuse the instances",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use super::RULE;
    use crate::diagnostic::Severity;

    #[test]
    fn warm_pool_with_spot_is_a_warning() {
        let found =
            findings(RULE.code, "use_spot_instances: true\nmax_wait: 90000\nkeep_alive_period_in_seconds: 1800\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/keep_alive_period_in_seconds");
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn warm_pool_on_demand_or_zero_keep_alive_is_fine() {
        assert!(findings(RULE.code, "keep_alive_period_in_seconds: 1800\n").is_empty());
        assert!(
            findings(RULE.code, "use_spot_instances: true\nmax_wait: 90000\nkeep_alive_period_in_seconds: 0\n")
                .is_empty()
        );
    }
}
