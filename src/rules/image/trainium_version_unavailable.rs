//! `sagespec::image::trainium-version-unavailable`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::framework_image_request;
use crate::diagnostic::Finding;
use crate::image::silent_substitution;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::trainium-version-unavailable",
    summary: "on Trainium the SDK would silently run another PyTorch version than `framework_version`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a PyTorch job on Trainium (`ml.trn*`) whose `framework_version` is not the one version the SDK has a \
               Trainium image for (1.11.0).",
        why: "the SDK does not refuse: it silently runs the 1.11.0 neuron image whatever version was asked for \
              (facts §4.1 step 3), so the job runs a framework other than the one declared. sagespec does no silent \
              image substitution.",
        example: r#"```yaml
framework_version: "1.13.1"   # error: the SDK would run PyTorch 1.11.0 (neuron) instead
instance_type: ml.trn1.32xlarge
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(request) = framework_image_request(cx.manifest) else {
        return;
    };
    let Some(substitution) = silent_substitution(&request) else {
        return;
    };
    let py = substitution.config.versions.first().and_then(|v| v.py_versions.first()).copied().unwrap_or_default();
    let finding =
        Finding::error(RULE.code, format!("PyTorch {} has no Trainium training image", substitution.requested))
            .at("/framework_version")
            .with_label(format!("the SDK would silently use {} instead", substitution.used))
            .with_help(format!(
                "write `framework_version: \"{}\"` and `py_version: {py}` (the SDK's only Trainium image), \
         or give `image_uri` with a Neuron image of the version you want",
                substitution.used
            ));
    let finding = match &cx.manifest.instance_type {
        Some(instance_type) => finding.also("/instance_type", format!("{instance_type} is Trainium")),
        None => finding,
    };
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{pointers, pytorch};
    use super::RULE;

    #[test]
    fn another_version_on_trainium_is_reported() {
        assert_eq!(pointers(RULE.code, &pytorch("1.13.1", "py38", "ml.trn1.32xlarge")), ["/framework_version"]);
        assert!(pointers(RULE.code, &pytorch("1.11.0", "py38", "ml.trn1.32xlarge")).is_empty());
        assert!(pointers(RULE.code, &pytorch("1.13.1", "py39", "ml.p3.2xlarge")).is_empty());
    }
}
