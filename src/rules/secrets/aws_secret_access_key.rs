//! `sagespec::secrets::aws-secret-access-key`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::HELP;
use crate::diagnostic::Finding;
use crate::rules::support::scan::{hints, is_base64, named, strings};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::secrets::aws-secret-access-key",
    summary: "an AWS secret access key in `environment` or `hyperparameters`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an AWS secret access key under `environment` or `hyperparameters`: any value under a key named like \
               `AWS_SECRET_ACCESS_KEY`, or a 40-character value of the key alphabet (`A–Z a–z 0–9 / + =`) under a \
               key whose name mentions a secret.",
        why: "anyone who can describe the job reads it in clear text, and with the key id it signs requests as its \
              owner until someone rotates it. The job's IAM role already gives the container credentials.",
        example: r"```yaml
environment:
  AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY   # error
```",
    },
    check,
};

/// Keys that hold a secret access key whatever it looks like: the AWS CLI/SDK variable
/// and config names (AWS CLI User Guide, "Environment variables" and "Configuration
/// settings"), and their common spellings.
const SECRET_KEY_NAMES: &[&str] = &["aws_secret_access_key", "secret_access_key", "aws_secret_key", "secretaccesskey"];
/// Name fragments that make a 40-character key-alphabet value a likely secret key.
const SECRET_NAME_HINTS: &[&str] = &["secret"];
/// The length of an AWS secret access key.
const SECRET_KEY_CHARS: usize = 40;

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for place in strings(cx) {
        let value = place.value.trim();
        let by_name = named(place.key, SECRET_KEY_NAMES) && !value.is_empty();
        let by_shape = hints(place.key, SECRET_NAME_HINTS) && value.len() == SECRET_KEY_CHARS && is_base64(value);
        if by_name || by_shape {
            out.push(
                Finding::error(RULE.code, format!("`{}` holds an AWS secret access key", place.path))
                    .at(&place.pointer)
                    .with_label("readable by anyone who can describe the job")
                    .with_help(HELP),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::run;
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn any_value_under_the_standard_names() {
        let text = "environment:\n  AWS_SECRET_ACCESS_KEY: not-even-key-shaped\nhyperparameters:\n  aws-secret-access-key: x\n";
        let found = run(&RULE, text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].message, "`environment.AWS_SECRET_ACCESS_KEY` holds an AWS secret access key");
        assert_eq!(found[1].pointer, "/hyperparameters/aws-secret-access-key");
    }

    #[test]
    fn key_shaped_values_under_secret_names_never_echoed() {
        let found = run(&RULE, &format!("hyperparameters:\n  creds:\n    my_secret: {SECRET}\n"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/hyperparameters/creds/my_secret");
        assert!(!format!("{found:?}").contains(SECRET));
    }

    #[test]
    fn ignores_other_names_shapes_and_empty_values() {
        let text =
            format!("environment:\n  MODEL_HASH: {SECRET}\n  SECRET_NAME: my-db-secret\n  AWS_SECRET_ACCESS_KEY: ''\n");
        assert!(run(&RULE, &text).is_empty());
    }
}
