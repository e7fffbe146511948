//! `sagespec::distribution::enabled-not-boolean`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;
use crate::source::Value;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::enabled-not-boolean",
    summary: "a strategy's `enabled` is not true or false",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an `enabled` anywhere under `distribution` whose value is not `true` or `false`: a string such as \
               `\"yes\"` or `\"false\"`, a number, a list. This refines the schema's type error at the same pointer.",
        why: "the SDK does not type-check `enabled` (facts §2.6): it passes the value to the container, and any \
              truthy value turns the strategy on, so `enabled: \"false\"` enables it. A quoted boolean is almost \
              always a mistake whose effect is the opposite of what it says.",
        example: r#"```yaml
distribution:
  mpi:
    enabled: "false"                  # error: write false, without quotes
```"#,
    },
    check,
};

/// Every strategy block that has an `enabled` switch.
const SWITCHED: &[&str] = &[
    "/distribution/smdistributed/dataparallel",
    "/distribution/smdistributed/modelparallel",
    "/distribution/mpi",
    "/distribution/parameter_server",
    "/distribution/torch_distributed",
    "/distribution/pytorchddp",
    "/distribution/multi_worker_mirrored_strategy",
];

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for block in SWITCHED {
        let pointer = format!("{block}/enabled");
        let Some(node) = cx.document.node(&pointer) else {
            continue;
        };
        let Some((written, truthy)) = describe(&node.value) else {
            continue;
        };
        let effect = if truthy { "turns the strategy on" } else { "leaves the strategy off" };
        out.push(
            Finding::error(RULE.code, format!("`enabled` must be true or false, not {written}"))
                .at(pointer)
                .with_label(format!("the SDK reads this as {truthy} and {effect}"))
                .with_help(format!(
                    "write `enabled: true` or `enabled: false` (no quotes) under {}; the SageMaker SDK does not check this value and treats anything truthy, such as \"yes\" or even the string \"false\", as enabled",
                    view::dotted(block)
                )),
        );
    }
}

/// How a non-boolean value reads to the user, and whether Python finds it truthy;
/// `None` for booleans and for an empty value (which counts as unset).
fn describe(value: &Value) -> Option<(String, bool)> {
    Some(match value {
        Value::Null | Value::Bool(_) => return None,
        Value::String(s) => (format!("the string \"{s}\""), !s.is_empty()),
        Value::Int(i) => (format!("the number {i}"), *i != 0),
        Value::BigInt(digits) => (format!("the number {digits}"), true),
        Value::Float(f) => (format!("the number {f}"), *f != 0.0),
        Value::Seq(items) => ("a list".to_owned(), !items.is_empty()),
        Value::Map(entries) => ("a mapping".to_owned(), !entries.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_truthy_even_when_they_say_false() {
        assert_eq!(describe(&Value::String("false".into())), Some(("the string \"false\"".into(), true)));
        assert_eq!(describe(&Value::String(String::new())).map(|d| d.1), Some(false));
        assert_eq!(describe(&Value::Int(0)).map(|d| d.1), Some(false));
        assert_eq!(describe(&Value::Bool(true)), None);
        assert_eq!(describe(&Value::Null), None);
    }
}
