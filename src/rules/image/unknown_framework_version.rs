//! `sagespec::image::unknown-framework-version`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::{image_error, list};
use crate::diagnostic::Finding;
use crate::image::{ImageError, display_name};
use crate::schema::did_you_mean;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::unknown-framework-version",
    summary: "`framework_version` has no training image in the SDK's image config",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a `framework_version` that is neither a version nor an alias of the SDK's image config for the \
               framework.",
        why: "the SDK refuses with \"Unsupported pytorch version: …\" (facts §2.5 V2). Some versions other lists \
              accept have no image, e.g. PyTorch 2.1.2 and TensorFlow 2.9.1 (facts §2.3).",
        example: r#"```yaml
framework: pytorch
framework_version: "2.1.2"    # error: no image; did you mean "2.1.0"?
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(ImageError::UnsupportedVersion { config, framework_version }) = image_error(cx).filter(|e| !e.is_smp())
    else {
        return;
    };
    let supported = config.supported_versions();
    let full: Vec<&str> = config.versions.iter().rev().map(|v| v.version).collect();
    let suggestion = match did_you_mean(&framework_version, supported.iter().copied()) {
        Some(close) => format!("did you mean `framework_version: \"{close}\"`? "),
        None => String::new(),
    };
    let help = format!(
        "{suggestion}{} versions with a training image: {}; or give `image_uri`",
        display_name(config),
        list(&full, 12)
    );
    out.push(
        Finding::error(RULE.code, format!("{} {framework_version} has no training image", display_name(config)))
            .at("/framework_version")
            .with_label("not in the SDK's image config")
            .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pytorch};
    use super::RULE;

    #[test]
    fn unknown_versions_get_a_suggestion() {
        let found = findings(RULE.code, &pytorch("2.1.2", "py310", "ml.p4d.24xlarge"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/framework_version");
        assert!(found[0].help.as_deref().is_some_and(|h| h.contains("2.8.0")));
        assert!(findings(RULE.code, &pytorch("2.2", "py310", "ml.p4d.24xlarge")).is_empty());
    }
}
