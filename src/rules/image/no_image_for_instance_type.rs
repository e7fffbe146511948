//! `sagespec::image::no-image-for-instance-type`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::{image_error, instance_type_pointer};
use crate::diagnostic::Finding;
use crate::image::{ImageError, display_name};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::no-image-for-instance-type",
    summary: "the framework has no training image for this instance type (e.g. TensorFlow on Trainium)",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a framework with no training image for the instance's processor, e.g. TensorFlow on Trainium \
               (`ml.trn*`).",
        why: "only PyTorch has Trainium (neuron) images; the SDK refuses with \"Unsupported framework: tensorflow. \
              Supported framework(s) for Trainium instances: pytorch\" \
              (`image_uris._validate_for_suppported_frameworks_and_instance_type`; facts §4.1 step 6). SMP v2 on the \
              wrong instance is reported by `no-smp-image`.",
        example: r"```yaml
framework: tensorflow
instance_type: ml.trn1.32xlarge   # error: use a GPU or CPU instance
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(error) = image_error(cx).filter(|e| !e.is_smp()) else {
        return;
    };
    let (message, instance_type) = match &error {
        ImageError::FrameworkNotOnTrainium { instance_type, .. } => {
            let framework = cx.manifest.framework.map_or("this framework", |f| match f {
                crate::spec::Framework::Pytorch => "PyTorch",
                crate::spec::Framework::Tensorflow => "TensorFlow",
            });
            (format!("{framework} has no Trainium training image"), instance_type)
        }
        ImageError::UnsupportedProcessor { config, processor, instance_type } => {
            (format!("{} has no {} training image", display_name(config), processor.as_str()), instance_type)
        }
        _ => return,
    };
    out.push(
        Finding::error(RULE.code, message)
            .at(instance_type_pointer(cx.manifest, instance_type))
            .with_label("no image for this instance")
            .with_help(
                "use a GPU (ml.g*/ml.p*) or CPU instance type, or give `image_uri`; only PyTorch runs on Trainium",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn tensorflow_on_trainium_is_reported() {
        let yaml = "region: us-west-2\nframework: tensorflow\nframework_version: \"2.11.0\"\npy_version: py39\ninstance_type: ml.trn1.32xlarge\n";
        assert_eq!(pointers(RULE.code, yaml), ["/instance_type"]);
        assert!(pointers(RULE.code, &yaml.replace("ml.trn1.32xlarge", "ml.p3.2xlarge")).is_empty());
    }
}
