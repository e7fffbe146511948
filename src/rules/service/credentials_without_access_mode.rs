//! `sagespec::service::credentials-without-access-mode`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::credentials-without-access-mode",
    summary: "a registry credentials provider without `training_repository_access_mode`",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "`training_repository_credentials_provider_arn` without `training_repository_access_mode`.",
        why: "the credentials provider lives inside `TrainingImageConfig`, which the SDK sends only with an access \
              mode; without one it drops the provider without a word (sdk-tuning-deploy-facts), so the image is \
              pulled without the credentials. sagespec sends what the SDK sends, and says so.",
        example: r"```yaml
training_repository_credentials_provider_arn: arn:aws:lambda:us-west-2:111122223333:function:creds   # warning
# training_repository_access_mode: Vpc
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    if manifest.training_repository_credentials_provider_arn.is_none()
        || manifest.training_repository_access_mode.is_some()
    {
        return;
    }
    out.push(
        Finding::warning(RULE.code, "the credentials provider is not sent without an access mode")
            .at("/training_repository_credentials_provider_arn")
            .with_label("dropped, as the SDK drops it")
            .with_help("add `training_repository_access_mode: Vpc` (or `Platform`) to send it"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn provider_without_mode_is_a_warning() {
        let arn = "training_repository_credentials_provider_arn: arn:aws:lambda:us-west-2:111122223333:function:c\n";
        assert_eq!(pointers(RULE.code, arn), ["/training_repository_credentials_provider_arn"]);
        assert!(pointers(RULE.code, &format!("{arn}training_repository_access_mode: Vpc\n")).is_empty());
    }
}
