//! The input channels a job will have: the user's (`inputs`) and the two the SDK appends,
//! `model_uri`'s model channel and, with network isolation, the `code` channel.
//!
//! Source: `reference/sagemaker-facts.md` §3.6 (sagemaker 2.257.7 `job.py`
//! `_Job._load_config`, `_prepare_channel`; `estimator.py` `_TrainingJob.start_new`).
//! Read from the document, so channels the schema rejected still count.

pub use crate::facts::channels::{CODE_CHANNEL, DEFAULT_CHANNEL, DEFAULT_MODEL_CHANNEL};
use crate::rules::Context;
use crate::source::document::push_token;
use crate::source::{Node, Value};

/// Where a single (unnamed) input is written; it is delivered as [`DEFAULT_CHANNEL`].
pub const SINGLE_INPUT: &str = "/inputs";

/// One channel the user wrote, and where.
pub struct UserChannel<'a> {
    /// Its name.
    pub name: &'a str,
    /// The pointer of its definition (`/inputs/<name>`, or `/inputs` for a single one).
    pub pointer: String,
}

/// The channels of the job.
pub struct Channels<'a> {
    /// The channels of `inputs`, in order.
    pub user: Vec<UserChannel<'a>>,
    /// The model channel's name, with `model_uri`.
    pub model: Option<&'a str>,
    /// Whether the SDK appends the `code` channel.
    pub code: bool,
}

impl Channels<'_> {
    /// How many channels the request will list.
    pub fn count(&self) -> usize {
        self.user.len() + usize::from(self.model.is_some()) + usize::from(self.code)
    }
}

/// The job's channels, as the SDK will build them.
pub fn channels<'a>(cx: &Context<'a>) -> Channels<'a> {
    let user = match cx.document.root.entry("inputs").map(|e| &e.value) {
        // A map of channels (a single TrainingInput has `s3_data`).
        Some(node @ Node { value: Value::Map(entries), .. }) if node.entry("s3_data").is_none() => entries
            .iter()
            .map(|e| UserChannel { name: e.key.as_str(), pointer: push_token("/inputs", &e.key) })
            .collect(),
        Some(Node { value: Value::String(_) | Value::Map(_), .. }) => {
            vec![UserChannel { name: DEFAULT_CHANNEL, pointer: SINGLE_INPUT.to_owned() }]
        }
        _ => Vec::new(),
    };
    let text = |key: &str| match cx.document.root.entry(key).map(|e| &e.value.value) {
        Some(Value::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let model = text("model_uri").map(|_| text("model_channel_name").unwrap_or(DEFAULT_MODEL_CHANNEL));
    let code = cx.manifest.enable_network_isolation == Some(true) && text("entry_point").is_some();
    Channels { user, model, code }
}
