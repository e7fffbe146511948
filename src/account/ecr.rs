//! Custom training images: an `image_uri` in a private ECR registry must exist there.

use super::codes;
use super::lookup::Answer;
use super::resources::{Resource, Use};
use crate::aws::account::ImageReference;
use crate::diagnostic::Finding;

/// The finding about the image named by `used`.
pub fn image(used: &Use, answer: &Answer) -> Option<Finding> {
    let (Resource::Image { region, repository, image, .. }, Answer::ImageExists(false)) = (&used.resource, answer)
    else {
        return None;
    };
    let which = match image {
        ImageReference::Tag(tag) => format!("tag `{tag}`"),
        ImageReference::Digest(digest) => format!("digest `{digest}`"),
    };
    Some(
        Finding::error(
            codes::IMAGE_MISSING,
            format!("the ECR repository `{repository}` in {region} has no image with {which}"),
        )
        .at(&used.pointer)
        .with_label("no such image")
        .with_help("push the image (docker push), or fix the repository, tag or region in `image_uri`"),
    )
}
