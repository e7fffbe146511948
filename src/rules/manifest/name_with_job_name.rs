//! `sagespec::manifest::name-with-job-name`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::written;
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::manifest::name-with-job-name",
    summary: "both `name` and `job_name` are given",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "both `name` and `job_name` are given.",
        why: "they are two ways of naming the same job: `name` is a base name that sagespec completes with a hash of \
              the job's content, `job_name` is used verbatim (facts §3.2, manifest.md §3). With both, one of them \
              would be silently ignored.",
        example: r"```yaml
name: bert-ddp
job_name: bert-ddp-2026-11-26   # error: keep one of the two
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if !(written(cx, "name") && written(cx, "job_name")) {
        return;
    }
    out.push(
        Finding::error(RULE.code, "`name` and `job_name` cannot both be given")
            .at_key("/job_name")
            .with_label("the exact job name")
            .also("/name", "a base name, completed with a content hash")
            .with_help(
                "keep `name` to let sagespec derive a unique job name from the job's content (re-applying never duplicates the job), or `job_name` to use an exact name",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn reports_both_names() {
        let found = run(&RULE, "name: bert\njob_name: bert-1\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/job_name");
    }

    #[test]
    fn accepts_one_name() {
        assert!(run(&RULE, "name: bert\n").is_empty());
        assert!(run(&RULE, "job_name: bert-1\n").is_empty());
        assert!(run(&RULE, "name: bert\njob_name:\n").is_empty());
    }
}
