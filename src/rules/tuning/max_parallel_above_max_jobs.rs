//! `sagespec::tuning::max-parallel-above-max-jobs`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;
use crate::facts::tuning::DEFAULT_MAX_JOBS;
use crate::spec::tuning::Strategy;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::max-parallel-above-max-jobs",
    summary: "`max_parallel_jobs` is greater than `max_jobs`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`max_parallel_jobs` greater than `max_jobs` (which is 1 when not given, as the SDK sends it).",
        why: "a tuning job cannot run more training jobs at once than it runs in all (`ResourceLimits`: \
              `MaxParallelTrainingJobs` at most `MaxNumberOfTrainingJobs`). The SDK sends `max_jobs: 1` by \
              default, so `max_parallel_jobs: 4` alone is refused.",
        example: r"```yaml
max_jobs: 2
max_parallel_jobs: 4   # error: at most 2
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let tuning = cx.tuning;
    let Some(parallel) = tuning.max_parallel_jobs else {
        return;
    };
    let max_jobs = match (tuning.max_jobs, tuning.strategy) {
        (Some(n), _) => n,
        // Grid without max_jobs: SageMaker counts the combinations.
        (None, Some(Strategy::Grid)) => return,
        (None, _) => i64::from(DEFAULT_MAX_JOBS),
    };
    if parallel <= max_jobs {
        return;
    }
    let mut finding = Finding::error(
        RULE.code,
        format!("{parallel} training jobs at once, but the tuning job runs only {max_jobs} in all"),
    )
    .at("/max_parallel_jobs")
    .with_label(format!("at most {max_jobs}"));
    finding = if tuning.max_jobs.is_some() {
        finding.also("/max_jobs", "all the training jobs").with_help("lower `max_parallel_jobs`, or raise `max_jobs`")
    } else {
        finding.with_help(format!(
            "`max_jobs` is {DEFAULT_MAX_JOBS} when not given: set `max_jobs` to the number of training jobs to run"
        ))
    };
    out.tuning.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn parallel_jobs_are_at_most_all_jobs() {
        assert_eq!(here(&run(&RULE, &tuning("max_jobs: 2\nmax_parallel_jobs: 4\n"), None)), ["/max_parallel_jobs"]);
        assert_eq!(here(&run(&RULE, &tuning("max_parallel_jobs: 2\n"), None)), ["/max_parallel_jobs"]);
        assert!(run(&RULE, &tuning("max_jobs: 4\nmax_parallel_jobs: 4\n"), None).tuning.is_empty());
        assert!(run(&RULE, &tuning("strategy: Grid\nmax_parallel_jobs: 4\n"), None).tuning.is_empty());
    }
}
