//! `sagespec::debugger::invalid-action`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use std::sync::LazyLock;

use regex::Regex;

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::debugger_rules::{EMAIL_ADDRESS_PATTERN, PHONE_NUMBER_PATTERN, TRAINING_JOB_PREFIX_PATTERN};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::debugger::invalid-action",
    summary: "a rule action whose address, phone number or job prefix the rule library refuses",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "in `rules[].actions`: an `email.email_address` that is not `name@domain.tld` (lower-case letters \
               and digits before the `@`), an `sms.phone_number` not in E.164 form (`+` and up to 15 digits), or a \
               `stop_training.training_job_prefix` with characters other than letters, digits and hyphens.",
        why: "`smdebug_rulesconfig`'s `Email`, `SMS` and `StopTraining` check these patterns when they are built and \
              raise ValueError (smdebug_rulesconfig 1.0.1 `actions/utils.py`).",
        example: r"```yaml
rules:
- builtin: loss_not_decreasing
  actions:
  - email:
      email_address: ML-Team@example.com   # error: upper-case letters
```",
    },
    check,
};

/// One compiled pattern per action field (a pattern that failed to compile checks
/// nothing; `facts::debugger_rules`'s tests compile them).
static PATTERNS: LazyLock<[(&str, &str, Option<Regex>); 3]> = LazyLock::new(|| {
    let compile = |pattern: &str| Regex::new(pattern).ok();
    [
        ("email/email_address", "an address `name@domain.tld`", compile(EMAIL_ADDRESS_PATTERN)),
        ("sms/phone_number", "an E.164 number: `+` and up to 15 digits", compile(PHONE_NUMBER_PATTERN)),
        ("stop_training/training_job_prefix", "letters, digits and hyphens", compile(TRAINING_JOB_PREFIX_PATTERN)),
    ]
});

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (i, rule, _) in super::written(cx.manifest) {
        for (j, action) in rule.actions.iter().flatten().enumerate() {
            let values = [
                action.email.as_ref().and_then(|e| e.email_address.as_deref()),
                action.sms.as_ref().and_then(|s| s.phone_number.as_deref()),
                action.stop_training.as_ref().and_then(|s| s.training_job_prefix.as_deref()),
            ];
            for ((path, wants, pattern), value) in PATTERNS.iter().zip(values) {
                let Some(pattern) = pattern else { continue };
                let Some(value) = value.filter(|value| !pattern.is_match(value)) else { continue };
                out.push(
                    Finding::error(RULE.code, format!("`{value}` is not {wants}"))
                        .at(format!("/rules/{i}/actions/{j}/{path}"))
                        .with_label(format!("must be {wants}"))
                        .with_help("the rule library checks it when the action is built and raises ValueError"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    #[test]
    fn bad_addresses_numbers_and_prefixes_are_reported() {
        let yaml = "rules:\n- builtin: loss_not_decreasing\n  actions:\n  - email: {email_address: ML@example.com}\n  - sms: {phone_number: '555'}\n  - stop_training: {training_job_prefix: a_b}\n  - email: {email_address: ml@example.com}\n  - sms: {phone_number: '+15555550100'}\n  - stop_training: {}\n";
        assert_eq!(
            pointers(RULE.code, yaml),
            [
                "/rules/0/actions/0/email/email_address",
                "/rules/0/actions/1/sms/phone_number",
                "/rules/0/actions/2/stop_training/training_job_prefix"
            ]
        );
    }
}
