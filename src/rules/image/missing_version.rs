//! `sagespec::image::missing-version`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::image_error;
use crate::diagnostic::Finding;
use crate::image::ImageError;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::missing-version",
    summary: "`framework_version` or `py_version` is missing and no `image_uri` is given",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`framework_version` or `py_version` is missing and there is no `image_uri`.",
        why: "the image is picked from the two; the SDK refuses with \"framework_version or py_version was None, yet \
              image_uri was also None\" (facts §2.5 V1).",
        example: r#"```yaml
framework: pytorch
framework_version: "2.2.0"    # error: py_version missing (write `py_version: py310`)
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(ImageError::MissingVersions { framework_version, py_version }) = image_error(cx) else {
        return;
    };
    // A value the schema rejected (e.g. an unquoted number) has its own finding.
    let written = |key: &str| cx.document.node(&format!("/{key}")).is_some();
    if framework_version && !written("framework_version") {
        let mut finding = Finding::error(RULE.code, "framework_version is missing")
            .at("")
            .with_help("add `framework_version` (e.g. `framework_version: \"2.2.0\"`, quoted), or give `image_uri`");
        if py_version && !written("py_version") {
            finding = finding.with_help(
                "add `framework_version` and `py_version` (e.g. `framework_version: \"2.2.0\"` and \
                 `py_version: py310`), or give `image_uri`",
            );
        }
        out.push(finding);
    } else if py_version && !framework_version && !written("py_version") {
        let framework_version = cx.manifest.framework_version.as_deref().unwrap_or_default();
        out.push(
            Finding::error(RULE.code, format!("py_version is missing for framework_version {framework_version}"))
                .at("/framework_version")
                .with_label("no py_version goes with this")
                .with_help("add `py_version` (e.g. `py_version: py310`), or give `image_uri`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn missing_py_version_points_at_the_framework_version() {
        let yaml = "region: us-west-2\nframework: pytorch\nframework_version: \"2.2.0\"\ninstance_type: ml.m5.xlarge\n";
        assert_eq!(pointers(RULE.code, yaml), ["/framework_version"]);
    }

    #[test]
    fn missing_framework_version_points_at_the_document() {
        let yaml = "region: us-west-2\nframework: pytorch\npy_version: py310\ninstance_type: ml.m5.xlarge\n";
        assert_eq!(pointers(RULE.code, yaml), [""]);
    }

    #[test]
    fn image_uri_or_a_rejected_value_is_not_reported() {
        let uri = "framework: pytorch\nimage_uri: 111122223333.dkr.ecr.us-west-2.amazonaws.com/x:1\n";
        assert!(pointers(RULE.code, uri).is_empty());
        let number = "framework: pytorch\nframework_version: 1.10\npy_version: py38\n";
        assert!(pointers(RULE.code, number).is_empty());
    }
}
