//! `sagespec::api::invalid-tag-characters`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use std::sync::LazyLock;

use regex::Regex;

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::api_limits::TAG_FORBIDDEN_CHARACTER;
use crate::source::document::push_token;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::api::invalid-tag-characters",
    summary: "a tag key or value uses a character the API's tag pattern forbids",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a tag key or value with a character outside the API's tag pattern \
               `([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)`: letters, separators (spaces), numbers and `_ . : / = + - @`.",
        why: "the service refuses the whole job for one bad tag (facts §1.2), and neither the SDK (facts §3.7) nor \
              the JSON Schema checks it: the schema leaves the pattern out because editors' regex engines disagree \
              on `\\p{…}` classes.",
        example: r##"```yaml
tags:
  cost-center: "#42"     # error: `#` is not allowed in tags
```"##,
    },
    check,
};

/// `None` only if the constant pattern failed to compile, which a test rules out.
static FORBIDDEN: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(TAG_FORBIDDEN_CHARACTER).ok());

const ALLOWED: &str = "letters, numbers, spaces and `_ . : / = + - @`";

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(forbidden) = FORBIDDEN.as_ref() else {
        return;
    };
    for (key, value) in cx.manifest.tags.iter().flatten() {
        let pointer = push_token("/tags", key);
        if let Some(bad) = forbidden.find(key) {
            out.push(
                Finding::error(
                    RULE.code,
                    format!("tag key `{key}` contains `{}`, which tags may not use", bad.as_str().escape_debug()),
                )
                .at_key(&pointer)
                .with_help(format!("tag keys and values may use only {ALLOWED}")),
            );
        }
        if let Some(bad) = forbidden.find(value) {
            out.push(
                Finding::error(
                    RULE.code,
                    format!(
                        "the value of tag `{key}` contains `{}`, which tags may not use",
                        bad.as_str().escape_debug()
                    ),
                )
                .at(&pointer)
                .with_help(format!("tag keys and values may use only {ALLOWED}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::run;
    use super::*;

    #[test]
    fn the_pattern_compiles() {
        assert!(FORBIDDEN.is_some());
    }

    #[test]
    fn reports_keys_and_values() {
        let found = run(&RULE, "tags:\n  'team#1': ok\n  cost: '#42'\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].pointer, "/tags/team#1");
        assert_eq!(found[0].target, crate::diagnostic::Target::Key);
        assert_eq!(found[1].pointer, "/tags/cost");
        assert!(found[1].message.contains("`#`"));
    }

    #[test]
    fn accepts_unicode_letters_numbers_spaces_and_the_symbols() {
        let text = "tags:\n  'équipe ml': 'Zürich 42'\n  'a_b.c:d/e=f+g-h@i': '٣'\n  empty: ''\n";
        assert!(run(&RULE, text).is_empty());
    }

    #[test]
    fn tabs_and_emoji_are_not_allowed() {
        assert_eq!(run(&RULE, "tags:\n  team: \"a\\tb\"\n").len(), 1);
        assert_eq!(run(&RULE, "tags:\n  team: \"🚀\"\n").len(), 1);
    }
}
