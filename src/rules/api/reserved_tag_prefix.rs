//! `sagespec::api::reserved-tag-prefix`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::api_limits::RESERVED_TAG_PREFIX;
use crate::source::document::push_token;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::api::reserved-tag-prefix",
    summary: "a tag key uses the `aws:` prefix reserved for AWS",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a tag key that starts with `aws:`, in any letter case.",
        why: "AWS reserves the prefix for the tags it sets itself (\"Tagging AWS resources\", tag naming limits); a \
              user tag with it is refused, and the SDK does not check tags at all (facts §3.7).",
        example: r"```yaml
tags:
  aws:team: ml        # error: drop the `aws:` prefix
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for key in cx.manifest.tags.iter().flat_map(|tags| tags.keys()) {
        let reserved =
            key.get(..RESERVED_TAG_PREFIX.len()).is_some_and(|prefix| prefix.eq_ignore_ascii_case(RESERVED_TAG_PREFIX));
        if reserved {
            out.push(
                Finding::error(
                    RULE.code,
                    format!("tag key `{key}` starts with `{RESERVED_TAG_PREFIX}`, which is reserved for AWS"),
                )
                .at_key(push_token("/tags", key))
                .with_help(format!(
                    "rename the tag without the `{RESERVED_TAG_PREFIX}` prefix, e.g. `{}`",
                    key.get(RESERVED_TAG_PREFIX.len()..).unwrap_or_default()
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::run;
    use super::*;

    #[test]
    fn reports_the_prefix_in_any_case() {
        let found = run(&RULE, "tags:\n  aws:team: ml\n  AWS:cost: '1'\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].pointer, "/tags/aws:team");
        assert!(found[0].help.as_deref().is_some_and(|h| h.contains("`team`")));
    }

    #[test]
    fn accepts_other_keys() {
        assert!(run(&RULE, "tags:\n  team: aws:ml\n  awsteam: x\n  é: x\n").is_empty());
    }
}
