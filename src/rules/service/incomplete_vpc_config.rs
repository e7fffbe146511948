//! `sagespec::service::incomplete-vpc-config`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::incomplete-vpc-config",
    summary: "only one of `subnets` and `security_group_ids` is set",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`subnets` without `security_group_ids`, or `security_group_ids` without `subnets`.",
        why: "a VPC configuration needs both. The SDK raises \"When setting up custom VPC, both subnets and \
              security_group_ids must be set\" (facts §3.4), and the API's `VpcConfig` requires both members.",
        example: r"```yaml
subnets: [subnet-0123456789abcdef0]   # error: no security_group_ids
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    let halves = [
        ("subnets", manifest.subnets.is_some(), "security_group_ids"),
        ("security_group_ids", manifest.security_group_ids.is_some(), "subnets"),
    ];
    for (given, is_given, missing) in halves {
        // A missing half that is written but invalid has its own finding.
        if !is_given || cx.document.node(&format!("/{missing}")).is_some() {
            continue;
        }
        out.push(
            Finding::error(RULE.code, format!("`{given}` is set but `{missing}` is not"))
                .at_key(format!("/{given}"))
                .with_label(format!("needs `{missing}` too"))
                .with_help(format!(
                    "a custom VPC needs both `subnets` and `security_group_ids`: add `{missing}`, or remove `{given}` \
                     (the SDK raises \"When setting up custom VPC, both subnets and security_group_ids must be set\")"
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn one_half_is_reported_where_it_is_given() {
        assert_eq!(pointers(RULE.code, "subnets: [subnet-0123456789abcdef0]\n"), ["/subnets"]);
        assert_eq!(pointers(RULE.code, "security_group_ids: [sg-0123456789abcdef0]\n"), ["/security_group_ids"]);
    }

    #[test]
    fn both_or_neither_is_fine() {
        assert!(pointers(RULE.code, "subnets: [subnet-0123]\nsecurity_group_ids: [sg-0123]\n").is_empty());
        assert!(pointers(RULE.code, "").is_empty());
    }

    #[test]
    fn an_invalid_other_half_is_left_to_the_schema() {
        assert!(pointers(RULE.code, "subnets: [subnet-0123]\nsecurity_group_ids: sg-0123\n").is_empty());
    }
}
