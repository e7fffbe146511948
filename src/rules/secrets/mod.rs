//! Rules that keep credentials out of job definitions: anyone who can describe a training
//! job (`sagemaker:DescribeTrainingJob`, the console, CloudTrail) reads its environment
//! and hyperparameters in clear text, for as long as the job record exists.
//!
//! Every rule looks at the same places, through [`scan`](crate::rules::support::scan): each string under
//! `environment` and `hyperparameters` (nested hyperparameter values included), with the
//! name of the key that holds it. A finding names that key and never repeats the value.

use super::Rule;

pub mod aws_access_key_id;
pub mod aws_secret_access_key;
pub mod aws_session_token;

/// The secrets rules, in the order they run.
pub const RULES: &[Rule] = &[aws_access_key_id::RULE, aws_secret_access_key::RULE, aws_session_token::RULE];

/// What every secrets finding tells the user to do instead.
const HELP: &str = "remove it and grant the job's IAM role (`role`) the access instead; inside a training job the AWS SDKs pick up the role's temporary credentials automatically. Then rotate the credential: it has been in this file";
