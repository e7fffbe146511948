//! `sagespec::api::duplicate-channel`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::channels::{CODE_CHANNEL, SINGLE_INPUT, channels};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::api::duplicate-channel",
    summary: "an input channel has the name of the model or code channel the SDK adds",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a channel under `inputs` with the name of a channel the SDK appends: the model channel \
               (`model_channel_name`, default `model`) when `model_uri` is given, or `code` under \
               `enable_network_isolation`. Also a model channel named `code`.",
        why: "the SDK refuses with \"Duplicate channel {name} not allowed.\" at `fit()` (facts §3.6); sagespec says \
              so before anything is uploaded.",
        example: r"```yaml
inputs:
  model: s3://bucket/base-model/     # error: model_uri's channel is named `model`
model_uri: s3://bucket/model.tar.gz
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let channels = channels(cx);
    if let Some(model) = channels.model {
        for channel in channels.user.iter().filter(|c| c.name == model) {
            let finding = if channel.pointer == SINGLE_INPUT {
                // `inputs` names no channel to rename; the model channel's name is the fix.
                duplicate(model, "/model_channel_name").also(SINGLE_INPUT, format!("channel `{model}`")).with_help(
                    format!("choose another `model_channel_name`: `inputs` is delivered as channel `{model}`"),
                )
            } else {
                duplicate(model, &channel.pointer).with_help(format!(
                    "rename this channel, or set `model_channel_name` to another name than `{model}`"
                ))
            };
            out.push(finding.also("/model_uri", format!("delivered as channel `{model}`")));
        }
    }
    if channels.code {
        for channel in channels.user.iter().filter(|c| c.name == CODE_CHANNEL) {
            out.push(
                duplicate(CODE_CHANNEL, &channel.pointer)
                    .also("/enable_network_isolation", "delivers the code as channel `code`")
                    .with_help("rename this channel: under network isolation the SDK delivers the code in a channel named `code`"),
            );
        }
        if channels.model == Some(CODE_CHANNEL) {
            out.push(
                duplicate(CODE_CHANNEL, "/model_channel_name")
                    .also("/enable_network_isolation", "delivers the code as channel `code`")
                    .with_help("choose another `model_channel_name`: under network isolation the SDK delivers the code in a channel named `code`"),
            );
        }
    }
}

/// The SDK's own message (`job.py` `_prepare_channel`), at the channel's key, or at the
/// `model_channel_name` value.
fn duplicate(name: &str, pointer: &str) -> Finding {
    let finding = Finding::error(RULE.code, format!("Duplicate channel {name} not allowed."));
    if pointer == "/model_channel_name" { finding.at(pointer) } else { finding.at_key(pointer) }
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::run;
    use super::*;

    #[test]
    fn reports_a_user_channel_named_like_the_model_channel() {
        let found = run(&RULE, "inputs:\n  model: s3://b/m/\nmodel_uri: s3://b/m.tar.gz\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "Duplicate channel model not allowed.");
        assert_eq!(found[0].pointer, "/inputs/model");
        let found = run(&RULE, "inputs: s3://b/t/\nmodel_uri: s3://b/m.tar.gz\nmodel_channel_name: training\n");
        assert_eq!(found[0].pointer, "/model_channel_name");
    }

    #[test]
    fn reports_code_under_network_isolation() {
        let text = "entry_point: train.py\nenable_network_isolation: true\ninputs:\n  code: s3://b/c/\n";
        assert_eq!(run(&RULE, text).len(), 1);
        let text = "entry_point: train.py\nenable_network_isolation: true\nmodel_uri: s3://b/m.tar.gz\nmodel_channel_name: code\n";
        assert_eq!(run(&RULE, text)[0].pointer, "/model_channel_name");
    }

    #[test]
    fn accepts_the_same_names_when_the_sdk_adds_no_channel() {
        assert!(run(&RULE, "inputs:\n  model: s3://b/m/\n  code: s3://b/c/\n").is_empty());
        assert!(
            run(&RULE, "inputs:\n  train: s3://b/t/\nmodel_uri: s3://b/m.tar.gz\nmodel_channel_name: pretrained\n")
                .is_empty()
        );
    }
}
