//! `sagespec::secrets::aws-session-token`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::HELP;
use crate::diagnostic::Finding;
use crate::rules::support::scan::{hints, is_base64, named, strings};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::secrets::aws-session-token",
    summary: "an AWS session token in `environment` or `hyperparameters`",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an AWS session token under `environment` or `hyperparameters`: any value under a key named like \
               `AWS_SESSION_TOKEN` (or the older `AWS_SECURITY_TOKEN`), or a long base64 value under a key whose \
               name mentions a token.",
        why: "with its key id and secret it grants the session's permissions to anyone who can describe the job, \
              until it expires. It also expires during long training, so jobs that depend on it fail hours in. The \
              job's IAM role gives the container credentials that are refreshed automatically.",
        example: r"```yaml
environment:
  AWS_SESSION_TOKEN: IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH…   # error
```",
    },
    check,
};

/// Keys that hold a session token whatever it looks like: the AWS CLI/SDK variable names
/// (AWS CLI User Guide, "Environment variables"; `AWS_SECURITY_TOKEN` is the legacy
/// name boto still reads) and their common spellings.
const TOKEN_NAMES: &[&str] = &["aws_session_token", "aws_security_token", "session_token", "sessiontoken"];
/// Name fragments that make a long base64 value a likely session token.
const TOKEN_NAME_HINTS: &[&str] = &["token"];
/// STS session tokens are several hundred characters; shorter base64 values under a
/// token-like name (API keys, ids) are left to other tools.
const MIN_TOKEN_CHARS: usize = 100;

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for place in strings(cx) {
        let value = place.value.trim();
        let by_name = named(place.key, TOKEN_NAMES) && !value.is_empty();
        let by_shape = hints(place.key, TOKEN_NAME_HINTS) && value.len() >= MIN_TOKEN_CHARS && is_base64(value);
        if by_name || by_shape {
            out.push(
                Finding::error(RULE.code, format!("`{}` holds an AWS session token", place.path))
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

    #[test]
    fn any_value_under_the_standard_names_even_over_the_schema_limit() {
        let token = "IQoJb3JpZ2luX2Vj".repeat(40);
        let found = run(&RULE, &format!("environment:\n  AWS_SESSION_TOKEN: {token}\n"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/environment/AWS_SESSION_TOKEN");
        assert!(!format!("{found:?}").contains(&token));
    }

    #[test]
    fn long_base64_under_token_names() {
        let token = "FwoGZXIvYXdzE".repeat(10);
        assert_eq!(run(&RULE, &format!("hyperparameters:\n  auth_token: {token}\n")).len(), 1);
        assert!(run(&RULE, "hyperparameters:\n  auth_token: abc123\n").is_empty());
        assert!(run(&RULE, &format!("hyperparameters:\n  payload: {token}\n")).is_empty());
    }
}
