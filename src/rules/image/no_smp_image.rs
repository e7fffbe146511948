//! `sagespec::image::no-smp-image`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::{image_error, instance_type_pointer, list};
use crate::diagnostic::Finding;
use crate::facts::frameworks::PYTORCH_SMP;
use crate::image::ImageError;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::no-smp-image",
    summary: "SMP v2 (torch_distributed + modelparallel) has no image for this version, Python, region or instance",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an SMP v2 job (`torch_distributed` with an enabled `smdistributed.modelparallel`) whose PyTorch \
               version, Python version, region or instance type has no image in the SDK's `pytorch-smp` config.",
        why: "that combination switches the image to the `smdistributed-modelparallel` repository, which has only a \
              few PyTorch versions (2.0–2.5.1), one Python version each, GPU images only, in 17 regions (facts §4.1 \
              step 2, §4.5). The SDK refuses the rest with \"Unsupported pytorch-smp version/Python \
              version/region/processor\".",
        example: r#"```yaml
framework_version: "2.3.1"
py_version: py310             # error: SMP v2 for PyTorch 2.3.1 needs py311
distribution:
  torch_distributed: {enabled: true}
  smdistributed: {modelparallel: {enabled: true}}
```"#,
    },
    check,
};

const SMP_LABEL: &str = "SMP v2 (torch_distributed + smdistributed.modelparallel)";

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(error) = image_error(cx).filter(ImageError::is_smp) else {
        return;
    };
    let finding = match error {
        ImageError::UnsupportedVersion { framework_version, .. } => {
            Finding::error(RULE.code, format!("{SMP_LABEL} has no image for PyTorch {framework_version}"))
                .at("/framework_version")
                .with_help(format!(
                    "use a PyTorch version SMP v2 supports: {}; or give `image_uri`",
                    PYTORCH_SMP.supported_versions().join(", ")
                ))
        }
        ImageError::UnsupportedPyVersion { py_version, supported, .. } => {
            let framework_version = cx.manifest.framework_version.as_deref().unwrap_or_default();
            Finding::error(RULE.code, format!("{SMP_LABEL} for PyTorch {framework_version} has no {py_version} image"))
                .at("/py_version")
                .with_label(format!("offered: {}", supported.join(", ")))
                .also("/framework_version", "for this version")
                .with_help(format!("write `py_version: {}`", supported.join("` or `py_version: ")))
        }
        ImageError::VersionNotInRegion { region, available, .. } => {
            Finding::error(RULE.code, format!("{SMP_LABEL} has no image in {region}")).at("/region").with_help(format!(
                "run the job in a region with SMP v2 images ({}), or give `image_uri`",
                list(&available, 17)
            ))
        }
        ImageError::UnsupportedProcessor { instance_type, .. }
        | ImageError::FrameworkNotOnTrainium { instance_type, .. } => {
            Finding::error(RULE.code, format!("{SMP_LABEL} has no image for {instance_type}"))
                .at(instance_type_pointer(cx.manifest, &instance_type))
                .with_help("SMP v2 images are GPU only: use a GPU instance such as ml.p4d.24xlarge or ml.p5.48xlarge")
        }
        _ => return,
    };
    out.push(finding.also("/distribution", "this selects the SMP v2 image"));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{pointers, pytorch};
    use super::RULE;

    const SMP: &str = "distribution:\n  torch_distributed:\n    enabled: true\n  smdistributed:\n    modelparallel:\n      enabled: true\n";

    #[test]
    fn smp_combinations_outside_the_config_are_reported() {
        let wrong_py = format!("{}{SMP}", pytorch("2.3.1", "py310", "ml.p4d.24xlarge"));
        assert_eq!(pointers(RULE.code, &wrong_py), ["/py_version"]);
        let unknown = format!("{}{SMP}", pytorch("2.6.0", "py312", "ml.p4d.24xlarge"));
        assert_eq!(pointers(RULE.code, &unknown), ["/framework_version"]);
        let cpu = format!("{}{SMP}", pytorch("2.2.0", "py310", "ml.c5.xlarge"));
        assert_eq!(pointers(RULE.code, &cpu), ["/instance_type"]);
        let ok = format!("{}{SMP}", pytorch("2.2.0", "py310", "ml.p4d.24xlarge"));
        assert!(pointers(RULE.code, &ok).is_empty());
    }
}
