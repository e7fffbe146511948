//! `sagespec::image::legacy-mode-only`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::image_error;
use crate::diagnostic::Finding;
use crate::image::ImageError;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::legacy-mode-only",
    summary: "TensorFlow ≤ 1.10 supports only legacy mode, which needs `image_uri`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "TensorFlow 1.10 or older without `image_uri`.",
        why: "those versions run only in the legacy (pre-script-mode) container, which SDK v2 no longer drives; the \
              estimator raises \"TF 1.10 supports only legacy mode. Please supply the image URI directly …\" (facts \
              §2.5).",
        example: r#"```yaml
framework: tensorflow
framework_version: "1.10"     # error: use TF ≥ 1.11 script mode, or name the legacy image
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(ImageError::LegacyModeOnly { framework_version, legacy_image_uri }) = image_error(cx) else {
        return;
    };
    let help = match legacy_image_uri {
        Some(uri) => format!(
            "move to TensorFlow 1.11 or newer (script mode), or set `image_uri: {uri}` and `model_dir: false` \
             and pass legacy parameters as hyperparameters"
        ),
        None => "move to TensorFlow 1.11 or newer (script mode), or set `image_uri` to the legacy image and \
                 `model_dir: false`"
            .to_owned(),
    };
    out.push(
        Finding::error(RULE.code, format!("TensorFlow {framework_version} supports only legacy mode"))
            .at("/framework_version")
            .with_label("legacy mode only")
            .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use super::RULE;

    #[test]
    fn old_tensorflow_is_reported_with_the_legacy_image() {
        let yaml = "region: us-west-2\nframework: tensorflow\nframework_version: \"1.10\"\npy_version: py2\ninstance_type: ml.m5.xlarge\n";
        let found = findings(RULE.code, yaml);
        assert_eq!(found.len(), 1);
        assert!(found[0].help.as_deref().is_some_and(|h| h.contains("sagemaker-tensorflow:1.10-cpu-py2")));
        assert!(findings(RULE.code, &yaml.replace("1.10", "1.11")).is_empty());
    }
}
