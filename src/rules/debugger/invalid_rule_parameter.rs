//! `sagespec::debugger::invalid-rule-parameter`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::api_limits::{MAX_RULE_PARAMETER_VALUE_CHARS, MAX_RULE_PARAMETERS};
use crate::facts::debugger_rules::{
    Check, PROFILER_REPORT, PROFILER_RULES, Parameter, RULE_TO_INVOKE, debugger_rule, profiler_rule,
};
use crate::job::python_str;
use crate::schema::suggest::did_you_mean;
use crate::spec::RuleParameterValue;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::debugger::invalid-rule-parameter",
    summary: "a rule parameter the built-in rule does not take, or a value it refuses",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "in `rules[].rule_parameters`: `rule_to_invoke`; a parameter a Profiler rule has no keyword for (for \
               `ProfilerReport`, a key that is not `<Rule>_<parameter>` of another Profiler rule); a percentile \
               outside 0–100 or a count that is not above 0; a Debugger rule parameter that is not text; more than \
               100 parameters, or a value longer than 256 characters.",
        why: "`Rule.sagemaker` raises RuntimeError for `rule_to_invoke`; each Profiler rule class takes only its own \
              keyword arguments (TypeError otherwise) and checks them with `validate_percentile` / \
              `validate_positive_integer` (smdebug_rulesconfig 1.0.1 `profiler_rules/rules.py`); a Debugger rule \
              sends its parameters as given, and botocore refuses a value that is not a string; the API holds at \
              most 100 parameters of at most 256 characters (facts §1.2).",
        example: r"```yaml
rules:
- builtin: CPUBottleneck
  rule_parameters:
    treshold: 40        # error: did you mean `threshold`?
    cpu_threshold: 120  # error: a percentile, 0–100
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (i, rule, builtin) in super::written(cx.manifest) {
        let Some(parameters) = &rule.rule_parameters else { continue };
        let base = format!("/rules/{i}/rule_parameters");
        if parameters.len() > MAX_RULE_PARAMETERS {
            out.push(
                Finding::error(
                    RULE.code,
                    format!("{} rule parameters; the API takes at most {MAX_RULE_PARAMETERS}", parameters.len()),
                )
                .at_key(&base)
                .with_label("too many parameters"),
            );
        }
        for (key, value) in parameters {
            let pointer = crate::source::document::push_token(&base, key);
            let problem = problem(builtin, key, value);
            let text = python_str(value);
            let problem = problem.or_else(|| {
                (text.chars().count() > MAX_RULE_PARAMETER_VALUE_CHARS).then(|| Problem {
                    message: format!(
                        "`{key}` is {} characters; a rule parameter holds at most {MAX_RULE_PARAMETER_VALUE_CHARS}",
                        text.chars().count()
                    ),
                    help: "shorten the value".to_owned(),
                    at_key: false,
                })
            });
            if let Some(problem) = problem {
                let finding = Finding::error(RULE.code, problem.message).with_help(problem.help);
                out.push(if problem.at_key { finding.at_key(pointer) } else { finding.at(pointer) });
            }
        }
    }
}

struct Problem {
    message: String,
    help: String,
    at_key: bool,
}

fn problem(builtin: &str, key: &str, value: &RuleParameterValue) -> Option<Problem> {
    if key == RULE_TO_INVOKE {
        return Some(Problem {
            message: "a built-in rule sets `rule_to_invoke` itself".to_owned(),
            help: "remove `rule_to_invoke`; the SDK raises \"You cannot provide a 'rule_to_invoke' for SageMaker \
                   rules.\""
                .to_owned(),
            at_key: true,
        });
    }
    if debugger_rule(builtin).is_some() {
        return (!matches!(value, RuleParameterValue::Text(_))).then(|| Problem {
            message: format!("Debugger rule parameter `{key}` must be text"),
            help: format!(
                "quote it: `{key}: \"{}\"` (botocore refuses a value that is not a string)",
                python_str(value)
            ),
            at_key: false,
        });
    }
    let profiler = profiler_rule(builtin)?;
    if profiler.name == PROFILER_REPORT {
        return report_problem(key, value);
    }
    parameter_problem(profiler.name, profiler.parameters, key, value)
}

/// `ProfilerReport`'s keys: `<Rule>_<parameter>`, the rule matched without regard to case.
fn report_problem(key: &str, value: &RuleParameterValue) -> Option<Problem> {
    let names = || PROFILER_RULES.iter().filter(|r| r.name != PROFILER_REPORT).map(|r| r.name);
    let target = key.split_once('_').and_then(|(rule, parameter)| {
        PROFILER_RULES
            .iter()
            .find(|r| r.name != PROFILER_REPORT && r.name.eq_ignore_ascii_case(rule))
            .map(|r| (r, parameter.to_ascii_lowercase()))
    });
    let Some((rule, parameter)) = target else {
        return Some(Problem {
            message: format!("`{key}` does not name another Profiler rule's parameter"),
            help: format!(
                "`ProfilerReport` takes `<Rule>_<parameter>` keys, for example `CPUBottleneck_threshold`; the rules \
                 are {}",
                names().collect::<Vec<_>>().join(", ")
            ),
            at_key: true,
        });
    };
    parameter_problem(rule.name, rule.parameters, &parameter, value)
}

fn parameter_problem(rule: &str, parameters: &[Parameter], key: &str, value: &RuleParameterValue) -> Option<Problem> {
    let Some(parameter) = parameters.iter().find(|p| p.name == key) else {
        let names: Vec<&str> = parameters.iter().map(|p| p.name).collect();
        let help = match did_you_mean(key, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("`{rule}` takes {}", names.join(", ")),
        };
        return Some(Problem { message: format!("`{rule}` has no parameter `{key}`"), help, at_key: true });
    };
    let number = match value {
        RuleParameterValue::Number(number) => number.as_f64(),
        _ => None,
    };
    let (fits, wants) = match parameter.check {
        Check::Percentile => (number.is_some_and(|n| (0.0..=100.0).contains(&n)), "a percentile, from 0 to 100"),
        Check::PositiveInteger => (number.is_some_and(|n| n > 0.0), "a number above 0"),
        Check::StringOrNone => (matches!(value, RuleParameterValue::Text(_)), "text"),
    };
    (!fits).then(|| Problem {
        message: format!("`{rule}`'s `{key}` must be {wants}"),
        help: format!("`{rule}` checks it when the rule is built (smdebug_rulesconfig `profiler_rules/rules.py`)"),
        at_key: false,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pointers};
    use super::RULE;

    #[test]
    fn unknown_and_out_of_range_profiler_parameters() {
        let yaml = "rules:\n- builtin: CPUBottleneck\n  rule_parameters:\n    treshold: 40\n    cpu_threshold: 120\n    patience: 10\n";
        let found = findings(RULE.code, yaml);
        assert_eq!(
            found.iter().map(|f| f.pointer.as_str()).collect::<Vec<_>>(),
            ["/rules/0/rule_parameters/treshold", "/rules/0/rule_parameters/cpu_threshold"]
        );
        assert!(found[0].help.as_deref().is_some_and(|h| h.contains("`threshold`")));
    }

    #[test]
    fn profiler_report_keys_name_other_rules() {
        let yaml = "rules:\n- builtin: ProfilerReport\n  rule_parameters:\n    cpubottleneck_threshold: 40\n    Nothing_here: 1\n    LowGPUUtilization_window: 0\n";
        assert_eq!(
            pointers(RULE.code, yaml),
            ["/rules/0/rule_parameters/Nothing_here", "/rules/0/rule_parameters/LowGPUUtilization_window"]
        );
    }

    #[test]
    fn debugger_rules_take_text_and_never_rule_to_invoke() {
        let yaml = "rules:\n- builtin: vanishing_gradient\n  rule_parameters:\n    threshold: 0.1\n    rule_to_invoke: X\n    ok: \"1\"\n";
        assert_eq!(
            pointers(RULE.code, yaml),
            ["/rules/0/rule_parameters/threshold", "/rules/0/rule_parameters/rule_to_invoke"]
        );
    }
}
