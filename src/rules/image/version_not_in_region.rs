//! `sagespec::image::version-not-in-region`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::{image_error, list};
use crate::diagnostic::Finding;
use crate::facts::frameworks::ImageConfig;
use crate::facts::regions;
use crate::image::{ImageError, display_name};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::image::version-not-in-region",
    summary: "the framework version has no training image in the job's region",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a framework version whose image the SDK's config does not list in the job's `region` (e.g. PyTorch \
               2.8.0 in `us-isof-east-1`, legacy images outside their 25 regions, TF 1.13.1/py3 in the newest \
               regions).",
        why: "region coverage differs per version (facts §4.5); the SDK refuses with \"Unsupported region: …\".",
        example: r#"```yaml
region: us-isof-east-1
framework_version: "2.8.0"    # error: this version has no training image in us-isof-east-1
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(ImageError::VersionNotInRegion { config, framework_version, region, available }) =
        image_error(cx).filter(|e| !e.is_smp())
    else {
        return;
    };
    out.push(
        Finding::error(
            RULE.code,
            format!("{} {framework_version}: this version has no training image in {region}", display_name(config)),
        )
        .at("/region")
        .with_label("no image for this version here")
        .also("/framework_version", "this version")
        .with_help(format!(
            "pick a version with an image in {region} ({}), or run in a region that has {framework_version} ({}), \
             or give `image_uri`",
            list(&versions_in(config, &region), 6),
            list(&available, 6)
        )),
    );
}

/// The versions of `config` with an image in `region`, newest first.
fn versions_in(config: &ImageConfig, region: &str) -> Vec<&'static str> {
    let Some(known) = regions::region(region) else {
        return Vec::new();
    };
    let mut versions: Vec<&'static str> = config
        .versions
        .iter()
        .rev()
        .filter(|v| v.repository.registry().account(known).is_some() && v.coverage.includes(region))
        .map(|v| v.version)
        .collect();
    versions.dedup();
    versions
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pointers};
    use super::RULE;

    #[test]
    fn versions_missing_from_the_region_are_reported() {
        let yaml = "region: us-isof-east-1\nframework: pytorch\nframework_version: \"2.8.0\"\npy_version: py312\ninstance_type: ml.m5.xlarge\n";
        let found = findings(RULE.code, yaml);
        assert_eq!(found.iter().map(|f| f.pointer.as_str()).collect::<Vec<_>>(), ["/region"]);
        assert!(found[0].help.as_deref().is_some_and(|h| h.contains("(2.3.0, 2.2.0, 2.1.0)")));
        assert!(pointers(RULE.code, &yaml.replace("2.8.0", "2.2.0").replace("py312", "py310")).is_empty());
    }
}
