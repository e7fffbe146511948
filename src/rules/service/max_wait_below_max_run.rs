//! `sagespec::service::max-wait-below-max-run`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::max-wait-below-max-run",
    summary: "`max_wait` is smaller than `max_run`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`max_wait` smaller than `max_run` (which is 86400 seconds when not given).",
        why: "`MaxWaitTimeInSeconds` covers the wait for spot capacity *plus* the run, so the service requires it to \
              be at least `MaxRuntimeInSeconds` (facts §1.7). The SDK does not check it (facts §3.7), so the job is \
              refused only when it is created.",
        example: r"```yaml
use_spot_instances: true
max_run: 7200
max_wait: 3600            # error: below max_run
```",
    },
    check,
};

/// `MaxRuntimeInSeconds` when `max_run` is not given: one day.
///
/// Source: sagemaker 2.257.7 `estimator.py` (`max_run=24 * 60 * 60`), facts §1.7, §3.4.
const DEFAULT_MAX_RUN: i64 = 86_400;

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    let Some(max_wait) = manifest.max_wait else {
        return;
    };
    // A `max_run` the schema rejected has its own finding; don't compare against a guess.
    let max_run_written = cx.document.node("/max_run").is_some();
    let max_run = match manifest.max_run {
        Some(max_run) => max_run,
        None if max_run_written => return,
        None => DEFAULT_MAX_RUN,
    };
    if max_wait >= max_run {
        return;
    }
    let source = if max_run_written { "`max_run`" } else { "the default `max_run`" };
    let mut finding =
        Finding::error(RULE.code, format!("`max_wait` ({max_wait} s) is smaller than {source} ({max_run} s)"))
            .at("/max_wait")
            .with_label(format!("must be at least {max_run}"))
            .with_help(
                "`max_wait` is the time to wait for spot capacity plus the run time, so SageMaker requires \
         it to be at least `max_run`; raise `max_wait` or lower `max_run`",
            );
    if max_run_written {
        finding = finding.also("/max_run", "the run may take this long");
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pointers};
    use super::RULE;

    const SPOT: &str = "use_spot_instances: true\n";

    #[test]
    fn max_wait_below_max_run_is_reported() {
        let found = findings(RULE.code, &format!("{SPOT}max_run: 7200\nmax_wait: 3600\n"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/max_wait");
        assert_eq!(found[0].labels[0].pointer, "/max_run");
    }

    #[test]
    fn default_max_run_is_one_day() {
        assert_eq!(pointers(RULE.code, &format!("{SPOT}max_wait: 86399\n")), ["/max_wait"]);
        assert!(pointers(RULE.code, &format!("{SPOT}max_wait: 86400\n")).is_empty());
    }

    #[test]
    fn max_wait_at_or_above_max_run_is_fine() {
        assert!(pointers(RULE.code, &format!("{SPOT}max_run: 3600\nmax_wait: 3600\n")).is_empty());
        assert!(pointers(RULE.code, &format!("{SPOT}max_run: 3600\nmax_wait: 7200\n")).is_empty());
    }

    #[test]
    fn an_invalid_max_run_is_not_guessed() {
        assert!(pointers(RULE.code, &format!("{SPOT}max_run: soon\nmax_wait: 3600\n")).is_empty());
    }
}
