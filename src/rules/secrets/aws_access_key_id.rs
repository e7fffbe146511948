//! `sagespec::secrets::aws-access-key-id`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use std::sync::LazyLock;

use regex::Regex;

use super::super::{Context, Rule};
use super::HELP;
use crate::diagnostic::Finding;
use crate::rules::support::scan::strings;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::secrets::aws-access-key-id",
    summary: "an AWS access key id in `environment` or `hyperparameters`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an AWS access key id (`AKIA…` for a long-term key, `ASIA…` for a temporary one, then 16 of `A–Z 0–9`) \
               anywhere in a string under `environment` or `hyperparameters`, nested values included.",
        why: "an access key id travels with its secret; where one is, the other usually is too. Anyone who can \
              describe the job reads both in clear text. The job's IAM role already gives the container credentials, \
              rotated automatically.",
        example: r"```yaml
environment:
  AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE   # error: use the job's role instead
```",
    },
    check,
};

/// Access key id prefixes and what they mean. Source: AWS IAM User Guide, "IAM
/// identifiers", unique ID prefixes (`AKIA` access key, `ASIA` temporary STS key).
const PREFIXES: &[(&str, &str)] = &[("AKIA", "an AWS access key id"), ("ASIA", "a temporary AWS access key id")];

/// A prefix and 16 of `A–Z 0–9`, not inside a longer run of letters and digits.
static KEY_ID: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let prefixes: Vec<&str> = PREFIXES.iter().map(|(prefix, _)| *prefix).collect();
    Regex::new(&format!(r"(?:^|[^A-Za-z0-9])({})[A-Z0-9]{{16}}(?:[^A-Za-z0-9]|$)", prefixes.join("|"))).ok()
});

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(key_id) = KEY_ID.as_ref() else {
        return;
    };
    for place in strings(cx) {
        let Some(prefix) = key_id.captures(place.value).and_then(|c| c.get(1)) else {
            continue;
        };
        let what =
            PREFIXES.iter().find(|(p, _)| *p == prefix.as_str()).map_or("an AWS access key id", |(_, what)| what);
        out.push(
            Finding::error(RULE.code, format!("`{}` holds {what}", place.path))
                .at(&place.pointer)
                .with_label("readable by anyone who can describe the job")
                .with_help(HELP),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::run;
    use super::*;

    #[test]
    fn finds_key_ids_in_environment_and_nested_hyperparameters() {
        let text = "environment:\n  AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\nhyperparameters:\n  s3:\n    args: ['--key=ASIAIOSFODNN7EXAMPLE']\n";
        let found = run(&RULE, text);
        let pointers: Vec<&str> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(pointers, ["/environment/AWS_ACCESS_KEY_ID", "/hyperparameters/s3/args/0"]);
        assert_eq!(found[1].message, "`hyperparameters.s3.args[0]` holds a temporary AWS access key id");
    }

    #[test]
    fn never_echoes_the_value() {
        let found = run(&RULE, "environment:\n  K: AKIAIOSFODNN7EXAMPLE\n");
        let text = format!("{found:?}");
        assert!(!text.contains("AKIAIOSFODNN7EXAMPLE"));
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn ignores_lookalikes() {
        let text = "environment:\n  A: AKIAIOSFODNN7EXAMPL\n  B: xAKIAIOSFODNN7EXAMPLE\n  C: AKIAIOSFODNN7EXAMPLEX\n  D: akiaiosfodnn7example\n";
        assert!(run(&RULE, text).is_empty());
        assert!(run(&RULE, "tags:\n  k: AKIAIOSFODNN7EXAMPLE\n").is_empty());
    }
}
