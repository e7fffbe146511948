//! `sagespec::api::too-many-channels`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::api_limits::MAX_CHANNELS;
use crate::rules::support::channels::{CODE_CHANNEL, channels};

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::api::too-many-channels",
    summary: "more than 20 input channels, counting the model and code channels",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "more than 20 input channels, counting the ones the SDK appends: the model channel (`model_uri`) and \
               the `code` channel (`enable_network_isolation`).",
        why: "`InputDataConfig` holds at most 20 channels (facts §1.2); the schema counts only the channels written \
              under `inputs`, and the SDK counts nothing (facts §3.6).",
        example: r"```yaml
inputs: { c1: s3://b/1, …, c20: s3://b/20 }
model_uri: s3://b/model.tar.gz     # error: a 21st channel
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let channels = channels(cx);
    let total = channels.count();
    if total <= MAX_CHANNELS {
        return;
    }
    let mut extra = Vec::new();
    if let Some(model) = channels.model {
        extra.push(format!("`{model}` for model_uri"));
    }
    if channels.code {
        extra.push(format!("`{CODE_CHANNEL}` for network isolation"));
    }
    let pointer = if channels.user.is_empty() { "" } else { "/inputs" };
    let mut finding = Finding::error(
        RULE.code,
        format!("the job would have {total} input channels; the API allows at most {MAX_CHANNELS}"),
    )
    .at_key(pointer)
    .with_label(match channels.user.len() {
        1 => "1 channel".to_owned(),
        n => format!("{n} channels"),
    })
    .with_help(format!(
        "merge channels (one S3 prefix can hold several datasets); inputs has {}{}",
        channels.user.len(),
        if extra.is_empty() { String::new() } else { format!(", and the SDK adds {}", extra.join(" and ")) }
    ));
    if channels.model.is_some() {
        finding = finding.also("/model_uri", "adds a channel");
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::super::testing::run;
    use super::*;
    use std::fmt::Write as _;

    fn inputs(n: usize) -> String {
        let mut text = String::from("entry_point: train.py\ninputs:\n");
        for i in 0..n {
            writeln!(text, "  c{i}: s3://b/{i}").expect("writing to a String");
        }
        text
    }

    #[test]
    fn counts_the_model_and_code_channels() {
        assert!(run(&RULE, &inputs(19)).is_empty());
        assert!(run(&RULE, &format!("{}model_uri: s3://b/m.tar.gz\n", inputs(19))).is_empty());
        let text = format!("{}model_uri: s3://b/m.tar.gz\nenable_network_isolation: true\n", inputs(19));
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/inputs");
        assert!(found[0].message.contains("21 input channels"));
    }

    #[test]
    fn counts_channels_the_schema_rejected() {
        assert_eq!(run(&RULE, &inputs(21)).len(), 1);
    }
}
