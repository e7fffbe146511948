//! `sagespec::tuning::keep-static-duplicate`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::{Context, Findings, TuningRule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: TuningRule = TuningRule {
    code: "sagespec::tuning::keep-static-duplicate",
    summary: "`hyperparameters_to_keep_static` names a hyperparameter twice",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "the same name twice in `hyperparameters_to_keep_static`.",
        why: "the SDK refuses the list (\"Please remove duplicate names in hyperparameters_to_keep_static\").",
        example: r"```yaml
autotune: true
hyperparameters_to_keep_static: [epochs, epochs]   # error: name it once
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let Some(keep) = &cx.tuning.hyperparameters_to_keep_static else {
        return;
    };
    for (i, name) in keep.iter().enumerate() {
        let Some(first) = keep[..i].iter().position(|earlier| earlier == name) else {
            continue;
        };
        out.tuning.push(
            Finding::error(RULE.code, format!("`{name}` is named twice"))
                .at(format!("/hyperparameters_to_keep_static/{i}"))
                .with_label("already named")
                .also(format!("/hyperparameters_to_keep_static/{first}"), "first named here")
                .with_help("remove the repeated name"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{here, run, tuning};
    use super::*;

    #[test]
    fn each_name_once() {
        let text = tuning("autotune: true\nhyperparameters_to_keep_static: [a, b, a]\n");
        assert_eq!(here(&run(&RULE, &text, None)), ["/hyperparameters_to_keep_static/2"]);
    }
}
