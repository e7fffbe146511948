//! Rules on the training image: framework and Python versions, regions and instance
//! families (facts §2.5, §4). Each rule reports one kind of [`ImageError`] from
//! [`crate::image::resolve`], so exactly one of them fires for a manifest whose image
//! cannot be resolved, at the input the error blames. None of them runs when `image_uri`
//! is given: the SDK then uses it as it is.
//!
//! To add a rule: create a file here with a `pub const RULE`, list it in [`RULES`], and add
//! fixtures under `tests/fixtures/rules/image--<name>/`.

use super::{Context, Rule};
use crate::image::{ImageError, ImageRequest, resolve};
use crate::spec::Manifest;

pub mod legacy_mode_only;
pub mod missing_version;
pub mod no_image_for_instance_type;
pub mod no_smp_image;
pub mod p2_deprecated;
pub mod python2_unavailable;
pub mod region_without_images;
pub mod trainium_version_unavailable;
pub mod unknown_framework_version;
pub mod unsupported_py_version;
pub mod version_not_in_region;

/// The image rules, in the order they run.
pub const RULES: &[Rule] = &[
    missing_version::RULE,
    python2_unavailable::RULE,
    legacy_mode_only::RULE,
    trainium_version_unavailable::RULE,
    unknown_framework_version::RULE,
    unsupported_py_version::RULE,
    region_without_images::RULE,
    version_not_in_region::RULE,
    no_smp_image::RULE,
    no_image_for_instance_type::RULE,
    p2_deprecated::RULE,
];

/// The request for the manifest, when its image comes from the framework image config
/// (a `framework` and no `image_uri`).
fn framework_image_request(manifest: &Manifest) -> Option<ImageRequest<'_>> {
    ImageRequest::from_manifest(manifest).filter(|request| request.image_uri.is_none())
}

/// Why the framework image of the manifest cannot be resolved, if it cannot.
fn image_error(cx: &Context<'_>) -> Option<ImageError> {
    resolve(&framework_image_request(cx.manifest)?).err()
}

/// The pointer of the instance type the image is picked for: `/instance_type`, or the
/// group whose type it is.
fn instance_type_pointer(manifest: &Manifest, instance_type: &str) -> String {
    if manifest.instance_type.is_none()
        && let Some(groups) = &manifest.instance_groups
        && let Some(index) = groups.iter().position(|g| g.instance_type.as_deref() == Some(instance_type))
    {
        return format!("/instance_groups/{index}/instance_type");
    }
    "/instance_type".to_owned()
}

/// `items` joined with ", ", at most `max` of them, then "and N more".
fn list(items: &[&str], max: usize) -> String {
    let shown = items.iter().take(max).copied().collect::<Vec<_>>().join(", ");
    match items.len().checked_sub(max) {
        Some(more) if more > 0 => format!("{shown} and {more} more"),
        _ => shown,
    }
}

/// Test support: check a small manifest and list what one rule found.
#[cfg(test)]
mod testing {

    use crate::diagnostic::Finding;

    /// The keys every test manifest shares; tests append the image keys.
    const BASE: &str = "apiVersion: sagespec/v1
kind: TrainingJob
job_name: image-rule-test
entry_point: train.py
role: arn:aws:iam::111122223333:role/SageMakerRole
instance_count: 1
";

    /// The findings with `code` for [`BASE`] plus `extra` (YAML lines).
    pub fn findings(code: &str, extra: &str) -> Vec<Finding> {
        crate::rules::testing::findings_with_code(&format!("{BASE}{extra}"), code, None)
    }

    /// The pointers of the findings with `code`.
    pub fn pointers(code: &str, extra: &str) -> Vec<String> {
        findings(code, extra).into_iter().map(|f| f.pointer).collect()
    }

    /// A PyTorch job in us-west-2 with the given version, Python version and instance type.
    pub fn pytorch(version: &str, py: &str, instance_type: &str) -> String {
        format!(
            "region: us-west-2\nframework: pytorch\nframework_version: \"{version}\"\npy_version: {py}\ninstance_type: {instance_type}\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::list;

    #[test]
    fn lists_are_cut_short() {
        assert_eq!(list(&["a", "b", "c"], 2), "a, b and 1 more");
        assert_eq!(list(&["a", "b"], 2), "a, b");
    }
}
