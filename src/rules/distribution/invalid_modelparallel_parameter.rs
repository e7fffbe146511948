//! `sagespec::distribution::invalid-modelparallel-parameter`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use indexmap::IndexMap;
use serde_json::Value as Json;

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::{MpRelation, MpValue, SMP_V1_RELATIONS, smp_v1_parameter};
use crate::rules::support::view;
use crate::source::document::push_token;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::invalid-modelparallel-parameter",
    summary: "an SMP model-parallel parameter has a value the SDK refuses",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an SMP parameter under `smdistributed.modelparallel.parameters` with a value the SDK refuses, or a \
               broken relation between two of them, when model parallelism is enabled: e.g. `pipeline: fast`, \
               `microbatches: 0`, `ddp: \"yes\"`, `memory_weight: 2`, `ddp_port` without `ddp`, `horovod` and `ddp` \
               both on, `default_partition` not below `partitions`. The checks are the table `SMP_V1_PARAMETERS` / \
               `SMP_V1_RELATIONS` in `crate::facts::distribution`; other keys (e.g. SMP v2's) pass unchecked.",
        why: "the SDK refuses these (facts §2.5 `validate_mp_config`), and a bad value that slipped through would \
              only fail inside the training container.",
        example: r"```yaml
distribution:
  smdistributed:
    modelparallel:
      enabled: true
      parameters:
        partitions: 2
        microbatches: 0               # error: must be a positive integer
```",
    },
    check,
};

const PARAMETERS: &str = "/distribution/smdistributed/modelparallel/parameters";

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(modelparallel) =
        view::distribution(cx).and_then(|d| d.smdistributed.as_ref()).and_then(|s| s.modelparallel.as_ref())
    else {
        return;
    };
    let Some(parameters) = modelparallel.parameters.as_ref().filter(|_| view::on(modelparallel.enabled)) else {
        return;
    };
    for (name, value) in parameters {
        let Some(expected) = smp_v1_parameter(name).map(|p| p.value) else {
            continue;
        };
        if let Some(want) = mismatch(expected, value) {
            out.push(
                Finding::error(RULE.code, format!("SMP parameter `{name}` must be {want}, not {value}"))
                    .at(push_token(PARAMETERS, name))
                    .with_label(format!("must be {want}"))
                    .with_help(format!("set `{name}` to {want}")),
            );
        }
    }
    for relation in SMP_V1_RELATIONS {
        if let Some(finding) = broken(*relation, parameters) {
            out.push(finding);
        }
    }
}

/// What `value` should be, when it is not what `expected` allows.
fn mismatch(expected: MpValue, value: &Json) -> Option<String> {
    let ok = match expected {
        MpValue::OneOf(options) => value.as_str().is_some_and(|s| options.contains(&s)),
        MpValue::PositiveInteger => value.as_i64().is_some_and(|n| n >= 1),
        MpValue::Boolean => value.is_boolean(),
        MpValue::Text => value.is_string(),
        MpValue::Fraction => value.as_f64().is_some_and(|f| (0.0..=1.0).contains(&f)),
        MpValue::Port => value.as_i64().is_some_and(|n| (0..=65535).contains(&n)),
        MpValue::Any => true,
    };
    (!ok).then(|| match expected {
        MpValue::OneOf(options) => format!("one of {}", view::listed(options)),
        MpValue::PositiveInteger => "a positive integer".to_owned(),
        MpValue::Boolean => "`true` or `false`".to_owned(),
        MpValue::Text => "a string (a file path)".to_owned(),
        MpValue::Fraction => "a number from 0.0 to 1.0".to_owned(),
        MpValue::Port => "a port number (an integer from 0 to 65535)".to_owned(),
        MpValue::Any => String::new(),
    })
}

/// The finding for a relation `parameters` breaks.
fn broken(relation: MpRelation, parameters: &IndexMap<String, Json>) -> Option<Finding> {
    let at = |key: &str| push_token(PARAMETERS, key);
    let error =
        |key: &str, message: String, help: String| Finding::error(RULE.code, message).at_key(at(key)).with_help(help);
    match relation {
        MpRelation::Requires { key, other } => {
            (parameters.contains_key(key) && !parameters.contains_key(other)).then(|| {
                error(
                    key,
                    format!("SMP parameter `{key}` needs `{other}` to be set as well"),
                    format!("add `{other}: true`, or remove `{key}`"),
                )
            })
        }
        MpRelation::RequiredWhenFalse { key, other } => {
            (parameters.get(key) == Some(&Json::Bool(false)) && !parameters.contains_key(other)).then(|| {
                error(
                    key,
                    format!("SMP parameter `{key}: false` needs `{other}`"),
                    format!("add `{other}:` with the partition to place unassigned modules on, or set `{key}: true`"),
                )
            })
        }
        MpRelation::LessThan { key, other } => {
            let value = parameters.get(key)?;
            match parameters.get(other) {
                None => Some(error(
                    key,
                    format!("SMP parameter `{key}` needs `{other}`"),
                    format!("add `{other}:` with the number of partitions"),
                )),
                Some(bound) => (value.as_f64()? >= bound.as_f64()?).then(|| {
                    error(
                        key,
                        format!("SMP parameter `{key}` ({value}) must be less than `{other}` ({bound})"),
                        format!("set `{key}` to a partition index from 0 to {other} - 1"),
                    )
                    .also(at(other), "the bound")
                }),
            }
        }
        MpRelation::Exclusive { key, other } => {
            let on = |k: &str| parameters.get(k) == Some(&Json::Bool(true));
            (on(key) && on(other)).then(|| {
                error(
                    other,
                    format!("SMP parameters `{key}` and `{other}` cannot both be enabled"),
                    format!("set one of `{key}` and `{other}` to false"),
                )
                .also(at(key), "also enabled")
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(value: &Json) -> IndexMap<String, Json> {
        serde_json::from_value(value.clone()).unwrap_or_default()
    }

    #[test]
    fn values_are_checked_against_their_kind() {
        assert!(mismatch(MpValue::PositiveInteger, &json!(0)).is_some());
        assert!(mismatch(MpValue::PositiveInteger, &json!(2.5)).is_some());
        assert!(mismatch(MpValue::PositiveInteger, &json!(true)).is_some());
        assert!(mismatch(MpValue::PositiveInteger, &json!(4)).is_none());
        assert!(mismatch(MpValue::Boolean, &json!("yes")).is_some());
        assert!(mismatch(MpValue::Fraction, &json!(1.5)).is_some());
        assert!(mismatch(MpValue::Fraction, &json!(1)).is_none());
        assert!(mismatch(MpValue::Port, &json!(-1)).is_some());
        assert!(mismatch(MpValue::OneOf(&["simple"]), &json!("fast")).is_some());
    }

    #[test]
    fn relations_between_parameters() {
        let ddp_port_alone = params(&json!({"ddp_port": 1234}));
        assert!(broken(MpRelation::Requires { key: "ddp_port", other: "ddp" }, &ddp_port_alone).is_some());
        let both = params(&json!({"horovod": true, "ddp": true}));
        assert!(broken(MpRelation::Exclusive { key: "horovod", other: "ddp" }, &both).is_some());
        let ordered = params(&json!({"default_partition": 1, "partitions": 2}));
        assert!(broken(MpRelation::LessThan { key: "default_partition", other: "partitions" }, &ordered).is_none());
        let equal = params(&json!({"default_partition": 2, "partitions": 2}));
        assert!(broken(MpRelation::LessThan { key: "default_partition", other: "partitions" }, &equal).is_some());
        let off = params(&json!({"auto_partition": false}));
        assert!(
            broken(MpRelation::RequiredWhenFalse { key: "auto_partition", other: "default_partition" }, &off).is_some()
        );
    }
}
