//! `sagespec::distribution::dataparallel-framework-version-unsupported`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::sm_dataparallel_versions;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::dataparallel-framework-version-unsupported",
    summary: "the framework version has no SageMaker data-parallel image",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "SMDDP enabled with a `framework_version` that is not in the SDK's list for the framework, when no \
               `image_uri` is given. The match is exact, as in the SDK: the alias `\"1.13\"` is refused although \
               `\"1.13.1\"` is listed.",
        why: "the SDK refuses it (facts §2.4 D5): the data-parallel library ships only in the listed framework \
              images (PyTorch 1.6–2.2.0, TensorFlow 2.3–2.11.0).",
        example: r#"```yaml
framework: pytorch
framework_version: "2.3.0"            # error: SMDDP images stop at 2.2.0
distribution:
  smdistributed:
    dataparallel: {enabled: true}
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(pointer) = view::dataparallel_on(cx) else {
        return;
    };
    let (Some(framework), Some(version)) = (cx.manifest.framework, cx.manifest.framework_version.as_deref()) else {
        return;
    };
    let supported = sm_dataparallel_versions(framework);
    if view::has_image_uri(cx) || supported.contains(&version) {
        return;
    }
    out.push(
        Finding::error(
            RULE.code,
            format!("{} {version} is not supported by smdistributed dataparallel", framework.as_str()),
        )
        .at("/framework_version")
        .with_label("no data-parallel image for this version")
        .also(pointer, "data parallelism enabled here")
        .with_help(format!(
            "set framework_version to one of the versions the data-parallel library supports (exact strings): {}; or give an `image_uri` that has the library",
            view::listed(supported)
        )),
    );
}
