//! `sagespec::script::channel-not-defined`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use std::collections::HashSet;

use super::super::support::channels::channels;
use super::super::support::view::written;
use super::super::{Context, Rule};
use super::{analysis, label_in};
use crate::diagnostic::Finding;
use crate::facts::training_script::{CHANNEL_DATA_DIR, CHANNEL_ENV_PREFIX};
use crate::schema::did_you_mean;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::script::channel-not-defined",
    summary: "the script reads a channel the job does not define",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "a training script (or a local module it imports) that names a channel the job does not have: by \
               its environment variable (`SM_CHANNEL_VALIDATION`, the channel's name in upper case) or by its \
               folder (`/opt/ml/input/data/validation`), as a string literal. The job's channels are its \
               `inputs`, and the ones the SDK adds (`model_uri`'s model channel, the `code` channel under \
               network isolation).",
        why: "SageMaker sets a channel's variable and fills its folder only for the channels the job defines: the \
              script finds no variable (a `KeyError`) or an empty folder, after the instances have started. A \
              warning: the script may read it only when present.",
        example: r"```yaml
inputs:                   # warning: src/train.py reads SM_CHANNEL_VALIDATION
  train: s3://my-bucket/train/
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(analysis) = analysis(cx) else {
        return;
    };
    let job = channels(cx);
    let mut defined: Vec<&str> = job.user.iter().map(|c| c.name).collect();
    defined.extend(job.model);
    if job.code {
        defined.push(crate::facts::channels::CODE_CHANNEL);
    }
    let mut reported = HashSet::new();
    for (file, read) in analysis.channel_reads() {
        let found = if read.by_env {
            defined.iter().any(|name| name.to_uppercase() == read.name)
        } else {
            defined.contains(&read.name.as_str())
        };
        if found || !reported.insert(read.name.to_lowercase()) {
            continue;
        }
        let channel = if read.by_env { read.name.to_lowercase() } else { read.name.clone() };
        let how = if read.by_env {
            format!("{CHANNEL_ENV_PREFIX}{}", read.name)
        } else {
            format!("{CHANNEL_DATA_DIR}{}", read.name)
        };
        let message = format!("`{}` reads channel `{channel}` ({how}), which the job does not define", file.shown);
        let finding = Finding::warning(RULE.code, message);
        let finding = if written(cx, "/inputs") {
            finding.at_key("/inputs").with_label(format!("no `{channel}` channel here"))
        } else {
            finding.at("/entry_point").with_label("the job defines no channels")
        };
        let help = match did_you_mean(&channel, defined.iter().copied()) {
            Some(close) => format!("did the script mean `{close}`? else add `{channel}: s3://…` under `inputs`"),
            None => format!("add `{channel}: s3://…` under `inputs`, or stop reading it in the script"),
        };
        out.push(label_in(finding, file, read.site, format!("reads channel `{channel}`")).with_help(help));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use super::RULE;

    const JOB: &str = "instance_type: ml.g5.2xlarge\ninstance_count: 1\ninputs:\n  train: s3://b/train/\n";

    #[test]
    fn channels_read_by_variable_or_folder_must_be_defined() {
        let script = "import os\ntrain = os.environ['SM_CHANNEL_TRAIN']\nval = os.environ['SM_CHANNEL_VALIDATION']\n\
                      test = '/opt/ml/input/data/test'\nagain = os.environ.get('SM_CHANNEL_VALIDATION')\n";
        let found = findings(RULE.code, JOB, script);
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(found.len(), 2, "{messages:?}");
        assert!(messages[0].contains("channel `validation` (SM_CHANNEL_VALIDATION)"), "{messages:?}");
        assert!(messages[1].contains("channel `test` (/opt/ml/input/data/test)"), "{messages:?}");
        assert!(found.iter().all(|f| f.pointer == "/inputs"));
    }

    #[test]
    fn the_sdks_channels_count_and_without_inputs_the_finding_is_at_entry_point() {
        let model = format!("{JOB}model_uri: s3://b/model.tar.gz\n");
        assert!(findings(RULE.code, &model, "p = '/opt/ml/input/data/model'\n").is_empty());
        let no_inputs = "instance_type: ml.g5.2xlarge\ninstance_count: 1\n";
        assert_eq!(findings(RULE.code, no_inputs, "p = '/opt/ml/input/data/train'\n")[0].pointer, "/entry_point");
    }
}
