//! `sagespec::manifest::missing-job-name`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::written;
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::manifest::missing-job-name",
    summary: "neither `name` nor `job_name` is given",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "neither `name` (a base name, completed with a content hash) nor `job_name` (the exact job name) is \
               given.",
        why: "the job needs a name. The SDK would fall back to the image's repository name plus a timestamp (facts \
              §3.2), which sagespec does not do: a timestamp changes on every run, so `plan` and `apply` could never \
              tell that a job already exists.",
        example: r"```yaml
apiVersion: sagespec/v1
kind: TrainingJob          # error: add `name: bert-ddp` or `job_name: bert-ddp-1`
framework: pytorch
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if written(cx, "name") || written(cx, "job_name") {
        return;
    }
    out.push(
        Finding::error(RULE.code, "the job has no name: give `name` or `job_name`")
            .at("")
            .missing("/name")
            .missing("/job_name")
            .with_help(
                "add `name: <base-name>` (the job is named `<base-name>-<12 hex of a content hash>`, so re-applying never duplicates it) or `job_name: <exact-name>`",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn reports_a_manifest_without_either_name() {
        let found = run(&RULE, "apiVersion: sagespec/v1\nkind: TrainingJob\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "");
    }

    #[test]
    fn accepts_either_name_even_when_the_schema_rejected_it() {
        assert!(run(&RULE, "name: bert\n").is_empty());
        assert!(run(&RULE, "job_name: bert-1\n").is_empty());
        assert!(run(&RULE, "job_name: not_valid\n").is_empty());
    }

    #[test]
    fn an_empty_name_counts_as_missing() {
        assert_eq!(run(&RULE, "name:\n").len(), 1);
    }
}
