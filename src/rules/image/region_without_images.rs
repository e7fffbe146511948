//! `sagespec::image::region-without-images`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::image_error;
use crate::diagnostic::Finding;
use crate::image::ImageError;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::region-without-images",
    summary: "`region` has no SageMaker framework images",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a `region` where the SDK's image config has no framework images at all (`eu-isoe-west-1`, \
               `eusc-de-east-1`).",
        why: "SageMaker runs there, but the SDK has no Deep Learning Container registry for it and refuses with \
              \"Unsupported region\" (facts §4.3, §4.4).",
        example: r"```yaml
region: eusc-de-east-1        # error: give image_uri with an image in this region
framework: pytorch
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(ImageError::RegionWithoutImages { region }) = image_error(cx) else {
        return;
    };
    out.push(
        Finding::error(RULE.code, format!("{region} has no SageMaker framework training images"))
            .at("/region")
            .with_label("no Deep Learning Container registry here")
            .with_help("give `image_uri` with an image pushed to ECR in this region, or run the job in another region"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn regions_without_registries_are_reported() {
        let yaml = "region: eusc-de-east-1\nframework: pytorch\nframework_version: \"2.2.0\"\npy_version: py310\ninstance_type: ml.m5.xlarge\n";
        assert_eq!(pointers(RULE.code, yaml), ["/region"]);
        assert!(pointers(RULE.code, &yaml.replace("eusc-de-east-1", "eu-central-2")).is_empty());
    }
}
