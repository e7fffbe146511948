//! `sagespec::api::too-many-hyperparameters`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::api_limits::MAX_HYPERPARAMETERS;
use crate::facts::reserved_hyperparameters::reserved_keys;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::api::too-many-hyperparameters",
    summary: "hyperparameters plus the SDK's reserved keys exceed the API's 100",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "the user's hyperparameters plus the ones the SDK adds come to more than the API's 100.",
        why: "`HyperParameters` holds at most 100 entries (facts §1.2), and the SDK adds 5 script-mode keys to every \
              job plus the keys of each distribution strategy and, for TensorFlow, `model_dir` (facts §3.1, §2.2). \
              Neither the SDK nor the schema counts those, so a job with 98 hyperparameters is refused by the \
              service at submit time. A user key with a reserved name counts once (the SDK overwrites it).",
        example: r"```yaml
hyperparameters:      # error with 96 or more keys: the SDK adds 5 (script mode)
  layer_0: 64
  # …
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(user) = &cx.manifest.hyperparameters else {
        return;
    };
    let reserved = reserved_keys(cx.manifest);
    let added = reserved.iter().filter(|key| !user.contains_key(**key)).count();
    let total = user.len() + added;
    if total <= MAX_HYPERPARAMETERS {
        return;
    }
    out.push(
        Finding::error(
            RULE.code,
            format!(
                "the job would have {total} hyperparameters ({} here plus {added} the SDK adds); the API allows at most {MAX_HYPERPARAMETERS}",
                user.len()
            ),
        )
        .at_key("/hyperparameters")
        .with_label(format!("{} keys", user.len()))
        .with_help(format!(
            "remove {} or pass them another way (one JSON-valued hyperparameter, or a config file in source_dir); the SDK adds: {}",
            total - MAX_HYPERPARAMETERS,
            reserved.join(", ")
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::run;
    use super::*;
    use std::fmt::Write as _;

    fn manifest(keys: usize) -> String {
        let mut text = String::from("framework: pytorch\nhyperparameters:\n");
        for i in 0..keys {
            writeln!(text, "  k{i}: {i}").expect("writing to a String");
        }
        text
    }

    #[test]
    fn counts_the_five_script_mode_keys() {
        assert!(run(&RULE, &manifest(95)).is_empty());
        let found = run(&RULE, &manifest(96));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/hyperparameters");
        assert!(found[0].message.starts_with("the job would have 101 hyperparameters (96 here plus 5"));
    }

    #[test]
    fn a_user_key_with_a_reserved_name_counts_once() {
        let text = manifest(95).replace("k0:", "sagemaker_program:");
        assert!(run(&RULE, &format!("{text}  k95: 1\n")).is_empty());
    }

    #[test]
    fn counts_distribution_keys() {
        let text = format!("{}distribution: {{mpi: {{enabled: true}}}}\n", manifest(94));
        assert_eq!(run(&RULE, &text).len(), 1);
    }
}
