//! `sagespec::image::unsupported-py-version`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::image_error;
use crate::diagnostic::Finding;
use crate::image::{ImageError, display_name};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::unsupported-py-version",
    summary: "`py_version` is not offered for the framework version",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a `py_version` the framework version has no image for.",
        why: "each DLC version is built for one or a few Python versions; the SDK refuses others with \"Unsupported \
              Python version: …\" (facts §2.5 V2, §4.5).",
        example: r#"```yaml
framework_version: "2.2.0"
py_version: py38              # error: PyTorch 2.2.0 offers py310
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(ImageError::UnsupportedPyVersion { config, framework_version, py_version, supported }) =
        image_error(cx).filter(|e| !e.is_smp())
    else {
        return;
    };
    let help = match supported.as_slice() {
        [only] => format!("write `py_version: {only}`"),
        many => format!(
            "write one of: {}",
            many.iter().map(|p| format!("`py_version: {p}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    out.push(
        Finding::error(RULE.code, format!("{} {framework_version} has no {py_version} image", display_name(config)))
            .at("/py_version")
            .with_label(format!("offered: {}", supported.join(", ")))
            .also("/framework_version", "for this version")
            .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pytorch};
    use super::RULE;

    #[test]
    fn wrong_python_version_is_reported_at_py_version() {
        let found = findings(RULE.code, &pytorch("2.2.0", "py38", "ml.p4d.24xlarge"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/py_version");
        assert_eq!(found[0].help.as_deref(), Some("write `py_version: py310`"));
        assert!(findings(RULE.code, &pytorch("2.2.0", "py310", "ml.p4d.24xlarge")).is_empty());
    }
}
