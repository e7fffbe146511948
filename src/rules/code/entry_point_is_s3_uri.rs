//! `sagespec::code::entry-point-is-s3-uri`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::is_s3_uri;
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::code::entry-point-is-s3-uri",
    summary: "`entry_point` is an S3 URI instead of a path to a local file",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an `entry_point` that starts with `s3://`.",
        why: "the entry point names a script inside the code (the local `source_dir`, or the tarball a `s3://` \
              `source_dir` points at); it cannot be a URI itself. The SDK raises \"Invalid entry point script: {ep}. \
              Must be a path to a local file.\" (facts §3.3).",
        example: r"```yaml
entry_point: s3://my-bucket/code/train.py   # error
```
Write `entry_point: train.py` and put the script in `source_dir` (a local folder, or
an `s3://…/sourcedir.tar.gz` that contains it).",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(entry_point) = cx.manifest.entry_point.as_deref() else {
        return;
    };
    if !is_s3_uri(entry_point) {
        return;
    }
    out.push(
        Finding::error(
            RULE.code,
            format!("invalid entry point script `{entry_point}`: it must be a path to a local file"),
        )
        .at("/entry_point")
        .with_label("an S3 URI")
        .with_help(
            "name the script relative to `source_dir` (e.g. `train.py`); to run code that is already \
                 in S3, set `source_dir` to its `s3://…/sourcedir.tar.gz`",
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use super::RULE;

    #[test]
    fn s3_entry_point_is_reported_even_without_a_folder() {
        let found = findings(RULE.code, "entry_point: s3://my-bucket/train.py\n", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/entry_point");
    }

    #[test]
    fn local_entry_point_is_fine() {
        assert!(findings(RULE.code, "entry_point: train.py\n", None).is_empty());
    }
}
