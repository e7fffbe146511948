//! `sagespec::image::python2-unavailable`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::image_error;
use crate::diagnostic::Finding;
use crate::facts::frameworks::{TENSORFLOW, TENSORFLOW_LATEST_PY2_VERSION};
use crate::image::ImageError;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::python2-unavailable",
    summary: "TensorFlow above 2.1.1 has no Python 2 image",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "TensorFlow above 2.1.1 with `py_version: py2`.",
        why: "Python 2 images end with TensorFlow 2.1.1; the estimator raises \"Python 2 containers are only \
              available with 2.1.1 and lower versions\" (facts §2.5).",
        example: r#"```yaml
framework: tensorflow
framework_version: "2.3.2"
py_version: py2               # error: write py_version: py37
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(ImageError::Python2Unavailable { framework_version }) = image_error(cx) else {
        return;
    };
    let python3: Vec<&str> = TENSORFLOW
        .lookup(&framework_version)
        .iter()
        .flat_map(|row| row.py_versions.iter().copied())
        .filter(|py| *py != "py2")
        .collect();
    let help = match python3.as_slice() {
        [] => "use a Python 3 image (e.g. `py_version: py3`, or the one the version offers)".to_owned(),
        [only] => format!("write `py_version: {only}`"),
        many => format!("write a Python 3 version: {}", many.join(", ")),
    };
    out.push(
        Finding::error(RULE.code, format!("TensorFlow {framework_version} has no Python 2 image"))
            .at("/py_version")
            .with_label(format!("py2 ends with TensorFlow {TENSORFLOW_LATEST_PY2_VERSION}"))
            .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pointers};
    use super::RULE;

    #[test]
    fn py2_with_new_tensorflow_is_reported() {
        let yaml = "region: us-west-2\nframework: tensorflow\nframework_version: \"2.3.2\"\npy_version: py2\ninstance_type: ml.m5.xlarge\n";
        let found = findings(RULE.code, yaml);
        assert_eq!(found.iter().map(|f| f.pointer.as_str()).collect::<Vec<_>>(), ["/py_version"]);
        assert_eq!(found[0].help.as_deref(), Some("write `py_version: py37`"));
        assert!(pointers(RULE.code, &yaml.replace("2.3.2", "2.1.1")).is_empty());
    }
}
