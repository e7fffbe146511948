//! KMS keys: each key a job encrypts with must exist and be enabled.

use super::codes;
use super::lookup::Answer;
use super::resources::{Resource, Use};
use crate::diagnostic::Finding;

/// The finding about the key named by `used` at the manifest key `key`.
pub fn key(used: &Use, key: &str, answer: &Answer) -> Option<Finding> {
    let (Resource::KmsKey { region, key: name }, Answer::Key(found)) = (&used.resource, answer) else {
        return None;
    };
    match found {
        None => Some(
            Finding::error(
                codes::KMS_KEY_MISSING,
                format!("the KMS key `{name}` of `{key}` does not exist in {region}"),
            )
            .at(&used.pointer)
            .with_label("no such key")
            .with_help("check the key id, ARN or alias (`alias/…`), and its region"),
        ),
        Some(live) if !live.enabled => Some(
            Finding::error(codes::KMS_KEY_DISABLED, format!("the KMS key `{name}` of `{key}` is {}", live.state))
                .at(&used.pointer)
                .with_label(format!("key state {}", live.state))
                .with_help("enable the key (kms:EnableKey, or cancel its deletion), or name an enabled key"),
        ),
        Some(_) => None,
    }
}
