//! `sagespec::code::source-dir-not-tarball`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::is_s3_uri;
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::code::source-dir-not-tarball",
    summary: "an S3 `source_dir` does not point at a `.tar.gz` file",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an `s3://` `source_dir` that does not end with `.tar.gz`.",
        why: "code in S3 is used as is (facts §3.3): the training container downloads the object and unpacks it as a \
              gzipped tarball. The SDK documents `source_dir`: \"If source_dir is an S3 URI, it must point to a \
              tar.gz file.\" Anything else fails only when the job starts, after the instances were paid for.",
        example: r"```yaml
source_dir: s3://my-bucket/code/          # error: a prefix, not a tarball
```
Point at the packed code, e.g. `s3://my-bucket/code/sourcedir.tar.gz`.",
    },
    check,
};

/// The suffix of the code tarball SageMaker unpacks.
const TARBALL_SUFFIX: &str = ".tar.gz";

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(source_dir) = cx.manifest.source_dir.as_deref() else {
        return;
    };
    if !is_s3_uri(source_dir) || source_dir.to_ascii_lowercase().ends_with(TARBALL_SUFFIX) {
        return;
    }
    out.push(
        Finding::error(RULE.code, format!("`{source_dir}` is not a `.tar.gz` file"))
            .at("/source_dir")
            .with_label("an S3 source_dir must be a gzipped tarball")
            .with_help(
                "point `source_dir` at the packed code (e.g. `s3://my-bucket/code/sourcedir.tar.gz`), \
                 or at a local folder that sagespec packs and uploads",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use super::RULE;

    #[test]
    fn s3_prefix_is_reported() {
        let found = findings(RULE.code, "entry_point: train.py\nsource_dir: s3://my-bucket/code/\n", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/source_dir");
    }

    #[test]
    fn s3_tarball_and_local_folder_are_fine() {
        assert!(
            findings(RULE.code, "entry_point: train.py\nsource_dir: s3://b/code/sourcedir.tar.gz\n", None).is_empty()
        );
        assert!(findings(RULE.code, "entry_point: train.py\nsource_dir: src\n", None).is_empty());
    }
}
