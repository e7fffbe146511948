//! `sagespec::service::checkpoint-local-path-without-s3-uri`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::checkpoint-local-path-without-s3-uri",
    summary: "`checkpoint_local_path` is ignored without `checkpoint_s3_uri`",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "`checkpoint_local_path` without `checkpoint_s3_uri`.",
        why: "the SDK only sends a `CheckpointConfig` when `checkpoint_s3_uri` is given, so a lone local path is \
              silently dropped (facts §3.4) and nothing the script writes there is synced or kept. A warning: the \
              job still runs.",
        example: r"```yaml
checkpoint_local_path: /opt/ml/checkpoints   # warning: dropped without checkpoint_s3_uri
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.manifest.checkpoint_local_path.is_none() || cx.document.node("/checkpoint_s3_uri").is_some() {
        return;
    }
    out.push(
        Finding::warning(RULE.code, "`checkpoint_local_path` is ignored without `checkpoint_s3_uri`")
            .at("/checkpoint_local_path")
            .with_label("dropped from the request")
            .with_help(
                "add `checkpoint_s3_uri` so SageMaker syncs this folder to S3, or remove \
                 `checkpoint_local_path`; without it the SDK sends no CheckpointConfig",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use super::RULE;
    use crate::diagnostic::Severity;

    #[test]
    fn lone_local_path_is_a_warning() {
        let found = findings(RULE.code, "checkpoint_local_path: /opt/ml/checkpoints\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/checkpoint_local_path");
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn local_path_with_s3_uri_is_fine() {
        let yaml = "checkpoint_local_path: /opt/ml/checkpoints\ncheckpoint_s3_uri: s3://my-bucket/ckpt/\n";
        assert!(findings(RULE.code, yaml).is_empty());
    }
}
