//! `sagespec::image::p2-deprecated`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::{image_error, instance_type_pointer};
use crate::diagnostic::Finding;
use crate::image::ImageError;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::p2-deprecated",
    summary: "P2 instances are deprecated for PyTorch ≥ 1.13 and TensorFlow ≥ 2.12",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a P2 instance (`ml.p2.*`) with PyTorch ≥ 1.13 or TensorFlow ≥ 2.12.",
        why: "these images no longer support P2's GPUs; the SDK refuses with \"P2 instances have been deprecated for \
              sagemaker jobs starting PyTorch 1.13 and TensorFlow 2.12\" (facts §2.5 V3).",
        example: r#"```yaml
framework_version: "2.2.0"
instance_type: ml.p2.xlarge   # error: use ml.g5.xlarge or ml.p3.2xlarge
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(ImageError::P2Deprecated { framework, framework_version, instance_type }) = image_error(cx) else {
        return;
    };
    let framework = if framework == "tensorflow" { "TensorFlow" } else { "PyTorch" };
    out.push(
        Finding::error(RULE.code, format!("P2 instances are deprecated for {framework} {framework_version}"))
            .at(instance_type_pointer(cx.manifest, &instance_type))
            .with_label("P2 instance")
            .also("/framework_version", "PyTorch ≥ 1.13 and TensorFlow ≥ 2.12 drop P2")
            .with_help("use a newer GPU instance such as ml.g5.xlarge or ml.p3.2xlarge, or an older framework version"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{pointers, pytorch};
    use super::RULE;

    #[test]
    fn p2_with_new_versions_is_reported() {
        assert_eq!(pointers(RULE.code, &pytorch("1.13.1", "py39", "ml.p2.xlarge")), ["/instance_type"]);
        assert!(pointers(RULE.code, &pytorch("1.12.1", "py38", "ml.p2.xlarge")).is_empty());
    }
}
