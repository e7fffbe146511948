//! The execution role: it must exist and trust SageMaker, that is, its trust policy must
//! let the service principal [`SAGEMAKER_PRINCIPAL`] call `sts:AssumeRole` (source: the
//! SageMaker developer guide, "SageMaker Roles": the trust policy of an execution role).

use serde_json::Value as Json;

use super::codes;
use super::lookup::Answer;
use super::resources::{Resource, Use};
use crate::diagnostic::Finding;

/// The service principal SageMaker assumes execution roles as.
pub const SAGEMAKER_PRINCIPAL: &str = "sagemaker.amazonaws.com";

/// The finding about the role named by `used`.
pub fn role(used: &Use, answer: &Answer) -> Option<Finding> {
    let (Resource::Role { arn, .. }, Answer::TrustPolicy(policy)) = (&used.resource, answer) else {
        return None;
    };
    match policy {
        None => Some(
            Finding::error(codes::ROLE_MISSING, format!("the role `{arn}` does not exist"))
                .at(&used.pointer)
                .with_label("no such role")
                .with_help("check the role's name, or create it with a trust policy for sagemaker.amazonaws.com"),
        ),
        Some(policy) if trusts_sagemaker(policy) == Some(false) => Some(
            Finding::error(
                codes::ROLE_NOT_TRUSTED_BY_SAGEMAKER,
                format!("the role `{arn}` does not trust {SAGEMAKER_PRINCIPAL}, so SageMaker cannot assume it"),
            )
            .at(&used.pointer)
            .with_label("not assumable by SageMaker")
            .with_help(format!(
                "add to its trust policy: {{\"Effect\": \"Allow\", \"Principal\": {{\"Service\": \
                 \"{SAGEMAKER_PRINCIPAL}\"}}, \"Action\": \"sts:AssumeRole\"}}"
            )),
        ),
        Some(_) => None,
    }
}

/// Whether a trust policy has an `Allow` statement for SageMaker and `sts:AssumeRole`;
/// `None` when the policy cannot be read (then nothing is said rather than guessed).
pub fn trusts_sagemaker(policy: &str) -> Option<bool> {
    let policy: Json = serde_json::from_str(policy).ok()?;
    let statements = match &policy["Statement"] {
        Json::Array(statements) => statements.iter().collect(),
        statement @ Json::Object(_) => vec![statement],
        _ => return None,
    };
    Some(statements.into_iter().any(|statement| {
        statement["Effect"] == "Allow"
            && strings(&statement["Action"])
                .any(|action| ["sts:assumerole", "sts:*", "*"].contains(&action.to_ascii_lowercase().as_str()))
            && (statement["Principal"] == "*"
                || strings(&statement["Principal"]["Service"]).any(|service| service == SAGEMAKER_PRINCIPAL))
    }))
}

/// A policy value that is one string or a list of strings.
fn strings(value: &Json) -> impl Iterator<Item = &str> {
    let list: Vec<&str> = match value {
        Json::String(one) => vec![one],
        Json::Array(many) => many.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    };
    list.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shapes_a_trust_policy_takes() {
        let sagemaker = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        assert_eq!(trusts_sagemaker(sagemaker), Some(true));
        let listed = r#"{"Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","sagemaker.amazonaws.com"]},"Action":["sts:AssumeRole","sts:TagSession"]}}"#;
        assert_eq!(trusts_sagemaker(listed), Some(true));
        let ec2 = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        assert_eq!(trusts_sagemaker(ec2), Some(false));
        let denied = r#"{"Statement":[{"Effect":"Deny","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        assert_eq!(trusts_sagemaker(denied), Some(false));
        let other_action = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:TagSession"}]}"#;
        assert_eq!(trusts_sagemaker(other_action), Some(false));
        assert_eq!(trusts_sagemaker("not json"), None);
    }
}
