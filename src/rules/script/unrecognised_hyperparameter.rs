//! `sagespec::script::unrecognised-hyperparameter`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::{analysis, label_in};
use crate::diagnostic::Finding;
use crate::facts::reserved_hyperparameters::reserved_keys;
use crate::facts::reserved_hyperparameters::script::MODEL_DIR;
use crate::facts::training_script::SAGEMAKER_PREFIX;
use crate::schema::did_you_mean;
use crate::script::argparse::Taken;
use crate::source::Value;
use crate::source::document::push_token;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::script::unrecognised-hyperparameter",
    summary: "a hyperparameter the script's argument parser does not accept",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a key of `hyperparameters` that the training script's argparse parser neither declares nor \
               abbreviates, when the script reads its arguments with `parse_args()` (not `parse_known_args()`). \
               Checked only when every option of that parser is known: options written as literals, a parser \
               never handed to other code, without `parents` or subcommands, and the whole code read (no dynamic \
               imports). `sagemaker_*` keys are left alone. For TensorFlow the SDK also passes `--model_dir` (unless \
               `model_dir: false`), so the script must accept it too.",
        why: "SageMaker passes every hyperparameter to the entry point as `--name value`. `parse_args()` exits at \
              once with \"unrecognized arguments: --name\" (or \"ambiguous option\" for a prefix of several \
              options), after the instances have started and the data has downloaded. Underscores and hyphens \
              differ: `--batch-size` does not accept `batch_size`.",
        example: r"```yaml
hyperparameters:
  learning-rate: 0.001    # error: the script declares --learning_rate, not --learning-rate
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let entries = match cx.document.node("/hyperparameters").map(|n| &n.value) {
        Some(Value::Map(entries)) => entries.as_slice(),
        _ => &[],
    };
    let sdk_adds_model_dir = reserved_keys(cx.manifest).contains(&MODEL_DIR);
    if entries.is_empty() && !sdk_adds_model_dir {
        return;
    }
    let Some(analysis) = analysis(cx).filter(|a| a.complete) else {
        return;
    };
    // The first parser that reads sys.argv strictly: it alone already refuses what it does not declare.
    let Some((file, parser, parse)) = analysis.parsers().find_map(|(file, parser)| {
        let parse = parser.strict_parses.first().filter(|_| parser.known)?;
        Some((file, parser, *parse))
    }) else {
        return;
    };
    for entry in entries.iter().filter(|e| !e.key.starts_with(SAGEMAKER_PREFIX)) {
        let name = entry.key.as_str();
        let option = format!("--{name}");
        let (message, label) = match parser.takes(&option) {
            Taken::Declared | Taken::Abbreviates(_) => continue,
            Taken::Ambiguous(options) => (
                format!(
                    "hyperparameter `{name}` is ambiguous in `{}`: `{option}` could be {}",
                    file.shown,
                    options.join(", ")
                ),
                "ambiguous option".to_owned(),
            ),
            Taken::Unrecognised => (
                format!("`{}` does not accept hyperparameter `{name}`", file.shown),
                format!("the script has no `{option}` option"),
            ),
        };
        let help = match did_you_mean(name, parser.long_names()) {
            Some(close) => format!("did you mean `{close}`? the script declares `--{close}`"),
            None => format!(
                "declare it in the script (`parser.add_argument(\"{option}\")`), read arguments with \
                 `parse_known_args()`, or remove it"
            ),
        };
        let finding = Finding::error(RULE.code, message)
            .at_key(push_token("/hyperparameters", name))
            .with_label(label)
            .with_help(help);
        out.push(label_in(
            finding,
            file,
            parse,
            "exits with \"unrecognized arguments\" on any option it does not declare",
        ));
    }
    let written_by_user = entries.iter().any(|e| e.key == MODEL_DIR);
    let option = format!("--{MODEL_DIR}");
    if sdk_adds_model_dir && !written_by_user && parser.takes(&option) == Taken::Unrecognised {
        let pointer = if cx.document.node("/model_dir").is_some() { "/model_dir" } else { "/framework" };
        let finding = Finding::error(
            RULE.code,
            format!("`{}` does not accept `{option}`, which the SDK passes to every TensorFlow script", file.shown),
        )
        .at(pointer)
        .with_label(format!("the SDK adds the `{MODEL_DIR}` hyperparameter"))
        .with_help(format!(
            "declare it in the script (`parser.add_argument(\"{option}\")`), or set `model_dir: false` to leave it out"
        ));
        out.push(label_in(
            finding,
            file,
            parse,
            "exits with \"unrecognized arguments\" on any option it does not declare",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use super::RULE;

    const ONE_GPU: &str = "instance_type: ml.g5.2xlarge\ninstance_count: 1\n";
    const SCRIPT: &str = "import argparse\nparser = argparse.ArgumentParser()\n\
                          parser.add_argument(\"--epochs\", type=int)\nparser.add_argument(\"--learning_rate\")\n\
                          args = parser.parse_args()\n";

    fn with(hyperparameters: &str) -> String {
        format!("{ONE_GPU}hyperparameters:\n{hyperparameters}")
    }

    #[test]
    fn an_undeclared_hyperparameter_is_an_error_at_its_key_with_did_you_mean() {
        let found = findings(RULE.code, &with("  epochs: 1\n  learning-rate: 0.1\n"), SCRIPT);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/hyperparameters/learning-rate");
        assert!(found[0].help.as_deref().unwrap_or_default().contains("`learning_rate`"));
        assert_eq!(found[0].related[0].path, "src/train.py");
    }

    #[test]
    fn a_tensorflow_script_must_accept_the_model_dir_the_sdk_passes() {
        use super::super::testing::{TENSORFLOW, findings_in};
        let found = findings_in(TENSORFLOW, RULE.code, ONE_GPU, SCRIPT);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/framework");
        let without = format!("{ONE_GPU}model_dir: false\n");
        assert!(findings_in(TENSORFLOW, RULE.code, &without, SCRIPT).is_empty());
        let declared = SCRIPT.replace("args = parser", "parser.add_argument(\"--model_dir\")\nargs = parser");
        assert!(findings_in(TENSORFLOW, RULE.code, ONE_GPU, &declared).is_empty());
    }

    #[test]
    fn abbreviations_sagemaker_keys_and_lenient_parsers_pass() {
        assert!(findings(RULE.code, &with("  ep: 1\n  sagemaker_program: x\n"), SCRIPT).is_empty());
        let lenient = SCRIPT.replace("parse_args()", "parse_known_args()");
        assert!(findings(RULE.code, &with("  other: 1\n"), &lenient).is_empty());
        let dynamic = format!("{SCRIPT}parser.add_argument(*names)\n");
        assert!(findings(RULE.code, &with("  other: 1\n"), &dynamic).is_empty());
    }
}
